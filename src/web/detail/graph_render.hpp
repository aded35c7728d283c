// Private to web/: drawing a graph call into the image cache, once (web-and-rrd.md §2.10).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smokeping/web/graph_args.hpp"

namespace smokeping::web::detail {

struct Rendered {
  std::string error;  // librrd's text, else empty
  int width = 0, height = 0;
  bool drawn = false;  // false: the cached image was still good
};

// Draws `call` into its file (written aside and renamed into place, so a reader never sees a
// half-written image), unless the image in the cache is still good: drawn from the same
// arguments (apart from the date comment, the last argument), by then every RRD it shows had
// the modification time it has now, and it is younger than `max_age` seconds (so a graph of a
// host that no longer gets data still moves on). With RRDCACHED_ADDRESS set the files' times
// lag behind, so every call draws. Concurrent calls for the same file draw it once: a mutex per
// file in this process, flock(2) on "<file>.lock" across processes; the lock file also records
// what the image was drawn from and its size.
Rendered render_cached(const GraphCall& call, std::int64_t now, std::int64_t max_age);

// Draws `call` into its file every time (navigator images have unique names).
Rendered render_always(const GraphCall& call);

// Draws `call` in memory only (ajax answers); the file argument is not written.
struct InMemory {
  std::string error;
  std::string bytes;
  int width = 0, height = 0;
};
InMemory render_in_memory(const GraphCall& call);

// The PRINT values of a pre-pass call ("dummy" file); error text when it failed.
struct Printed {
  std::string error;
  std::vector<std::string> values;
};
Printed run_pre_pass(const GraphCall& call);

// The RRD files the DEFs of `args` read.
std::vector<std::string> def_files(const std::vector<std::string>& args);

// Creates imgcache + rel ("/Europe/Zurich" makes both levels, 0755); throws
// std::runtime_error("ERROR: creating  <imgcache><dir>: <strerror>") as the original dies.
void make_cache_dirs(const std::string& imgcache, const std::vector<std::string>& dirs);

// Deletes the files of `dir` whose name ends in `.ext` and that are older than 3600 s.
void remove_stale_images(const std::string& dir, const std::string& ext, std::int64_t now);

}  // namespace smokeping::web::detail
