#include "smokeping/web/template.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace smokeping::web {

std::string fill_template(std::string_view text,
                          const std::map<std::string, std::string, std::less<>>& values) {
  static constexpr std::string_view kOpen = "<##";
  static constexpr std::string_view kClose = "##>";
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find(kOpen, pos);
    if (open == std::string_view::npos) break;
    std::size_t name_at = open + kOpen.size();
    std::size_t close = text.find(kClose, name_at);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(name_at, close - name_at);
    auto it = values.find(name);
    // A name with `<##` inside ("<##a<##b##>") is not a placeholder: resume at the inner one.
    if (it == values.end() || name.find(kOpen) != std::string_view::npos) {
      out.append(text.substr(pos, name_at - pos));
      pos = name_at;
      continue;
    }
    out.append(text.substr(pos, open - pos));
    out.append(it->second);
    pos = close + kClose.size();
  }
  out.append(text.substr(pos));
  return out;
}

std::optional<std::string> read_template(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

}  // namespace smokeping::web
