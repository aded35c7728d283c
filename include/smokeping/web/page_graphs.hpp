// The graphs a page asks for, behind an interface so that the pages can be tested without
// librrd (a fake answers with names and sizes) and the real GraphMaker plugs in in one place.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/web/graphs.hpp"

namespace smokeping::web {

class PageGraphs {
 public:
  virtual ~PageGraphs() = default;
  // GraphMaker's members of the same names; see graphs.hpp for what each returns.
  virtual std::optional<GraphImage> overview(const config::TargetNode& node) = 0;
  virtual std::vector<DetailPanel> detail(const config::TargetNode& node) = 0;
  virtual RangeGraph navigator(const config::TargetNode& node, std::string_view slave,
                               std::string_view start, std::string_view end,
                               std::string_view title) = 0;
  virtual RangeGraph ajax(const config::TargetNode& node, std::string_view slave,
                          std::string_view start, std::string_view end, std::string_view title) = 0;
  virtual RangeGraph chart(const config::TargetNode& node) = 0;
};

// The real graphs: a GraphMaker for `config` (which must outlive the result).
std::unique_ptr<PageGraphs> make_page_graphs(const config::Config& config, GraphEnv env);

}  // namespace smokeping::web
