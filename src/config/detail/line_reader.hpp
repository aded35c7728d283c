// The lexical layer of the config language (config.md §1): physical lines, comments,
// continuation, @include, @define, and the classification of each logical line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "smokeping/core/source_loc.hpp"

namespace smokeping::config::detail {

// Receives the classified logical lines in reading order, across included files.
class LineSink {
 public:
  virtual ~LineSink() = default;
  // `*** Name ***` is level 1, `+ Name` level 2, `++ Name` level 3, ...
  virtual void header(int level, std::string name, const core::SourceLoc& loc) = 0;
  virtual void assignment(std::string key, std::string value, const core::SourceLoc& loc) = 0;
  virtual void table_row(std::vector<std::string> cells, const core::SourceLoc& loc) = 0;
  // A file (the top one or an included one) is about to be read.
  virtual void start_of_file(const std::string& path) { (void)path; }
  // A file (the top one or an included one) was read to its end; `loc.line` is its last line.
  virtual void end_of_file(const core::SourceLoc& loc) { (void)loc; }
};

// Longest logical line we accept. The original has no limit; a line this long is no config.
constexpr size_t kMaxLogicalLine = 1 << 20;

// Reads `path` and everything it includes, feeding `sink`. Throws ConfigError.
void read_config(const std::string& path, LineSink& sink);

// Table-row tokenisation (the only place with quoting, config.md §1.8).
std::vector<std::string> split_table_row(std::string_view line);

// The `key = value` split of config.md §1.7; false when the line is no assignment.
bool split_assignment(std::string_view line, std::string& key, std::string& value);

}  // namespace smokeping::config::detail
