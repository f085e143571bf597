#include "analysis/plot/plot_data.hpp"

#include <cassert>
#include <limits>
#include <sstream>

#include "analysis/plot/number_format.hpp"

namespace analysis {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

std::string seconds(models::Time t) { return fixed_number(models::to_seconds(t), 6); }
std::string millis(double ms) { return fixed_number(ms, 6); }

void append_interval_row(std::ostringstream& out, const IntervalStats& i, models::Time interval_ns) {
  const double interval_s = models::to_seconds(interval_ns);
  // Requests waited in an interval without an answer: stuck, none succeeded (zero); no request at
  // all: nothing to say (NaN, a gap in the curve).
  const bool any = i.ok + i.failed > 0;
  const bool any_ok = i.latency.count() > 0;
  out << seconds(i.start_ns) << ' ' << seconds(i.start_ns + interval_ns / 2) << ' '
      << fixed_number(static_cast<double>(i.ok) / interval_s, 3) << ' '
      << fixed_number(static_cast<double>(i.failed) / interval_s, 3) << ' '
      << millis(any_ok ? models::ns_to_ms(i.latency.mean_ns()) : kNan) << ' '
      << millis(any_ok ? models::to_ms(i.latency.percentile_ns(0.99)) : kNan) << ' '
      << fixed_number(static_cast<double>(i.leader_ns) / static_cast<double>(interval_ns), 6) << ' '
      << fixed_number(any ? static_cast<double>(i.ok) / static_cast<double>(i.ok + i.failed) : i.waited ? 0.0 : kNan, 6)
      << '\n';
}

void append_cdf_block(std::ostringstream& out, const char* name, const LatencyHistogram& h) {
  out << "# " << name << " (" << h.count() << " requests)\n";
  std::uint64_t seen = 0;
  for (const auto& [edge_ns, count] : h.buckets()) {
    seen += count;
    out << millis(models::to_ms(edge_ns)) << ' '
        << fixed_number(static_cast<double>(seen) / static_cast<double>(h.count()), 6) << '\n';
  }
  assert(seen == h.count());
}

std::uint64_t served_by(const RunMetrics& metrics, models::NodeId id) {
  const auto it = metrics.served_by_server().find(id);
  return it == metrics.served_by_server().end() ? 0 : it->second;
}

}  // namespace

std::string timeline_dat(const RunMetrics& metrics) {
  std::ostringstream out;
  out << "# start_s mid_s throughput_per_s failed_per_s mean_ms p99_ms leader_fraction client_ok_fraction\n";
  for (const IntervalStats& i : metrics.intervals()) append_interval_row(out, i, metrics.window().interval_ns);
  return out.str();
}

std::string latency_cdf_dat(const RunMetrics& metrics) {
  std::ostringstream out;
  out << "# latency_ms fraction (blocks: index 0 all, 1 read, 2 write)\n";
  append_cdf_block(out, "all", metrics.latency());
  out << "\n\n";  // two blank lines end a gnuplot data block
  append_cdf_block(out, "read", metrics.latency(models::OpKind::read));
  out << "\n\n";
  append_cdf_block(out, "write", metrics.latency(models::OpKind::write));
  return out.str();
}

std::string server_load_dat(const RunMetrics& metrics, const std::vector<models::NodeId>& servers) {
  std::ostringstream out;
  out << "# index server requests requests_per_s (mean L = R / S = "
      << fixed_number(mean_load(metrics, servers), 3) << ")\n";
  const double seconds_measured = metrics.measured_seconds();
  int index = 0;
  for (models::NodeId id : plotted_servers(metrics, servers)) {
    const std::uint64_t served = served_by(metrics, id);
    const double rate = seconds_measured > 0 ? static_cast<double>(served) / seconds_measured : 0.0;
    out << index++ << ' ' << id << ' ' << served << ' ' << fixed_number(rate, 3) << '\n';
  }
  return out.str();
}

std::string outages_dat(const RunMetrics& metrics) {
  std::ostringstream out;
  out << "# start_s end_s duration_ms\n";
  for (const Outage& o : metrics.outages())
    out << seconds(o.start_ns) << ' ' << seconds(o.end_ns) << ' ' << millis(models::to_ms(o.end_ns - o.start_ns)) << '\n';
  return out.str();
}

std::vector<models::NodeId> plotted_servers(const RunMetrics& metrics, const std::vector<models::NodeId>& servers) {
  if (!servers.empty()) return servers;
  std::vector<models::NodeId> out;
  for (const auto& [id, count] : metrics.served_by_server()) out.push_back(id);
  return out;
}

double mean_load(const RunMetrics& metrics, const std::vector<models::NodeId>& servers) {
  const std::vector<models::NodeId> shown = plotted_servers(metrics, servers);
  if (shown.empty()) return 0.0;
  std::uint64_t total = 0;
  for (const auto& [id, count] : metrics.served_by_server()) total += count;
  return static_cast<double>(total) / static_cast<double>(shown.size());
}

}  // namespace analysis
