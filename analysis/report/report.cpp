#include "analysis/report/report.hpp"

#include <cstdio>
#include <sstream>

#include "analysis/metrics/resource_usage.hpp"
#include "analysis/metrics/storage_metrics.hpp"
#include "analysis/report/fault_report.hpp"
#include "analysis/report/membership_report.hpp"
#include "analysis/report/padded.hpp"

namespace analysis {

namespace {

double ms(models::Time t) { return models::to_ms(t); }

nlohmann::ordered_json latency_json(const LatencyHistogram& h) {
  return {{"count", h.count()},         {"mean_ms", models::ns_to_ms(h.mean_ns())},      {"p50_ms", ms(h.percentile_ns(0.5))},
          {"p90_ms", ms(h.percentile_ns(0.9))}, {"p99_ms", ms(h.percentile_ns(0.99))},
          {"p999_ms", ms(h.percentile_ns(0.999))}, {"max_ms", ms(h.max_ns())},
          {"relative_error", h.relative_error()}};
}

std::uint64_t total_served(const RunMetrics& m) {
  std::uint64_t total = 0;
  for (const auto& [id, count] : m.served_by_server()) total += count;
  return total;
}

// L = R / S over the servers that served in the measured window (a server removed before it, or
// added and never started, holds none of the load).
double load_factor(const RunMetrics& m) {
  return m.servers_serving() == 0 ? 0.0 : static_cast<double>(total_served(m)) / static_cast<double>(m.servers_serving());
}

std::string role_of(const RunMetrics& m, models::NodeId id) {
  if (m.removed(id)) return "REMOVED";
  auto it = m.roles().find(id);
  return it == m.roles().end() ? "DOWN" : models::peer_state_name(it->second);
}

nlohmann::ordered_json servers_json(const RunMetrics& m, const std::vector<models::NodeId>& servers) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  const double seconds = m.measured_seconds();
  for (models::NodeId id : servers) {
    auto it = m.served_by_server().find(id);
    const std::uint64_t served = it == m.served_by_server().end() ? 0 : it->second;
    out.push_back({{"id", id}, {"final_state", role_of(m, id)}, {"requests", served},
                   {"requests_per_s", seconds > 0 ? static_cast<double>(served) / seconds : 0.0}});
  }
  return out;
}

nlohmann::ordered_json availability_json(const RunMetrics& m) {
  nlohmann::ordered_json outages = nlohmann::ordered_json::array();
  for (const Outage& o : m.outages())
    outages.push_back({{"start_s", models::to_seconds(o.start_ns)}, {"end_s", models::to_seconds(o.end_ns)},
                       {"duration_ms", ms(o.end_ns - o.start_ns)}, {"cause", o.cause}});
  return {{"service_percent", 100.0 * m.service_availability()},
          {"client_percent", 100.0 * m.client_availability()},
          {"request_timeout_ms", m.window().request_timeout_ns ? nlohmann::ordered_json(ms(m.window().request_timeout_ns))
                                                                 : nlohmann::ordered_json(nullptr)},
          {"failed_by_deadline", m.failed_by_deadline()},
          {"write_unavailability", outages}};
}

nlohmann::ordered_json elections_json(const RunMetrics& m) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const ElectionRecord& e : m.elections())
    out.push_back({{"server", e.server}, {"leader", e.leader}, {"epoch", e.epoch},
                   {"started_s", models::to_seconds(e.started_ns)}, {"finished_s", models::to_seconds(e.finished_ns)},
                   {"duration_ms", ms(e.finished_ns - e.started_ns)}});
  return out;
}

nlohmann::ordered_json leaderships_json(const RunMetrics& m) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  const auto seconds_or_null = [](const std::optional<models::Time>& t) {
    return t ? nlohmann::ordered_json(models::to_seconds(*t)) : nlohmann::ordered_json(nullptr);
  };
  for (const Leadership& l : m.leaderships())
    out.push_back({{"server", l.server}, {"epoch", l.epoch}, {"from_s", models::to_seconds(l.from_ns)},
                   {"to_s", seconds_or_null(l.to_ns)}, {"commits", l.commits},
                   {"last_commit_s", seconds_or_null(l.last_commit_ns)}});
  return out;
}

}  // namespace

nlohmann::ordered_json report_json(const RunInfo& info, const RunMetrics& m, const std::vector<models::NodeId>& servers) {
  nlohmann::ordered_json run = {{"status", info.status}, {"scenario", info.scenario}, {"description", info.description}, {"seed", info.seed},
                                {"network_model", info.network_model}, {"protocol", info.protocol},
                                {"profile", info.profile}, {"servers", info.servers}, {"clients", info.clients},
                                {"duration_s", info.duration_s}, {"warmup_s", info.warmup_s}};
  if (!info.quorums.empty()) run["quorums"] = info.quorums;
  nlohmann::ordered_json summary = {
      {"measured_s", m.measured_seconds()},
      {"requests_ok", m.ok()},
      {"requests_failed", m.failed()},
      {"throughput_per_s", m.throughput_per_s()},
      {"servers_serving", m.servers_serving()},
      {"load_factor_per_server", load_factor(m)}};
  nlohmann::ordered_json report = {{"schema", kReportSchema},
          {"run", run},
          {"summary", summary},
          {"latency", {{"all", latency_json(m.latency())},
                       {"read", latency_json(m.latency(models::OpKind::read))},
                       {"write", latency_json(m.latency(models::OpKind::write))}}},
          {"availability", availability_json(m)},
          {"servers", servers_json(m, servers)},
          {"elections", elections_json(m)},
          {"leaderships", leaderships_json(m)},
          {"cross_checks", info.cross_checks},
          {"safety", info.safety},
          {"engine", info.engine}};
  if (!info.service_discovery.is_null()) report["service_discovery"] = info.service_discovery;
  if (!info.membership.is_null()) report["membership"] = info.membership;  // optional section
  if (!info.faults.is_null()) report["faults"] = info.faults;              // optional section
  if (!info.storage.is_null()) report["storage"] = info.storage;           // optional section
  if (!info.resources.is_null()) report["resources"] = info.resources;
  return report;
}

