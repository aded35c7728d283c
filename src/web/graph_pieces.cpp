// The shared pieces of the graph argument lists; see src/web/detail/graph_pieces.hpp.
#include "src/web/detail/graph_pieces.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "smokeping/web/graph_time.hpp"

namespace smokeping::web::detail {

namespace {

// Perl's hex() of a two-character field: the valid hex prefix, 0 when there is none.
int hex_field(std::string_view web, std::size_t at) {
  int value = 0;
  for (std::size_t i = at; i < at + 2 && i < web.size(); ++i) {
    char c = web[i];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) break;
    value = value * 16 + digit;
  }
  return value;
}

// The hash literal of the default tables: a later key replaces an earlier equal one, and the
// graph then walks the keys in numeric order.
void put_key(std::vector<ColorKey>& table, ColorKey entry) {
  auto same = std::find_if(table.begin(), table.end(),
                           [&](const ColorKey& k) { return k.key == entry.key; });
  if (same != table.end()) {
    *same = std::move(entry);
  } else {
    table.push_back(std::move(entry));
  }
}

void sort_by_value(std::vector<ColorKey>& table) {
  std::stable_sort(table.begin(), table.end(),
                   [](const ColorKey& a, const ColorKey& b) { return a.value < b.value; });
}

ColorKey int_key(long key, std::string legend, std::string color) {
  return ColorKey{std::to_string(key), static_cast<double>(key), std::move(color),
                  std::move(legend)};
}

// 2.9.0's display_range: "a-b", or one number when the range is empty or inverted.
std::string display_range(long lower, long upper) {
  if (upper < lower) return std::to_string(upper);
  if (upper > lower) return fmt::format("{}-{}", lower, upper);
  return std::to_string(lower);
}

std::vector<ColorKey> table_of(const std::vector<config::ColorRow>& rows) {
  std::vector<ColorKey> table;
  for (const auto& row : rows) {
    put_key(table,
            ColorKey{perl_number_text(row.threshold), row.threshold, "#" + row.color, row.legend});
  }
  return table;
}

struct Hsl {
  double h = 0, s = 0, l = 0;
};

// The easyrgb formulas the original's Colorspace module uses.
Hsl to_hsl(const std::array<double, 3>& rgb) {
  auto [min_it, max_it] = std::minmax_element(rgb.begin(), rgb.end());
  const double min = *min_it, max = *max_it, delta = max - min;
  Hsl hsl;
  hsl.l = (max + min) / 2;
  if (delta == 0) return hsl;
  hsl.s = hsl.l < 0.5 ? delta / (max + min) : delta / (2 - max - min);
  auto d = [&](double c) { return (((max - c) / 6) + (max / 2)) / delta; };
  // min_max_indexes keeps the first index of equal maxima.
  std::size_t max_index = 0;
  for (std::size_t i = 1; i < 3; ++i)
    if (rgb[i] > rgb[max_index]) max_index = i;
  if (max_index == 0) {
    hsl.h = d(rgb[2]) - d(rgb[1]);
  } else if (max_index == 1) {
    hsl.h = (1.0 / 3) + d(rgb[0]) - d(rgb[2]);
  } else {
    hsl.h = (2.0 / 3) + d(rgb[1]) - d(rgb[0]);
  }
  if (hsl.h < 0) {
    hsl.h += 1;
  } else if (hsl.h > 1) {
    hsl.h -= 1;
  }
  return hsl;
}

double hue_to_rgb(double v1, double v2, double vh) {
  if (vh < 0) {
    vh += 1;
  } else if (vh > 1) {
    vh -= 1;
  }
  if (vh * 6 < 1) return v1 + (v2 - v1) * 6 * vh;
  if (vh * 2 < 1) return v2;
  if (vh * 3 < 2) return v1 + (v2 - v1) * ((2.0 / 3) - vh) * 6;
  return v1;
}

std::array<double, 3> to_rgb(const Hsl& hsl) {
  if (hsl.s == 0) return {hsl.l, hsl.l, hsl.l};
  const double ls = hsl.l < 0.5 ? hsl.l * (1 + hsl.s) : (hsl.l + hsl.s) - (hsl.s * hsl.l);
  const double l = 2 * hsl.l - ls;
  return {hue_to_rgb(l, ls, hsl.h + 1.0 / 3), hue_to_rgb(l, ls, hsl.h),
          hue_to_rgb(l, ls, hsl.h - (1.0 / 3))};
}

}  // namespace

