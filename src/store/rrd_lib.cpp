// Translates between librrd's C calling conventions and strings (style habit 3).
#include "src/store/detail/rrd_lib.hpp"

#include <rrd.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string_view>

#include "src/store/detail/lock_retry.hpp"

namespace smokeping::store::detail {

namespace {

// librrd 1.7 parses options with its own re-entrant optparse (no getopt, so no optind to
// reset), but the rrdcached connection is process-wide and older librrds keep the error text
// in a global: one lock keeps each call and the error that belongs to it together.
std::mutex& rrd_mutex() {
  static std::mutex mutex;
  return mutex;
}

// argv as RRDs.pm builds it: a dummy program name, then the arguments.
class Argv {
 public:
  explicit Argv(const std::vector<std::string>& args) : strings_(args) {
    strings_.insert(strings_.begin(), "dummy");
    for (auto& s : strings_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(strings_.size()); }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;
};

// RRDs.pm reports failure by the error flag, not by the return code; so do we, with the
// return code as a fallback for a call that fails without saying why.
std::optional<std::string> take_error(bool failed) {
  if (rrd_test_error()) {
    std::string error = rrd_get_error();
    rrd_clear_error();
    return error;
  }
  if (failed) return std::string(kNoErrorText);
  return std::nullopt;
}

std::optional<std::string> info_value(const rrd_info_t& entry) {
  switch (entry.type) {
    case RD_I_VAL:
      if (std::isnan(entry.value.u_val)) return std::nullopt;  // undef in Perl
      return perl_number(entry.value.u_val);
    case RD_I_CNT:
      return std::to_string(entry.value.u_cnt);
    case RD_I_STR:
      return std::string(entry.value.u_str);
    case RD_I_INT:
      return std::to_string(entry.value.u_int);
    case RD_I_BLO:
      return std::string(reinterpret_cast<const char*>(entry.value.u_blo.ptr),
                         entry.value.u_blo.size);
  }
  return std::nullopt;
}

std::optional<std::string> run_once(RrdVerb verb, const std::vector<std::string>& args) {
  Argv argv(args);
  std::lock_guard lock(rrd_mutex());
  rrd_clear_error();
  int rc = 0;
  switch (verb) {
    case RrdVerb::create:
      rc = rrd_create(argv.argc(), argv.argv());
      break;
    case RrdVerb::update:
      rc = rrd_update(argv.argc(), argv.argv());
      break;
    case RrdVerb::tune:
      rc = rrd_tune(argv.argc(), argv.argv());
      break;
  }
  return take_error(rc != 0);
}

}  // namespace

InfoRead rrd_read_info(const std::string& path) {
  Argv argv({path});
  std::unique_ptr<rrd_info_t, decltype(&rrd_info_free)> info(nullptr, &rrd_info_free);
  InfoRead out;
  {
    std::lock_guard lock(rrd_mutex());
    rrd_clear_error();
    info.reset(rrd_info(argv.argc(), argv.argv()));
    if (auto error = take_error(info == nullptr)) {
      out.error = *error;
      return out;
    }
  }
  // One walk of librrd's list; only the entries the check reads are converted and kept.
  InfoFields fields;
  for (const rrd_info_t* entry = info.get(); entry; entry = entry->next) {
    if (auto* value = fields.slot(entry->key)) *value = info_value(*entry);
  }
  out.info = std::move(fields);
  return out;
}

namespace {

GraphRead read_graph_once(const std::vector<std::string>& args) {
  Argv argv(args);
  std::unique_ptr<rrd_info_t, decltype(&rrd_info_free)> info(nullptr, &rrd_info_free);
  GraphRead out;
  {
    std::lock_guard lock(rrd_mutex());
    rrd_clear_error();
    info.reset(rrd_graph_v(argv.argc(), argv.argv()));
    if (auto error = take_error(info == nullptr)) {
      out.error = std::move(error);
      return out;
    }
  }
  constexpr std::string_view kPrint = "print[";
  for (const rrd_info_t* entry = info.get(); entry; entry = entry->next) {
    std::string_view key(entry->key);
    if (key == "image_width" && entry->type == RD_I_CNT) {
      out.width = static_cast<long>(entry->value.u_cnt);
    } else if (key == "image_height" && entry->type == RD_I_CNT) {
      out.height = static_cast<long>(entry->value.u_cnt);
    } else if (key == "image" && entry->type == RD_I_BLO) {
      out.image.assign(reinterpret_cast<const char*>(entry->value.u_blo.ptr),
                       entry->value.u_blo.size);
    } else if (key.starts_with(kPrint) && entry->type == RD_I_STR) {
      std::size_t index = std::strtoul(entry->key + kPrint.size(), nullptr, 10);
      if (out.prints.size() <= index) out.prints.resize(index + 1);
      out.prints[index] = entry->value.u_str;
    }
  }
  return out;
}

FetchRead read_fetch_once(const std::vector<std::string>& args) {
  Argv argv(args);
  time_t start = 0, end = 0;
  unsigned long step = 0, ds_count = 0;
  char** names = nullptr;
  rrd_value_t* data = nullptr;
  FetchRead out;
  {
    std::lock_guard lock(rrd_mutex());
    rrd_clear_error();
    int rc = rrd_fetch(argv.argc(), argv.argv(), &start, &end, &step, &ds_count, &names, &data);
    if (auto error = take_error(rc != 0)) {
      out.error = std::move(error);
      return out;
    }
  }
  out.start = static_cast<long>(start);
  out.step = step;
  for (unsigned long i = 0; i < ds_count; ++i) {
    out.names.emplace_back(names[i]);
    rrd_freemem(names[i]);
  }
  rrd_freemem(names);
  // Rows run from start + step to end, as RRDs::fetch hands them to Perl.
  const unsigned long rows = step ? static_cast<unsigned long>(end - start) / step : 0;
  for (unsigned long r = 0; r < rows; ++r)
    out.rows.emplace_back(data + r * ds_count, data + (r + 1) * ds_count);
  rrd_freemem(data);
  return out;
}

LastUpdateRead read_lastupdate_once(const std::string& path) {
  time_t last = 0;
  unsigned long count = 0;
  char** names = nullptr;
  char** values = nullptr;
  LastUpdateRead out;
  {
    std::lock_guard lock(rrd_mutex());
    rrd_clear_error();
    int rc = rrd_lastupdate_r(path.c_str(), &last, &count, &names, &values);
    if (auto error = take_error(rc != 0)) {
      out.error = std::move(error);
      return out;
    }
  }
  out.time = static_cast<long>(last);
  for (unsigned long i = 0; i < count; ++i) {
    out.names.emplace_back(names[i]);
    out.values.emplace_back(values[i]);
    rrd_freemem(names[i]);
    rrd_freemem(values[i]);
  }
  rrd_freemem(names);
  rrd_freemem(values);
  return out;
}

}  // namespace

SpanRead rrd_resolve_span(const std::string& start, const std::string& end) {
  rrd_time_value_t start_tv{}, end_tv{};
  SpanRead out;
  // rrd_parsetime keeps its scanner in globals, hence the lock around it too. It answers with
  // a static text; rrd_proc_start_end with librrd's error.
  std::lock_guard lock(rrd_mutex());
  if (const char* why = rrd_parsetime(start.c_str(), &start_tv)) {
    out.error = "start time: " + std::string(why);
    return out;
  }
  if (const char* why = rrd_parsetime(end.c_str(), &end_tv)) {
    out.error = "end time: " + std::string(why);
    return out;
  }
  time_t start_time = 0, end_time = 0;
  rrd_clear_error();
  int rc = rrd_proc_start_end(&start_tv, &end_tv, &start_time, &end_time);
  if (auto error = take_error(rc != 0)) {
    out.error = std::move(error);
    return out;
  }
  out.start = static_cast<long>(start_time);
  out.end = static_cast<long>(end_time);
  return out;
}

std::optional<std::string> rrd_run(RrdVerb verb, const std::vector<std::string>& args) {
  return retry_while_locked([&] { return run_once(verb, args); });
}

GraphRead rrd_read_graph(const std::vector<std::string>& args) {
  return retry_while_locked([&] { return read_graph_once(args); });
}

FetchRead rrd_read_fetch(const std::vector<std::string>& args) {
  return retry_while_locked([&] { return read_fetch_once(args); });
}

LastUpdateRead rrd_read_lastupdate(const std::string& path) {
  return retry_while_locked([&] { return read_lastupdate_once(path); });
}

}  // namespace smokeping::store::detail
