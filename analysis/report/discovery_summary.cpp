#include "analysis/report/discovery_summary.hpp"

#include <cstdio>

#include "analysis/stats/fairness.hpp"
#include "models/client/app_ids.hpp"

namespace analysis {

std::string discovery_summary(const DiscoveryMetrics& m) {
  char line[256];
  std::string out = "\n  service discovery (app requests)\n";
  std::snprintf(line, sizeof line, "  requests      %llu ok, %llu failed   availability %.4f %%\n",
                static_cast<unsigned long long>(m.ok()), static_cast<unsigned long long>(m.failed()),
                100.0 * m.availability());
  out += line;
  const LatencyHistogram& h = m.latency();
  std::snprintf(line, sizeof line, "  latency       mean %8.3f ms  p50 %8.3f  p99 %8.3f  p99.9 %8.3f\n", models::ns_to_ms(h.mean_ns()),
                models::to_ms(h.percentile_ns(0.5)), models::to_ms(h.percentile_ns(0.99)),
                models::to_ms(h.percentile_ns(0.999)));
  out += line;
  out += "  app server    requests\n";
  for (const auto& [backend, count] : m.sent_by_backend()) {
    std::snprintf(line, sizeof line, "  %10d    %8llu\n", models::app_server_number(backend),
                  static_cast<unsigned long long>(count));
    out += line;
  }
  const LoadSpread spread = load_spread(m.loads());
  std::snprintf(line, sizeof line, "  load          L = %.1f   peak-to-average %.3f   CV %.3f   Jain %.4f\n", spread.mean,
                spread.peak_to_average, spread.cv, spread.jain);
  out += line;
  for (const BackendOutage& o : m.outages()) {
    std::snprintf(line, sizeof line, "  app server %d stopped at %.3f s: %llu requests sent to it after, for %.3f s\n",
                  models::app_server_number(o.backend), models::to_seconds(o.stopped_ns),
                  static_cast<unsigned long long>(o.requests), models::to_seconds(o.continued_ns()));
    out += line;
  }
  return out;
}

}  // namespace analysis
