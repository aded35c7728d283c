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

// Field `i` of Perl's `split /:/` of `text`; "" past the last (Perl drops trailing empty
// fields, which read as "" all the same).
std::string_view field(std::string_view text, size_t i) {
  size_t start = 0;
  for (; i > 0; --i) {
    size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) return {};
    start = colon + 1;
  }
  size_t colon = text.find(':', start);
  return text.substr(start, colon == std::string_view::npos ? colon : colon - start);
}

// Perl's numeric `==` on the step strings.
bool same_number(const std::string& a, const std::string& b) {
  return std::strtod(a.c_str(), nullptr) == std::strtod(b.c_str(), nullptr);
}

// The N of "rra[N]." at the start of `key`, as the original's lookups spell it (decimal, no
// leading zero), with the rest of the key after the "].". Nine digits at most: a file with a
// billion RRAs is no concern.
std::optional<unsigned long> rra_index(std::string_view key, std::string_view& rest) {
  constexpr std::string_view kHead = "rra[";
  if (!key.starts_with(kHead)) return std::nullopt;
  size_t at = kHead.size(), digits = 0;
  unsigned long n = 0;
  while (at + digits < key.size() && key[at + digits] >= '0' && key[at + digits] <= '9') {
    n = n * 10 + static_cast<unsigned long>(key[at + digits] - '0');
    if (++digits > 9) return std::nullopt;
  }
  if (digits == 0 || (digits > 1 && key[at] == '0')) return std::nullopt;
  rest = key.substr(at + digits);
  if (!rest.starts_with("].")) return std::nullopt;
  rest.remove_prefix(2);
  return n;
}

}  // namespace

std::optional<std::string>* InfoFields::slot(std::string_view key) {
  auto take = [](InfoValue& v) {
    v.present = true;
    return &v.value;
  };
  if (key == "rrd_version") return take(rrd_version);
  if (key == "step") return take(step);
  if (key.starts_with("ds[")) {
    // "ds[NAME]<suffix>": no suffix is the tail of another, so at most one matches.
    struct Suffix {
      std::string_view text;
      InfoValue Ds::*member;
    };
    static constexpr Suffix kSuffixes[] = {{"].index", &Ds::index},
                                           {"].type", &Ds::type},
                                           {"].minimal_heartbeat", &Ds::minimal_heartbeat},
                                           {"].min", &Ds::min},
                                           {"].max", &Ds::max}};
    constexpr size_t kHead = 3;
    for (const auto& suffix : kSuffixes) {
      // An empty NAME is never looked up, as no "ds[].index" names a DS.
      if (key.size() <= kHead + suffix.text.size() || !key.ends_with(suffix.text)) continue;
      std::string_view name = key.substr(kHead, key.size() - kHead - suffix.text.size());
      // librrd lists each DS's entries together, so the one wanted is nearly always the last.
      auto it = std::find_if(ds.rbegin(), ds.rend(), [&](const Ds& d) { return d.name == name; });
      Ds& entry =
          it != ds.rend() ? *it : ds.emplace_back(Ds{std::string(name), {}, {}, {}, {}, {}});
      return take(entry.*suffix.member);
    }
    return nullptr;
  }
  std::string_view what;
  auto n = rra_index(key, what);
  if (!n) return nullptr;
  InfoValue Rra::*member = nullptr;
  if (what == "cf") {
    member = &Rra::cf;
  } else if (what == "xff") {
    member = &Rra::xff;
  } else if (what == "pdp_per_row") {
    member = &Rra::pdp_per_row;
  } else if (what == "rows") {
    member = &Rra::rows;
  } else {
    return nullptr;  // cur_row, cdp_prep[...], ...
  }
  // Kept sorted by index; librrd lists them in order, so this appends or hits the last one.
  auto it = std::lower_bound(rra.begin(), rra.end(), *n,
                             [](const Rra& r, unsigned long index) { return r.index < index; });
  if (it == rra.end() || it->index != *n) it = rra.insert(it, Rra{*n, {}, {}, {}, {}});
  return take((*it).*member);
}

InfoFields info_fields(const InfoMap& info) {
  InfoFields fields;
  for (const auto& [key, value] : info) {
    if (auto* slot = fields.slot(key)) *slot = value;
  }
  return fields;
}

ReadLayout info_to_layout(const std::string& file, const InfoMap& info) {
  return info_to_layout(file, info_fields(info));
}

