// The consistency check of existing files (web-and-rrd.md §1.4), as Smokeping::RRDtools does
// it: rebuild the create arguments from `info`, then compare them as strings with the ones the
// config gives now. Pure: the librrd side lives in rrd_check.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "src/store/detail/rrd_text.hpp"

namespace smokeping::store::detail {

namespace {

// Perl's `split /:/`: trailing empty fields are dropped, so a missing field reads as "".
std::vector<std::string> split_colons(std::string_view text) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    fields.emplace_back(
        text.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  while (!fields.empty() && fields.back().empty()) fields.pop_back();
  return fields;
}

const std::string& field(const std::vector<std::string>& fields, size_t i) {
  static const std::string empty;
  return i < fields.size() ? fields[i] : empty;
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// Perl's numeric `==` on the step strings.
bool same_number(const std::string& a, const std::string& b) {
  return std::strtod(a.c_str(), nullptr) == std::strtod(b.c_str(), nullptr);
}

// "ds[NAME].index" -> NAME, else "".
std::string ds_name_of_index_key(const std::string& key) {
  constexpr std::string_view kHead = "ds[", kTail = "].index";
  if (key.size() <= kHead.size() + kTail.size() || !starts_with(key, kHead) ||
      key.compare(key.size() - kTail.size(), kTail.size(), kTail) != 0) {
    return {};
  }
  return key.substr(kHead.size(), key.size() - kHead.size() - kTail.size());
}

}  // namespace

ReadLayout info_to_layout(const std::string& file, const InfoMap& info) {
  auto lookup = [&](const std::string& key) -> const std::optional<std::string>* {
    auto it = info.find(key);
    return it == info.end() ? nullptr : &it->second;
  };
  const auto* version = lookup("rrd_version");
  std::string v = version && *version ? **version : "";
  if (v != "0001" && v != "0003") return {{}, fmt::format("{}: unknown RRD version: {}", file, v)};
  const auto* cf0 = lookup("rra[0].cf");
  if (!cf0 || !*cf0) return {{}, fmt::format("{}: no RRAs found?", file)};

  FileLayout layout;
  const auto* step = lookup("step");
  layout.step = step && *step ? std::strtol((*step)->c_str(), nullptr, 10) : 0;

  // The original takes the DS names, in file order, from a `fetch`; the indexes say the same.
  std::vector<std::pair<long, std::string>> names;
  for (const auto& [key, value] : info) {
    std::string name = ds_name_of_index_key(key);
    if (!name.empty() && value) names.emplace_back(std::strtol(value->c_str(), nullptr, 10), name);
  }
  std::sort(names.begin(), names.end());
  for (const auto& [index, name] : names) {
    std::string ds = "DS:" + name;
    for (const char* what : {"type", "minimal_heartbeat", "min", "max"}) {
      const auto* value = lookup(fmt::format("ds[{}].{}", name, what));
      if (!value) return {{}, fmt::format("{}: missing {} for DS {}?", file, what, name)};
      ds += ":" + value->value_or("U");
    }
    layout.ds.push_back(std::move(ds));
  }
  for (int i = 0; lookup(fmt::format("rra[{}].cf", i)); ++i) {
    std::string rra = "RRA:" + lookup(fmt::format("rra[{}].cf", i))->value_or("");
    for (const char* what : {"xff", "pdp_per_row", "rows"}) {
      const auto* value = lookup(fmt::format("rra[{}].{}", i, what));
      if (!value) return {{}, fmt::format("{}: missing {} for RRA {}", file, what, i)};
      rra += ":" + value->value_or("");
    }
    layout.rras.push_back(std::move(rra));
  }
  return {std::move(layout), {}};
}

Comparison compare_layout(const std::string& file, const FileLayout& have,
                          const std::vector<std::string>& create) {
  size_t at = 0;
  if (at < create.size() && create[at] == "--start") at += 2;
  std::string step = "300";  // rrdtool's default when the arguments name none
  if (at + 1 < create.size() && create[at] == "--step") {
    step = create[at + 1];
    at += 2;
  }
  std::vector<std::string> args(create.begin() + static_cast<long>(std::min(at, create.size())),
                                create.end());
  if (!same_number(std::to_string(have.step), step)) {
    return {true, fmt::format("Wrong value of step: {} has {}, create string has {}", file,
                              have.step, step)};
  }
  auto count = [&](std::string_view prefix) {
    return std::count_if(args.begin(), args.end(),
                         [&](const std::string& a) { return starts_with(a, prefix); });
  };
  if (auto ds = count("DS"); ds != static_cast<long>(have.ds.size())) {
    return {true, fmt::format("Different number of data sources: {} has {}, create string has {}",
                              file, have.ds.size(), ds)};
  }
  if (auto rras = count("RRA"); rras != static_cast<long>(have.rras.size())) {
    return {true, fmt::format("Different number of RRAs: {} has {}, create string has {}", file,
                              have.rras.size(), rras)};
  }

  std::vector<std::string> had = have.ds;
  had.insert(had.end(), have.rras.begin(), have.rras.end());
  std::string warnings;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const std::string old = i < had.size() ? had[i] : std::string();
    auto now_fields = split_colons(arg), old_fields = split_colons(old);
    // A DS keeps its place when name and type agree; heartbeat/min/max are tuned afterwards.
    if (field(now_fields, 0) == "DS" && field(old_fields, 0) == "DS" &&
        field(now_fields, 1) == field(old_fields, 1) &&
        field(now_fields, 2) == field(old_fields, 2)) {
      continue;
    }
    if (arg == old) continue;
    if (field(now_fields, 0) == "RRA" && field(old_fields, 0) == "RRA" &&
        field(now_fields, 1) == field(old_fields, 1)) {
      warnings +=
          fmt::format("Different RRA parameters: {} has {}, create string has {}", file, old, arg);
    } else {
      return {true,
              fmt::format("Different arguments: {} has {}, create string has {}", file, old, arg)};
    }
  }
  return {false, warnings};
}

std::vector<DsTune> ds_tunes(const std::string& file, const FileLayout& have,
                             const std::vector<std::string>& create) {
  std::vector<std::string> wanted, had = have.ds;
  for (const auto& arg : create)
    if (starts_with(arg, "DS")) wanted.push_back(arg);
  // Both lists sorted as strings and paired, as tuneds() does; compare() has already made
  // sure the names are the same set.
  std::sort(wanted.begin(), wanted.end());
  std::sort(had.begin(), had.end());
  struct Column {
    size_t index;
    const char* word;
    const char* option;
  };
  // 2.7.3 spells the heartbeat option "--hearbeat", so that tune always failed; 2.9.0 fixed
  // it. We tune as 2.9.0 does.
  static constexpr Column kColumns[] = {
      {3, "heartbeat", "--heartbeat"}, {4, "minimum", "--minimum"}, {5, "maximum", "--maximum"}};
  std::vector<DsTune> tunes;
  for (size_t i = 0; i < wanted.size(); ++i) {
    auto now = split_colons(wanted[i]);
    auto old = split_colons(i < had.size() ? had[i] : std::string());
    // The original also means to compare the types here but compares its own type with
    // itself, so only the names matter.
    if (field(now, 1) != field(old, 1)) continue;
    for (const auto& column : kColumns) {
      if (field(now, column.index) == field(old, column.index)) continue;
      tunes.push_back({fmt::format("## Updating {} DS:{} {} {} -> {}", file, field(now, 1),
                                   column.word, field(old, column.index), field(now, column.index)),
                       column.option, field(now, 1) + ":" + field(now, column.index)});
    }
  }
  return tunes;
}

}  // namespace smokeping::store::detail
