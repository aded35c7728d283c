// The generic section/variable engine (config.md §2): nesting, inheritance, defaults,
// validation, mandatory items. It knows nothing of SmokePing's sections.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/config/detail/grammar.hpp"
#include "src/config/detail/line_reader.hpp"

namespace smokeping::config::detail {

class Engine : public LineSink {
 public:
  Engine(RulePtr root, const std::string& top_file, CheckEnv env);

  void header(int level, std::string name, const core::SourceLoc& loc) override;
  void assignment(std::string key, std::string value, const core::SourceLoc& loc) override;
  void table_row(std::vector<std::string> cells, const core::SourceLoc& loc) override;
  void start_of_file(const std::string& path) override { files_.push_back(path); }
  void end_of_file(const core::SourceLoc& loc) override;

  // Closes every open section, checks the mandatory items and hands over the tree.
  std::unique_ptr<RawSection> finish();

  // Every file read so far, in reading order: the top file first.
  const std::vector<std::string>& files() const { return files_; }

 private:
  void open_section(std::string name, const core::SourceLoc& loc);
  void close_section();
  void check_mandatory(const RawSection& section, const std::string& path) const;
  [[noreturn]] void fail(const core::SourceLoc& loc, std::string message) const;

  std::unique_ptr<RawSection> root_;
  std::vector<Frame> stack_;  // stack_[0] is level 0, the file itself
  CheckEnv env_;
  std::string top_file_;
  core::SourceLoc top_end_;
  std::vector<std::string> files_;
  // Mandatory lists of closed sections, read once the whole file is in.
  std::unordered_map<const RawSection*, std::vector<std::string>> mandatory_;
};

}  // namespace smokeping::config::detail