ReadLayout info_to_layout(const std::string& file, const InfoFields& info) {
  std::string v = info.rrd_version.value.value_or("");
  if (v != "0001" && v != "0003") return {{}, fmt::format("{}: unknown RRD version: {}", file, v)};
  if (info.rra.empty() || info.rra[0].index != 0 || !info.rra[0].cf.value)
    return {{}, fmt::format("{}: no RRAs found?", file)};

  FileLayout layout;
  layout.step = info.step.value ? std::strtol(info.step.value->c_str(), nullptr, 10) : 0;

  // The original takes the DS names, in file order, from a `fetch`; the indexes say the same.
  std::vector<std::pair<long, const InfoFields::Ds*>> names;
  names.reserve(info.ds.size());
  for (const auto& ds : info.ds) {
    if (ds.index.value) names.emplace_back(std::strtol(ds.index.value->c_str(), nullptr, 10), &ds);
  }
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->name < b.second->name;
  });
  layout.ds.reserve(names.size());
  for (const auto& [index, ds] : names) {
    std::string arg = "DS:" + ds->name;
    const std::pair<const char*, const InfoValue*> columns[] = {
        {"type", &ds->type},
        {"minimal_heartbeat", &ds->minimal_heartbeat},
        {"min", &ds->min},
        {"max", &ds->max}};
    for (const auto& [what, value] : columns) {
      if (!value->present)
        return {{}, fmt::format("{}: missing {} for DS {}?", file, what, ds->name)};
      arg += ':';
      arg += value->value.value_or("U");
    }
    layout.ds.push_back(std::move(arg));
  }
  // rra[0], rra[1], ... up to the first index without a cf.
  for (size_t i = 0; i < info.rra.size() && info.rra[i].index == i && info.rra[i].cf.present; ++i) {
    const InfoFields::Rra& rra = info.rra[i];
    std::string arg = "RRA:" + rra.cf.value.value_or("");
    const std::pair<const char*, const InfoValue*> columns[] = {
        {"xff", &rra.xff}, {"pdp_per_row", &rra.pdp_per_row}, {"rows", &rra.rows}};
    for (const auto& [what, value] : columns) {
      if (!value->present) return {{}, fmt::format("{}: missing {} for RRA {}", file, what, i)};
      arg += ':';
      arg += value->value.value_or("");
    }
    layout.rras.push_back(std::move(arg));
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
  // The DS and RRA arguments: create[at...].
  at = std::min(at, create.size());
  const size_t count_args = create.size() - at;
  if (!same_number(std::to_string(have.step), step)) {
    return {true, fmt::format("Wrong value of step: {} has {}, create string has {}", file,
                              have.step, step)};
  }
  auto count = [&](std::string_view prefix) {
    return std::count_if(create.begin() + static_cast<long>(at), create.end(),
                         [&](const std::string& a) { return a.starts_with(prefix); });
  };
  if (auto ds = count("DS"); ds != static_cast<long>(have.ds.size())) {
    return {true, fmt::format("Different number of data sources: {} has {}, create string has {}",
                              file, have.ds.size(), ds)};
  }
  if (auto rras = count("RRA"); rras != static_cast<long>(have.rras.size())) {
    return {true, fmt::format("Different number of RRAs: {} has {}, create string has {}", file,
                              have.rras.size(), rras)};
  }

  // What the file had at place i: its DSs, then its RRAs, then nothing.
  auto had = [&](size_t i) -> std::string_view {
    if (i < have.ds.size()) return have.ds[i];
    i -= have.ds.size();
    return i < have.rras.size() ? std::string_view(have.rras[i]) : std::string_view();
  };
  std::string warnings;
  for (size_t i = 0; i < count_args; ++i) {
    const std::string& arg = create[at + i];
    const std::string_view old = had(i);
    // A DS keeps its place when name and type agree; heartbeat/min/max are tuned afterwards.
    if (field(arg, 0) == "DS" && field(old, 0) == "DS" && field(arg, 1) == field(old, 1) &&
        field(arg, 2) == field(old, 2)) {
      continue;
    }
    if (arg == old) continue;
    if (field(arg, 0) == "RRA" && field(old, 0) == "RRA" && field(arg, 1) == field(old, 1)) {
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
  std::vector<std::string_view> wanted, had(have.ds.begin(), have.ds.end());
  for (const auto& arg : create)
    if (arg.starts_with("DS")) wanted.push_back(arg);
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
    std::string_view now = wanted[i], old = i < had.size() ? had[i] : std::string_view();
    // The original also means to compare the types here but compares its own type with
    // itself, so only the names matter.
    if (field(now, 1) != field(old, 1)) continue;
    for (const auto& column : kColumns) {
      if (field(now, column.index) == field(old, column.index)) continue;
      tunes.push_back({fmt::format("## Updating {} DS:{} {} {} -> {}", file, field(now, 1),
                                   column.word, field(old, column.index), field(now, column.index)),
                       column.option,
                       fmt::format("{}:{}", field(now, 1), field(now, column.index))});
    }
  }
  return tunes;
}

}  // namespace smokeping::store::detail
