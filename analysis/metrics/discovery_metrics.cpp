#include "analysis/metrics/discovery_metrics.hpp"

#include "analysis/stats/fairness.hpp"
#include "models/client/app_ids.hpp"

namespace analysis {

void DiscoveryMetrics::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  if (models::is_app_server(node)) {
    if (std::holds_alternative<models::ProcessStopped>(what) && !dead_.count(node)) {
      dead_[node] = outages_.size();
      outages_.push_back({node, time_ns});
    } else if (std::holds_alternative<models::ProcessStarted>(what)) {
      dead_.erase(node);
      sent_.try_emplace(node, 0);  // a backend that never got a request still counts in R_i
    }
    return;
  }
  if (const auto* sent = std::get_if<models::AppRequestSent>(&what)) return on_sent(time_ns, *sent);
  const auto* done = std::get_if<models::AppRequestDone>(&what);
  if (!done || !measured(done->issued_ns)) return;
  // A failed request counts with the time it took to fail (a timeout, or a reset connection): what
  // the application waited, which is what a slow or dead backend costs it.
  latency_.add(time_ns - done->issued_ns);
  ++(done->ok ? ok_ : failed_);
}

void DiscoveryMetrics::on_sent(models::Time time_ns, const models::AppRequestSent& sent) {
  if (measured(time_ns)) ++sent_[sent.backend];
  auto dead = dead_.find(sent.backend);
  if (dead == dead_.end()) return;
  BackendOutage& outage = outages_[dead->second];
  ++outage.requests;
  outage.last_request_ns = time_ns;
}

std::vector<double> DiscoveryMetrics::loads() const {
  std::vector<double> loads;
  for (const auto& [backend, count] : sent_) loads.push_back(static_cast<double>(count));
  return loads;
}

double DiscoveryMetrics::availability() const {
  return ok_ + failed_ == 0 ? 1.0 : static_cast<double>(ok_) / static_cast<double>(ok_ + failed_);
}

std::uint64_t DiscoveryMetrics::dead_requests() const {
  std::uint64_t total = 0;
  for (const BackendOutage& o : outages_) total += o.requests;
  return total;
}

nlohmann::ordered_json DiscoveryMetrics::to_json() const {
  const LoadSpread spread = load_spread(loads());
  nlohmann::ordered_json backends = nlohmann::ordered_json::object();
  for (const auto& [backend, count] : sent_) backends[std::to_string(models::app_server_number(backend))] = count;
  nlohmann::ordered_json outages = nlohmann::ordered_json::array();
  for (const BackendOutage& o : outages_)
    outages.push_back({{"app_server", models::app_server_number(o.backend)},
                       {"stopped_s", models::to_seconds(o.stopped_ns)},
                       {"requests_after_stop", o.requests},
                       {"continued_s", models::to_seconds(o.continued_ns())}});
  return {{"requests_ok", ok_},
          {"requests_failed", failed_},
          {"availability", availability()},
          {"latency_ms", {{"mean", models::ns_to_ms(latency_.mean_ns())},
                          {"p50", models::to_ms(latency_.percentile_ns(0.5))},
                          {"p99", models::to_ms(latency_.percentile_ns(0.99))},
                          {"p999", models::to_ms(latency_.percentile_ns(0.999))}}},
          {"requests_by_app_server", backends},
          {"load", {{"mean", spread.mean}, {"peak_to_average", spread.peak_to_average}, {"cv", spread.cv}, {"jain", spread.jain}}},
          {"dead_backend_requests", dead_requests()},
          {"dead_backends", outages}};
}

}  // namespace analysis
