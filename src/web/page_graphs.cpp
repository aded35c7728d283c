#include "smokeping/web/page_graphs.hpp"

namespace smokeping::web {
namespace {

class MakerGraphs final : public PageGraphs {
 public:
  MakerGraphs(const config::Config& config, GraphEnv env) : maker_(config, std::move(env)) {}

  std::optional<GraphImage> overview(const config::TargetNode& node) override {
    return maker_.overview(node);
  }
  std::vector<DetailPanel> detail(const config::TargetNode& node) override {
    return maker_.detail(node);
  }
  RangeGraph navigator(const config::TargetNode& node, std::string_view slave,
                       std::string_view start, std::string_view end,
                       std::string_view title) override {
    return maker_.navigator(node, slave, start, end, title);
  }
  RangeGraph ajax(const config::TargetNode& node, std::string_view slave, std::string_view start,
                  std::string_view end, std::string_view title) override {
    return maker_.ajax(node, slave, start, end, title);
  }
  RangeGraph chart(const config::TargetNode& node) override { return maker_.chart(node); }

 private:
  GraphMaker maker_;
};

}  // namespace

std::unique_ptr<PageGraphs> make_page_graphs(const config::Config& config, GraphEnv env) {
  return std::make_unique<MakerGraphs>(config, std::move(env));
}

}  // namespace smokeping::web
