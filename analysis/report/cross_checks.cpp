#include "analysis/report/cross_checks.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>

#include "analysis/stats/queueing.hpp"

namespace analysis {

namespace {

nlohmann::ordered_json comparison(double model, double simulated) {
  const double difference = model != 0 ? (simulated - model) / model : 0.0;
  return {{"model", model}, {"simulated", simulated}, {"relative_difference", difference}};
}

double served_by(const RunMetrics& m, models::NodeId id) {
  auto it = m.served_by_server().find(id);
  return it == m.served_by_server().end() ? 0.0 : static_cast<double>(it->second);
}

// Why the steady-state model cannot describe this run's reads, or "": a server that answered
// reads was so busy that its queue would need longer than the measured window to settle (at
// saturation, forever), so the run shows a queue still growing, not the model's mean.
std::string unsettled_server(const CrossCheckInputs& in, const RunMetrics& m) {
  const double measured_s = models::to_seconds(m.window().end_ns - m.window().warmup_ns);
  for (const ServerLoad& s : in.servers) {
    if (served_by(m, s.server) == 0) continue;
    const double settle_s = relaxation_time_s(s.utilization, in.read_service_s);
    if (settle_s <= measured_s) continue;
    std::ostringstream reason;
    reason << std::fixed << std::setprecision(1) << "server " << s.server << " CPU " << 100 * s.utilization
           << " % busy: ";
    if (std::isinf(settle_s)) reason << "saturated, its queue grows as long as the load lasts";
    else reason << "its queue needs about " << settle_s << " s to settle, the run measured " << measured_s << " s";
    return reason.str();
  }
  return "";
}

}  // namespace

double predicted_read_latency_s(const CrossCheckInputs& in, const RunMetrics& m) {
  double weighted = 0, weight = 0;
  for (const ServerLoad& s : in.servers) {
    const double served = served_by(m, s.server);
    if (served == 0 || s.utilization >= 1) continue;
    // M/D/1 at the measured utilization: the wait a read sees behind everything else the CPU does.
    const QueueMetrics q = md1(s.utilization / in.read_service_s, in.read_service_s);
    weighted += served * (in.read_network_s + q.mean_response_s);
    weight += served;
  }
  return weight > 0 ? weighted / weight : 0.0;
}

namespace {

// The chain's availability beside the simulated one, and where a run as long as the measured
// window falls if the ensemble were the chain.
nlohmann::ordered_json availability_check(const CrossCheckInputs& in, const RunMetrics& m) {
  if (!in.availability_not_applicable.empty()) return {{"applicable", false}, {"reason", in.availability_not_applicable}};
  if (!in.availability && !in.layout_availability) return nullptr;
  const double model = in.availability ? steady_state_availability(*in.availability) : layout_availability(*in.layout_availability);
  nlohmann::ordered_json out = comparison(model, m.service_availability());
  if (in.layout_availability) out["chain"] = "each server and datacenter";  // not the servers-up count
  const double horizon_s = models::to_seconds(m.window().end_ns - m.window().warmup_ns);
  if (horizon_s <= 0) return out;
  const AvailabilityInterval interval = in.availability ? availability_interval_95(*in.availability, horizon_s)
                                                        : layout_availability_interval_95(*in.layout_availability, horizon_s);
  out["interval_95"] = {interval.low, interval.high};
  out["inside_interval"] = m.service_availability() >= interval.low && m.service_availability() <= interval.high;
  return out;
}

}  // namespace

nlohmann::ordered_json cross_checks_json(const CrossCheckInputs& in, const RunMetrics& m) {
  nlohmann::ordered_json out;
  out["availability"] = availability_check(in, m);
  out["read_latency_ms"] = nullptr;
  const std::string not_applicable =
      in.read_latency_not_applicable.empty() ? unsettled_server(in, m) : in.read_latency_not_applicable;
  if (!not_applicable.empty()) {
    out["read_latency_ms"] = {{"applicable", false}, {"reason", not_applicable}};
    return out;
  }
  const double predicted_s = predicted_read_latency_s(in, m);
  if (predicted_s > 0 && m.latency(models::OpKind::read).count() > 0) {
    out["read_latency_ms"] = comparison(models::seconds_to_ms(predicted_s), models::ns_to_ms(m.latency(models::OpKind::read).mean_ns()));
    double utilization = 0;
    for (const ServerLoad& s : in.servers) utilization = std::max(utilization, s.utilization);
    out["read_latency_ms"]["max_server_utilization"] = utilization;
  }
  return out;
}

}  // namespace analysis