std::string image_extension(ImageFormat format) {
  return format == ImageFormat::svg ? "svg" : "png";
}

std::string imgformat_value(ImageFormat format) {
  return format == ImageFormat::svg ? "SVG" : "PNG";
}

std::vector<std::string> color_args(const config::Presentation& p, GraphFlavour flavour) {
  const bool borderless = !p.graphborders;
  const bool overrides =
      flavour == GraphFlavour::v2_9_0 &&
      !(p.colortext.empty() && p.colorborder.empty() && p.colorbackground.empty());
  if (borderless && !overrides)
    return {"--border", "0", "--color", "BACK#ffffff00", "--color", "CANVAS#ffffff00"};
  std::vector<std::string> args;
  if (!overrides) return args;
  if (borderless) args.insert(args.end(), {"--border", "0"});
  if (!p.colortext.empty()) args.insert(args.end(), {"--color", "FONT#" + p.colortext});
  if (!p.colorborder.empty()) args.insert(args.end(), {"--color", "FRAME#" + p.colorborder});
  if (!p.colorbackground.empty()) {
    for (const char* element : {"SHADEA", "SHADEB", "BACK", "CANVAS"})
      args.insert(args.end(), {"--color", fmt::format("{}#{}", element, p.colorbackground)});
  }
  return args;
}

std::vector<std::string> stddev_args(const std::string& rrd, int id, int pings) {
  std::vector<std::string> args;
  for (int p = 1; p <= pings; ++p) {
    args.push_back(fmt::format("DEF:pin{0}p{1}={2}:ping{1}:AVERAGE", id, p, rrd));
    args.push_back(fmt::format("CDEF:p{0}p{1}=pin{0}p{1},UN,0,pin{0}p{1},IF", id, p));
  }
  std::string count = fmt::format("CDEF:pings{0}={1},p{0}p1,UN,", id, pings);
  std::string mean = fmt::format("CDEF:m{0}=p{0}p1,", id);
  std::string sdev = fmt::format("CDEF:sdev{0}=p{0}p1,m{0},-,DUP,*,", id);
  for (int p = 2; p <= pings; ++p) {
    const char* sep = p == 2 ? "" : ",";
    count += fmt::format("{}p{}p{},UN,+", sep, id, p);
    mean += fmt::format("{}p{}p{},+", sep, id, p);
    sdev += fmt::format("{}p{}p{},m{},-,DUP,*,+", sep, id, p, id);
  }
  args.push_back(count + ",-");
  args.push_back(mean + fmt::format(",pings{},/", id));
  args.push_back(sdev + fmt::format(",pings{},/,SQRT", id));
  return args;
}

std::vector<std::string> smoke_args(int pings) {
  if (pings < 3) return {"COMMENT:(Not enough pings to draw any smoke.)\\s", "COMMENT:\\s"};
  std::vector<std::string> args;
  const double half = pings / 2.0;
  for (int top = pings, bottom = 1; top > bottom; --top, ++bottom) {
    const int grey = static_cast<int>(190 / half * (half - bottom)) + 50;
    args.push_back(fmt::format("CDEF:smoke{0}=cp{0},UN,UNKN,cp{1},cp{0},-,IF", bottom, top));
    args.push_back(fmt::format("AREA:cp{}", bottom));
    args.push_back(fmt::format("STACK:smoke{0}#{1:02x}{1:02x}{1:02x}", bottom, grey));
  }
  return args;
}

