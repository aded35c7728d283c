// The modern UI (issue 10): a second page template (etc/basepage-modern.html.dist with
// cgi/www/css/modern.css and js/modern.js) next to the original's, and the combined slave
// view. Nothing here changes the classic pages: without `ui=modern` and with a classic
// template they are what they were.
//
// Which UI a request gets:
//   `ui=modern`  the modern template, found next to Presentation/template as
//                basepage-modern.html (or basepage-modern.html.dist, as installed);
//   `ui=classic` Presentation/template, or basepage.html(.dist) next to it when that is modern;
//   neither      Presentation/template, which is modern when its file name has "modern" in it.
// The modern UI draws its graphs as SVG (crisp at any pixel density); the classic one as PNG.
// Any other `ui` or `view` value is a 400.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/web/graphs.hpp"

namespace smokeping::web {

enum class Ui { classic, modern };

// `view`: absent (the target's page), `slaves` (the target's master and slaves in one graph)
// or `slavestatus` (the slaves' status table, slave_status.hpp, inside the page with its menu:
// the modern UI's link; `?slavestatus` is the same table in a page of its own).
enum class View { target, slaves, slave_status };

struct UiChoice {
  Ui ui = Ui::classic;
  std::string template_path;              // the template this request's page is filled from
  ImageFormat format = ImageFormat::png;  // of every graph the page draws
  View view = View::target;
  std::string error;  // not empty: refuse the request (400) with this text
};

UiChoice choose_ui(const config::Config& config, const protocol::FormFields& form);

// The modern template for a classic one: the first of <dir>/basepage-modern.html and
// <dir>/basepage-modern.html.dist that exists (the first when neither does).
std::string modern_template_path(const std::string& classic_template);

// The placeholders only the modern template uses (a classic template may use them too):
//   <##slaveslink##>  a link to the target's combined slave view, "" without slaves;
//   <##uiswitch##>    a link to the same page in the other UI.
// `target_link` is the page's own link ("<cgiurl>?target=A.B", not escaped).
std::map<std::string, std::string, std::less<>> modern_parts(const config::TargetNode* shown,
                                                             const std::string& target_link,
                                                             const UiChoice& ui);

// The node the combined slave view draws: `target` as a multihost node listing the master's
// file (unless nomasterpoll) and each slave's, so one graph shows every median with a legend
// entry per slave (its display_name). nullopt when `target` has no slaves.
std::optional<config::TargetNode> slaves_node(const config::TargetNode& target);

}  // namespace smokeping::web
