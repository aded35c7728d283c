#include "smokeping/web/metrics_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <vector>

#include "smokeping/protocol/health_file.hpp"
#include "smokeping/store/rrd_read.hpp"
#include "smokeping/store/rrd_store.hpp"
#include "smokeping/web/metrics_exposition.hpp"
#include "smokeping/web/slave_status.hpp"

namespace smokeping::web {
namespace {

using Type = Exposition::Type;

// One RRD's last row.
struct TargetRow {
  MetricLabels labels;  // path, slave, probe
  int pings = 0;
  bool readable = false;
  std::int64_t time = 0;
  std::optional<double> loss, median;
  std::vector<double> rtts;  // the known ping times, ascending
};

// The nearest-rank quantile of ascending `sorted` (not empty).
double quantile(const std::vector<double>& sorted, double q) {
  const double rank = std::ceil(q * static_cast<double>(sorted.size()));
  const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

std::vector<TargetRow> read_rows(const config::Config& config) {
  std::vector<TargetRow> rows;
  config.for_each_host([&](const config::TargetNode& node) {
    if (!node.has_host()) return;
    std::vector<std::string> slaves{""};
    slaves.insert(slaves.end(), node.slaves.begin(), node.slaves.end());
    for (const auto& slave : slaves) {
      TargetRow row;
      row.labels = {{"path", "/" + node.rel_path()},
                    {"slave", slave},
                    {"probe", node.probe ? node.probe->name : ""}};
      row.pings = node.pings;
      store::LastUpdate last = store::last_update(store::rrd_path(config, node, slave));
      row.readable = last.error.empty();
      if (row.readable) {
        row.time = last.time;
        row.loss = last.value("loss");
        row.median = last.value("median");
        for (int i = 1; i <= node.pings; ++i) {
          if (auto v = last.value("ping" + std::to_string(i))) row.rtts.push_back(*v);
        }
        std::sort(row.rtts.begin(), row.rtts.end());
      }
      rows.push_back(std::move(row));
    }
  });
  return rows;
}

void target_metrics(Exposition& out, const std::vector<TargetRow>& rows) {
  out.family("smokeping_target_rrd_readable", Type::gauge,
             "1 when the target's RRD file could be read, else 0.");
  for (const auto& r : rows) out.sample("smokeping_target_rrd_readable", r.labels, r.readable);

  out.family("smokeping_target_last_update_timestamp_seconds", Type::gauge,
             "Unix time of the target's last round in its RRD.");
  for (const auto& r : rows) {
    if (r.readable)
      out.sample("smokeping_target_last_update_timestamp_seconds", r.labels,
                 static_cast<double>(r.time));
  }
  out.family("smokeping_target_median_seconds", Type::gauge,
             "Median round trip time of the last round (NaN when every ping was lost).");
  for (const auto& r : rows) {
    if (r.readable)
      out.sample("smokeping_target_median_seconds", r.labels, r.median.value_or(std::nan("")));
  }
  out.family("smokeping_target_loss_ratio", Type::gauge,
             "Share of the last round's pings that were lost (0 to 1).");
  for (const auto& r : rows) {
    if (!r.readable) continue;
    double ratio = r.loss && r.pings > 0 ? *r.loss / r.pings : std::nan("");
    out.sample("smokeping_target_loss_ratio", r.labels, ratio);
  }
  out.family("smokeping_target_pings", Type::gauge, "Pings sent to the target per round.");
  for (const auto& r : rows) {
    if (r.readable) out.sample("smokeping_target_pings", r.labels, r.pings);
  }

  // A summary of the last round alone: _count and _sum restart every round, so rate() over
  // them means nothing; the quantiles are what to graph.
  out.family("smokeping_target_rtt_seconds", Type::summary,
             "Round trip times of the last round's answered pings: quantiles by nearest rank "
             "(0 the fastest, 1 the slowest), _count answered pings, _sum their total.");
  for (const auto& r : rows) {
    if (!r.readable) continue;
    if (!r.rtts.empty()) {
      for (double q : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        MetricLabels labels = r.labels;
        labels.emplace_back("quantile", fmt::format("{}", q));
        out.sample("smokeping_target_rtt_seconds", labels, quantile(r.rtts, q));
      }
    }
    double sum = 0;
    for (double v : r.rtts) sum += v;
    out.sample("smokeping_target_rtt_seconds_sum", r.labels, sum);
    out.sample("smokeping_target_rtt_seconds_count", r.labels, static_cast<double>(r.rtts.size()));
  }
}

void slave_metrics(Exposition& out, const SlaveStatusReport& report) {
  if (report.slaves.empty()) return;
  auto each = [&](const std::string& name, Type type, std::string_view help, auto value) {
    out.family(name, type, help);
    for (const auto& s : report.slaves) {
      if (std::optional<double> v = value(s)) out.sample(name, {{"slave", s.name}}, *v);
    }
  };
  using S = SlaveStatus;
  using O = std::optional<double>;
  each("smokeping_slave_last_seen_timestamp_seconds", Type::gauge,
       "Unix time of the slave's newest data at the master (RRD row or cache file).",
       [](const S& s) { return s.last_seen > 0 ? O(s.last_seen) : O(); });
  each("smokeping_slave_cache_backlog_files", Type::gauge,
       "The slave's .slave_cache files waiting for the daemon.",
       [](const S& s) { return O(s.backlog_files); });
  each("smokeping_slave_cache_backlog_bytes", Type::gauge,
       "Bytes in the slave's waiting .slave_cache files.",
       [](const S& s) { return O(s.backlog_bytes); });
  each("smokeping_slave_cache_backlog_rows", Type::gauge,
       "Result rows in the slave's waiting .slave_cache files.",
       [](const S& s) { return O(s.backlog_rows); });
  each("smokeping_slave_last_merge_timestamp_seconds", Type::gauge,
       "Unix time the daemon last merged rows of the slave (0: not since it started).",
       [](const S& s) { return s.last_merge ? O(*s.last_merge) : O(); });
  each("smokeping_slave_merged_rows_total", Type::counter,
       "Rows of the slave the daemon merged since it started.",
       [](const S& s) { return s.rows_merged ? O(*s.rows_merged) : O(); });
}

void health_metrics(Exposition& out, const config::Config& config, std::int64_t now) {
  protocol::HealthRead read =
      protocol::read_health_file(protocol::health_file_path(config.general));
  out.family("smokeping_health_file_readable", Type::gauge,
             "1 when the daemon's health file could be read, else 0.");
  out.sample("smokeping_health_file_readable", {}, read.health ? 1 : 0);
  if (!read.health) return;
  const protocol::Health& h = *read.health;
  out.family("smokeping_health_file_age_seconds", Type::gauge,
             "Seconds since the daemon last wrote its health file (after each round).");
  out.sample("smokeping_health_file_age_seconds", {}, static_cast<double>(now - h.written));
  out.family("smokeping_daemon_start_time_seconds", Type::gauge,
             "Unix time the master daemon started.");
  out.sample("smokeping_daemon_start_time_seconds", {}, static_cast<double>(h.started));
  out.family("smokeping_daemon_info", Type::gauge, "The master daemon's version and pid.");
  out.sample("smokeping_daemon_info", {{"version", h.version}, {"pid", std::to_string(h.pid)}}, 1);

  auto each = [&](const std::string& name, Type type, std::string_view help, auto value) {
    out.family(name, type, help);
    for (const auto& p : h.probes) out.sample(name, {{"probe", p.name}}, value(p));
  };
  using P = protocol::ProbeHealth;
  each("smokeping_probe_round_duration_seconds", Type::gauge,
       "How long the probe's last round took.",
       [](const P& p) { return static_cast<double>(p.last_seconds); });
  each("smokeping_probe_round_start_timestamp_seconds", Type::gauge,
       "Unix time the probe's last round was due.",
       [](const P& p) { return static_cast<double>(p.last_start); });
  each("smokeping_probe_step_seconds", Type::gauge, "The probe's step.",
       [](const P& p) { return static_cast<double>(p.step); });
  each("smokeping_probe_round_targets", Type::gauge, "Targets the probe's last round measured.",
       [](const P& p) { return static_cast<double>(p.targets); });
  each("smokeping_probe_rounds_total", Type::counter, "Rounds since the daemon started.",
       [](const P& p) { return static_cast<double>(p.rounds); });
  each("smokeping_probe_overruns_total", Type::counter,
       "Rounds that ended after their step was over, since the daemon started.",
       [](const P& p) { return static_cast<double>(p.overruns); });
}

}  // namespace

std::string metrics_text(const config::Config& config, std::int64_t now) {
  const auto begin = std::chrono::steady_clock::now();
  Exposition out;
  target_metrics(out, read_rows(config));
  slave_metrics(out, slave_status(config, now));
  health_metrics(out, config, now);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - begin;
  out.family("smokeping_metrics_scrape_duration_seconds", Exposition::Type::gauge,
             "How long smokeping.cgi took to read the files for this page.");
  out.sample("smokeping_metrics_scrape_duration_seconds", {}, took.count());
  return out.text();
}

}  // namespace smokeping::web
