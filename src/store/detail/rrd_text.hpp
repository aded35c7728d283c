// Private to store/: the strings the original builds around librrd calls, and the pure halves
// of Smokeping::RRDtools (info2create, compare, tuneds), kept apart from librrd for testing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"

namespace smokeping::store::detail {

// A number as Perl prints it by default (`%.15g`, "Inf", "NaN"): how RRDs.pm's values reach
// the original's strings, e.g. an xff of 0.5 read back by `info` becomes "0.5".
std::string perl_number(double v);

// DS:uptime, DS:loss, DS:median, DS:ping1..N, all GAUGE with heartbeat 2*step.
std::vector<std::string> ds_args(long step, int pings);

// RRA:<cf>:<xff>:<steps>:<rows>.
std::string rra_arg(const config::Rra& rra);

// The `--template` value: uptime:loss:median:ping1:...:pingN.
std::string template_arg(int pings);

// `rrdtool info` as RRDs::info hands it to Perl: every value already stringified (counters as
// integers, doubles by perl_number), NaN as nullopt (undef).
using InfoMap = std::map<std::string, std::optional<std::string>>;

// The few `info` entries info2create reads (rrd_version, step, ds[NAME].{index, type,
// minimal_heartbeat, min, max}, rra[N].{cf, xff, pdp_per_row, rows}), kept as the InfoMap
// would hold them; the hundreds of others (cdp_prep, last_ds, ...) are skipped unread, so a
// file is checked without building a map of all its entries.
struct InfoValue {
  bool present = false;              // the key was there
  std::optional<std::string> value;  // nullopt: undef
};
struct InfoFields {
  struct Ds {
    std::string name;
    InfoValue index, type, minimal_heartbeat, min, max;
  };
  struct Rra {
    unsigned long index = 0;  // the N of rra[N]
    InfoValue cf, xff, pdp_per_row, rows;
  };
  InfoValue rrd_version, step;
  std::vector<Ds> ds;    // in order of first appearance
  std::vector<Rra> rra;  // sorted by index

  // The value of `key`, marked present, for the caller to fill; nullptr for a key info2create
  // does not read, decided without allocating.
  std::optional<std::string>* slot(std::string_view key);
};

// The InfoFields of a whole InfoMap.
InfoFields info_fields(const InfoMap& info);

// The create arguments a file was made with (RRDtools.pm info2create), without --start.
struct FileLayout {
  long step = 0;
  std::vector<std::string> ds;    // "DS:loss:GAUGE:600:0:5", in file order
  std::vector<std::string> rras;  // "RRA:AVERAGE:0.5:1:1008"
};

// Rebuilds the layout from `info`; on failure the text the original dies with
// ("<file>: unknown RRD version: 0002").
struct ReadLayout {
  std::optional<FileLayout> layout;
  std::string error;
};
ReadLayout info_to_layout(const std::string& file, const InfoFields& info);
ReadLayout info_to_layout(const std::string& file, const InfoMap& info);

// RRDtools.pm compare(): `fatal` with its text, or warnings (possibly several, concatenated
// without a separator as the original does), or an empty text when everything matches.
struct Comparison {
  bool fatal = false;
  std::string text;
};
Comparison compare_layout(const std::string& file, const FileLayout& have,
                          const std::vector<std::string>& create);

// One `rrdtool tune` RRDtools.pm tuneds() makes, with the line it prints first.
struct DsTune {
  std::string message;  // "## Updating FILE DS:loss maximum 5 -> 6"
  std::string option;   // "--maximum"
  std::string value;    // "loss:6"
};
std::vector<DsTune> ds_tunes(const std::string& file, const FileLayout& have,
                             const std::vector<std::string>& create);

}  // namespace smokeping::store::detail
