#include <fmt/format.h>

#include "smokeping/config/load.hpp"
#include "src/config/detail/engine.hpp"
#include "src/config/detail/smokeping_grammar.hpp"

namespace smokeping::config {

std::unique_ptr<RawSection> parse_file(const std::string& path, const CheckEnv& env,
                                       std::vector<std::string>* files_read) {
  detail::SmokepingGrammar grammar;
  detail::Engine engine(grammar.root(), path, env);
  detail::read_config(path, engine);
  auto tree = engine.finish();
  if (files_read) *files_read = engine.files();
  return tree;
}

std::string check_success_text(const std::string& path) {
  return fmt::format("Configuration file '{}' syntax OK.", path);
}

}  // namespace smokeping::config
