#pragma once
// What service discovery cost the application, from the application clients' observations and
// the backends' process stops and starts: per-backend request counts R_i, latency and success of
// application requests, and requests sent to dead backends (a backend is dead from its process
// stop until it starts again). Clients stop sending to a crashed backend only after its session
// expires, its ephemeral znode is deleted and their watch fires: the "continued" time per crash
// measures that delay.
#include <cstdint>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/metrics/latency_histogram.hpp"
#include "analysis/metrics/run_metrics.hpp"
#include "analysis/recorder.hpp"

namespace analysis {

struct BackendOutage {
  models::NodeId backend = models::kNoNode;
  models::Time stopped_ns = 0;
  std::uint64_t requests = 0;                // sent to it while it was dead
  models::Time last_request_ns = -1;         // the last of them (-1: none)
  models::Time continued_ns() const { return last_request_ns < 0 ? 0 : last_request_ns - stopped_ns; }
};

class DiscoveryMetrics final : public Recorder {
 public:
  explicit DiscoveryMetrics(MetricsWindow window) : window_(window) {}
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;

  // Requests sent to each backend in the measured window (every backend that ever started).
  std::vector<double> loads() const;
  const std::map<models::NodeId, std::uint64_t>& sent_by_backend() const { return sent_; }
  const LatencyHistogram& latency() const { return latency_; }  // every request, until answered or failed
  std::uint64_t ok() const { return ok_; }
  std::uint64_t failed() const { return failed_; }
  double availability() const;  // ok / (ok + failed) in the measured window
  std::uint64_t dead_requests() const;  // over the whole run
  const std::vector<BackendOutage>& outages() const { return outages_; }
  nlohmann::ordered_json to_json() const;

 private:
  bool measured(models::Time t) const { return t >= window_.warmup_ns && t < window_.end_ns; }
  void on_sent(models::Time time_ns, const models::AppRequestSent& sent);

  MetricsWindow window_;
  std::map<models::NodeId, std::uint64_t> sent_;
  std::map<models::NodeId, std::size_t> dead_;  // backend -> index of its open outage
  std::vector<BackendOutage> outages_;
  LatencyHistogram latency_;
  std::uint64_t ok_ = 0, failed_ = 0;
};

}  // namespace analysis
