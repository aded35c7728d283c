#include "src/daemon/detail/original_abbreviations.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

namespace smokeping::daemon::detail {

namespace {

// Smokeping.pm's GetOptions list (2.7.3): name, alias, whether a value must follow.
struct OriginalOption {
  std::string_view name;
  std::string_view alias;
  bool needs_value;
};

constexpr OriginalOption kOriginal[] = {{"version", "", false},
                                        {"email", "", false},
                                        {"man", "", false},
                                        {"help", "", false},
                                        {"logfile", "", true},
                                        {"static-pages", "", false},
                                        {"debug-daemon", "", false},
                                        {"nosleep", "", false},
                                        {"makepod", "", false},
                                        {"debug", "", false},
                                        {"restart", "", false},
                                        {"filter", "", true},
                                        {"nodaemon", "nodemon", false},
                                        {"config", "", true},
                                        {"check", "", false},
                                        {"gen-examples", "", false},
                                        {"reload", "", false},
                                        {"master-url", "", true},
                                        {"cache-dir", "", true},
                                        {"shared-secret", "", true},
                                        {"slave-name", "", true},
                                        {"pid-dir", "", true}};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Getopt::Long: an exact name wins; otherwise the prefix must name a single option, where
// an option and its alias are one.
const OriginalOption* original_for(std::string_view name) {
  for (const auto& option : kOriginal) {
    if (name == option.name || name == option.alias) return &option;
  }
  const OriginalOption* found = nullptr;
  for (const auto& option : kOriginal) {
    if (starts_with(option.name, name) ||
        (!option.alias.empty() && starts_with(option.alias, name))) {
      if (found) return nullptr;
      found = &option;
    }
  }
  return found;
}

const OurOption* ours_named(const std::vector<OurOption>& ours, std::string_view name) {
  for (const auto& option : ours) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

// Only the unique match decides whether the next argument is a value; for anything
// ambiguous or unknown Boost reports the error anyway.
const OurOption* ours_by_prefix(const std::vector<OurOption>& ours, std::string_view name) {
  const OurOption* found = nullptr;
  for (const auto& option : ours) {
    if (starts_with(option.name, name)) {
      if (found) return nullptr;
      found = &option;
    }
  }
  return found;
}

}  // namespace

std::vector<std::string> expand_original_abbreviations(std::vector<std::string> args,
                                                       const std::vector<OurOption>& ours) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') continue;  // a value or a stray argument
    std::size_t dashes = arg[1] == '-' ? 2 : 1;
    std::size_t equals = arg.find('=');
    std::string name = lower(std::string_view(arg).substr(dashes, equals - dashes));
    if (name.empty()) continue;
    bool value_attached = equals != std::string::npos;

    const OurOption* ours_exact = ours_named(ours, name);
    const OriginalOption* original = ours_exact ? nullptr : original_for(name);
    bool needs_value = false;
    if (ours_exact) {
      needs_value = ours_exact->needs_value;
    } else if (original) {
      arg = arg.substr(0, dashes) + std::string(original->name) +
            (value_attached ? arg.substr(equals) : "");
      needs_value = original->needs_value;
    } else if (const OurOption* guessed = ours_by_prefix(ours, name)) {
      needs_value = guessed->needs_value;
    }
    // Getopt::Long takes the next argument as the value whatever it looks like; Boost would
    // read "-x" as an option, so the two become one "--name=value".
    if (needs_value && !value_attached && i + 1 < args.size()) {
      arg += "=" + args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
  }
  return args;
}

}  // namespace smokeping::daemon::detail
