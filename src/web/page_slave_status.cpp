#include "smokeping/web/slave_status.hpp"
#include "src/web/detail/page_slaves.hpp"

namespace smokeping::web::detail {

std::string slave_status_part(PageContext& ctx, std::int64_t now) {
  if (!ctx.config.slaves) {
    ctx.problem(404, "slave status asked for, but the config has no Slaves section");
    return "<div class=\"error\">This master has no slaves.</div>";
  }
  return "<div class=\"panel slave-status\"><div class=\"panel-body\">" +
         slave_status_table(slave_status(ctx.config, now)) + "</div></div>\n";
}

void add_view_parts(PageContext& ctx, View view, const ViewNode& node,
                    const std::vector<std::string>& open, std::int64_t now,
                    std::map<std::string, std::string, std::less<>>& parts) {
  switch (view) {
    case View::target:
      break;
    case View::slaves:
      parts["body"] = slaves_view_part(ctx, node, open);
      break;
    case View::slave_status:
      parts["title"] = "Slave status";
      parts["remark"] = parts["target_ip"] = "";
      parts["body"] = slave_status_part(ctx, now);
      break;
  }
}

}  // namespace smokeping::web::detail
