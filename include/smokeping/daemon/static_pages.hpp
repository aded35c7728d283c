// `smokeping --static-pages[=DIR]` (master-slave.md §7.1, web-and-rrd.md §2.13): after the
// config load, which creates the missing RRD files as a daemon start does, the page of every
// target node is written as a file, with the graphs it shows, and the program exits.
//
// Where things go: with DIR, the pages into DIR (made when missing, one level, as the original
// does) and the graphs and logos into DIR too, named from the pages relative to it
// (imgurl "."); the original moved only imgurl there and drew the graphs into imgcache, so its
// pages showed no images unless imgcache was DIR. Without DIR, the pages go into
// General/pagedir and the graphs into imgcache, named by imgurl, as the CGI names them.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "smokeping/daemon/options.hpp"

namespace smokeping::daemon {

// Exit status 0 when every page was written (graphs that failed show their error in the page
// and are listed on `err` as warnings), 1 with one "ERROR: ..." line on `err` when the config
// does not load, no directory is given or configured, DIR cannot be made or written, or the
// template cannot be read. Those are found before any file is written; a page that cannot be
// written later stops the run, the pages written before it staying in place.
int write_static_pages(const Options& options, std::ostream& out, std::ostream& err);

// Writes `text` as `dir`/`name` through a temporary file in `dir` renamed over it, so the file
// is either whole or as it was (no partial page, and no temporary left behind on failure).
// Mode 0644, as the original's pages under its umask 022. Throws std::system_error naming the
// file.
void replace_file(const std::string& dir, const std::string& name, std::string_view text);

}  // namespace smokeping::daemon