namespace {
std::string format(const char* fmt, double a) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, fmt, a);
  return buffer;
}
}  // namespace

std::string summary_table(const RunInfo& info, const RunMetrics& m, const std::vector<models::NodeId>& servers) {
  std::ostringstream out;
  out << "zksim  scenario " << info.scenario << "  seed " << info.seed << "  network " << info.network_model
      << "  protocol " << info.protocol << "\n";
  out << "  " << info.servers << " servers, " << info.clients << " clients, " << info.duration_s
      << " s simulated (" << info.warmup_s << " s warm-up)\n\n";
  out << "  throughput    " << format("%10.1f", m.throughput_per_s()) << " req/s   (" << m.ok() << " ok, "
      << m.failed() << " failed)\n";
  for (const auto& [label, kind] : {std::pair<const char*, std::optional<models::OpKind>>{"all", std::nullopt},
                                    {"read", models::OpKind::read}, {"write", models::OpKind::write}}) {
    const LatencyHistogram& h = m.latency(kind);
    out << "  latency " << padded(label, 6) << "mean " << format("%8.3f", models::ns_to_ms(h.mean_ns())) << " ms  p50 " << format("%8.3f", ms(h.percentile_ns(0.5)))
        << "  p99 " << format("%8.3f", ms(h.percentile_ns(0.99))) << "  p99.9 " << format("%8.3f", ms(h.percentile_ns(0.999)))
        << "  max " << format("%8.3f", ms(h.max_ns())) << "\n";
  }
  if (info.status != "completed") out << "  STATUS        " << info.status << "\n";
  out << "  availability  service " << format("%.4f", 100.0 * m.service_availability()) << " %   client "
      << format("%.4f", 100.0 * m.client_availability()) << " %   (" << m.outages().size() << " windows without a leader able to commit)\n";
  if (m.window().request_timeout_ns)
    out << "                client counts " << m.failed_by_deadline() << " requests not answered within "
        << format("%.0f", ms(m.window().request_timeout_ns)) << " ms as failed\n";
  for (const char* check : {"availability", "read_latency_ms"}) {
    if (!info.cross_checks.contains(check) || info.cross_checks[check].is_null()) continue;
    const auto& c = info.cross_checks[check];
    if (c.contains("applicable")) {
      out << "  model check   " << padded(check, 16) << "not applicable: " << c["reason"].get<std::string>() << "\n";
      continue;
    }
    out << "  model check   " << padded(check, 16) << "model " << format("%10.4f", c["model"].get<double>()) << "   simulated "
        << format("%10.4f", c["simulated"].get<double>()) << "   difference "
        << format("%+.1f %%", 100 * c["relative_difference"].get<double>());
    if (c.contains("interval_95"))  // where one run of this length falls, 95 times in 100
      out << "   (one run: " << format("%.4f", c["interval_95"][0].get<double>()) << " to "
          << format("%.4f", c["interval_95"][1].get<double>()) << ")";
    out << "\n";
  }
  out << "\n  server  state       requests    req/s\n";
  for (const auto& s : servers_json(m, servers))
    out << "  " << format("%6.0f", s["id"].get<double>()) << "  " << padded(s["final_state"].get<std::string>(), 12)
        << format("%8.0f", s["requests"].get<double>()) << "  " << format("%7.1f", s["requests_per_s"].get<double>()) << "\n";
  const std::uint64_t served = total_served(m);
  out << "  load factor L = R / S = " << served << " / " << m.servers_serving() << " = " << format("%.1f", load_factor(m));
  if (m.servers_serving() != servers.size()) out << "   (S: the servers that served in the measured window)";
  out << "\n";
  if (!info.resources.is_null()) out << bottleneck_summary(info.resources);
  if (!info.membership.is_null()) out << membership_summary(info.membership);
  if (!info.faults.is_null()) out << faults_summary(info.faults);
  if (!info.storage.is_null()) out << storage_summary(info.storage);
  return out.str();
}

std::string timeseries_csv(const RunMetrics& m) {
  std::ostringstream out;
  out << "start_s,ok,failed,throughput_per_s,mean_ms,p99_ms,leader_fraction,requests_waited\n";
  const double interval_s = models::to_seconds(m.window().interval_ns);
  for (const IntervalStats& i : m.intervals()) {
    out << models::to_seconds(i.start_ns) << "," << i.ok << "," << i.failed << ","
        << format("%.3f", static_cast<double>(i.ok) / interval_s) << "," << format("%.3f", models::ns_to_ms(i.latency.mean_ns())) << ","
        << format("%.3f", ms(i.latency.percentile_ns(0.99))) << ","
        << format("%.4f", static_cast<double>(i.leader_ns) / static_cast<double>(m.window().interval_ns)) << ","
        << (i.waited ? 1 : 0) << "\n";
  }
  return out.str();
}

}  // namespace analysis