std::vector<ColorKey> loss_colors(const config::Detail& detail, int pings, GraphFlavour flavour) {
  std::vector<ColorKey> table;
  if (!detail.loss_colors.empty()) {
    table = table_of(detail.loss_colors);
  } else if (flavour == GraphFlavour::v2_7_3) {
    const long p = pings;
    put_key(table, int_key(0, "0", "#26ff00"));
    put_key(table, int_key(1, fmt::format("1/{}", p), "#00b8ff"));
    put_key(table, int_key(2, fmt::format("2/{}", p), "#0059ff"));
    put_key(table, int_key(3, fmt::format("3/{}", p), "#5e00ff"));
    put_key(table, int_key(4, fmt::format("4/{}", p), "#7e00ff"));
    put_key(table, int_key(p / 2, fmt::format("{}/{}", p / 2, p), "#dd00ff"));
    put_key(table, int_key(p - 1, fmt::format("{}/{}", p - 1, p), "#ff0000"));
  } else {
    const long p = pings;
    auto share = [&](double part, long floor) {
      return std::max(static_cast<long>(part * static_cast<double>(p)), floor);
    };
    const long p01 = share(0.01, 1), p05 = share(0.05, 2), p10 = share(0.10, 3);
    const long p25 = share(0.25, 4), p50 = share(0.50, 5);
    put_key(table, int_key(0, "0", "#26ff00"));
    put_key(table, int_key(p01, display_range(1, p01), "#00b8ff"));
    put_key(table, int_key(p05, display_range(p01 + 1, p05), "#0059ff"));
    put_key(table, int_key(p10, display_range(p05 + 1, p10), "#7e00ff"));
    put_key(table, int_key(p25, display_range(p10 + 1, p25), "#ff00ff"));
    put_key(table, int_key(p50, display_range(p25 + 1, p50), "#ff5500"));
    put_key(table, int_key(p - 1, display_range(p50 + 1, p - 1), "#ff0000"));
    put_key(table, int_key(p, fmt::format("{}/{}", p, p), "#a00000"));
  }
  sort_by_value(table);
  return table;
}

std::vector<ColorKey> uptime_colors(const config::Detail& detail) {
  std::vector<ColorKey> table;
  if (!detail.uptime_colors.empty()) {
    table = table_of(detail.uptime_colors);
  } else {
    table = {int_key(3600, "<1h", "#FFD3D3"),    int_key(7200, "<2h", "#FFE4C7"),
             int_key(21600, "<6h", "#FFF9BA"),   int_key(43200, "<12h", "#F3FFC0"),
             int_key(86400, "<1d", "#E1FFCC"),   int_key(604800, "<1w", "#BBFFCB"),
             int_key(2592000, "<1m", "#BAFFF5"), ColorKey{"1e100", 1e100, "#DAECFF", ">1m"}};
  }
  sort_by_value(table);
  return table;
}

std::string pastel_color(std::string_view web) {
  if (!web.empty() && web.front() == '#') web.remove_prefix(1);
  std::array<double, 3> rgb{};
  for (std::size_t i = 0; i < 3; ++i) rgb[i] = hex_field(web, 2 * i) / 255.0;
  Hsl hsl = to_hsl(rgb);
  hsl.l = (1 - hsl.l) * (2.0 / 3) + hsl.l;
  const std::array<double, 3> out = to_rgb(hsl);
  // sprintf("%.2x") of a float truncates it to an integer.
  return fmt::format("#{:02x}{:02x}{:02x}", static_cast<unsigned>(255 * out[0]),
                     static_cast<unsigned>(255 * out[1]), static_cast<unsigned>(255 * out[2]));
}

std::string escape_colons(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ':') out += '\\';
    out += c;
  }
  return out;
}

std::string pad_right(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string master_name(const config::Config& config, const GraphEnv& env) {
  return config.general.display_name.empty() ? env.hostname : config.general.display_name;
}

std::string slave_name(const config::Config& config, std::string_view slave) {
  if (!config.slaves) return {};
  const config::Slave* s = config.slaves->find(std::string(slave));
  return s ? s->display_name : std::string();
}

std::string slave_color(const config::Config& config, std::string_view slave) {
  if (!config.slaves) return {};
  const config::Slave* s = config.slaves->find(std::string(slave));
  return s ? s->color : std::string();
}

std::string parent_dirs(const config::TargetNode& node, char separator) {
  std::string out;
  for (std::size_t i = 0; i + 1 < node.path.size(); ++i) {
    if (i > 0) out += separator;
    out += node.path[i];
  }
  return out;
}

int node_pings(const config::TargetNode& node) { return node.pings; }

}  // namespace smokeping::web::detail
