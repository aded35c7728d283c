// The parsed configuration as the original keeps it: a tree of sections holding variables
// and table rows, with defaults filled in. The typed model is built from it; the master
// serializes parts of it to slaves (master-slave.md §4).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "smokeping/core/source_loc.hpp"

namespace smokeping::config {

struct RawValue {
  enum class Origin {
    set,        // written in this section
    inherited,  // copied from the parent section when this one was opened
    defaulted,  // filled in from the grammar's default when the section was closed
  };
  std::string text;
  core::SourceLoc loc;  // where it was written (for inherited values: in the ancestor)
  Origin origin = Origin::set;
};

struct TableRow {
  std::vector<std::string> cells;
  core::SourceLoc loc;
};

class RawSection {
 public:
  RawSection(std::string name, core::SourceLoc loc)
      : name_(std::move(name)), loc_(std::move(loc)) {}

  const std::string& name() const { return name_; }
  const core::SourceLoc& loc() const { return loc_; }
  // Position among the siblings of an ordered section (target nodes); -1 elsewhere.
  int order() const { return order_; }

  const std::vector<std::pair<std::string, RawValue>>& vars() const { return vars_; }
  const RawValue* find(std::string_view key) const;
  // The value's text, or nullptr when absent.
  const std::string* get(std::string_view key) const;

  const std::vector<std::unique_ptr<RawSection>>& children() const { return children_; }
  const RawSection* child(std::string_view name) const;

  const std::vector<TableRow>& table() const { return table_; }

  // Mutators, used while parsing.
  void set(std::string key, RawValue value);
  bool erase(std::string_view key);
  RawSection& add_child(std::string name, core::SourceLoc loc, int order);
  void add_row(TableRow row) { table_.push_back(std::move(row)); }

 private:
  std::string name_;
  core::SourceLoc loc_;
  int order_ = -1;
  std::vector<std::pair<std::string, RawValue>> vars_;
  std::vector<std::unique_ptr<RawSection>> children_;
  std::unordered_map<std::string_view, size_t> child_index_;
  std::vector<TableRow> table_;
};

}  // namespace smokeping::config
