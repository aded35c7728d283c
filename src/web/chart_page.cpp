// The Charts pages (web-and-rrd.md §2.8): `_charts` shows the first entry of every chart, in
// the config's order (the original's order is Perl's random hash order); `_charts.<name>`
// ranks one chart's entries with the chart's format.
#include "smokeping/web/html.hpp"
#include "src/web/detail/page_parts.hpp"

namespace smokeping::web::detail {
namespace {

constexpr std::string_view kNoTargets = "<p>No targets returned by the sorter.</p>";

const config::Chart* find_chart(const config::Charts& charts, const std::string& name) {
  for (const auto& chart : charts.charts) {
    if (chart.name == name) return &chart;
  }
  return nullptr;
}

std::string all_charts(PageContext& ctx, const config::Charts& charts, const SorterCache& cache) {
  std::string page;
  for (const auto& chart : charts.charts) {
    page += "<div class=\"panel\"><div class=\"panel-heading\"><h2>" + html_escape(chart.title) +
            "</h2></div>\n";
    std::vector<ChartEntry> entries = rank_chart(cache, chart, ctx.config);
    if (entries.empty()) {
      page += kNoTargets;
    } else {
      page += chart_mode_part(ctx, *entries.front().node, entries.front().path);
    }
    page += "</div>\n";
  }
  return page;
}

std::string one_chart(PageContext& ctx, const config::Chart* chart, const SorterCache& cache) {
  std::string page = "<h1>" + (chart ? html_escape(chart->title) : std::string()) + "</h1>\n";
  std::vector<ChartEntry> entries;
  if (chart) entries = rank_chart(cache, *chart, ctx.config);
  if (entries.empty()) return page + std::string(kNoTargets);
  int rank = 1;
  for (const auto& entry : entries) {
    page += "<div class=\"panel\"><div class=\"panel-heading\"><h2>" + std::to_string(rank++) + ".";
    if (!chart->format.empty())
      page += " " + html_escape(perl_format_number(chart->format, entry.value));
    page += "</h2></div>" + chart_mode_part(ctx, *entry.node, entry.path) + "</div>\n";
  }
  return page;
}

}  // namespace

std::string charts_part(PageContext& ctx, const SorterCache& cache) {
  const config::Charts& charts = *ctx.config.presentation.charts;
  for (const auto& warning : cache.warnings) ctx.notes.push_back("Warning: " + warning);
  const auto& open = ctx.params.open;
  const config::Chart* chart = open.size() < 2 ? nullptr : find_chart(charts, open[1]);
  if (open.size() >= 2 && !chart) ctx.problem(404, "ERROR: unknown chart " + open[1]);
  const std::string head = "<h1>" + html_escape(charts.title) + "</h1>";
  if (!cache.found) return head + "<p>Waiting for initial data ...</p>";
  if (open.size() < 2) return head + all_charts(ctx, charts, cache);
  return one_chart(ctx, chart, cache);
}

}  // namespace smokeping::web::detail
