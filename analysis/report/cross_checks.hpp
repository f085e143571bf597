#pragma once
// Analytic cross-checks printed beside the simulated values, with their relative difference: the
// availability of the ensemble from a Markov chain of server up/down states (when the scenario
// has a random failure process), and the mean read latency from a queueing model of one server at
// its measured utilization. A large difference says the simulation and the simple model disagree:
// either the model's assumptions do not hold (saturation, correlated faults) or something is off.
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/metrics/run_metrics.hpp"
#include "analysis/stats/availability_ctmc.hpp"
#include "analysis/stats/layout_availability.hpp"

namespace analysis {

struct ServerLoad {
  models::NodeId server = models::kNoNode;
  double utilization = 0;  // share of the measured time its CPU was busy
};

struct CrossCheckInputs {
  // The failure process, if the scenario has one: the chain over servers up where that describes
  // it, the chain over each server and datacenter otherwise (hierarchical quorums, datacenter
  // outages, servers that do not fail), or why neither does (not_applicable).
  std::optional<AvailabilityModel> availability;
  std::optional<LayoutAvailabilityModel> layout_availability;
  std::string availability_not_applicable;
  double read_service_s = 0;  // CPU time of one read on a server
  double read_network_s = 0;  // request and reply over the network, without queueing
  std::vector<ServerLoad> servers;
  // Why the read latency model does not describe this run (empty when it does): M/D/1 at a steady
  // utilization knows nothing of reconnects after a fault, of wide-area hops, or of a platform
  // file's own links, and a difference printed there would be meaningless.
  std::string read_latency_not_applicable;
};

// {"availability": {model, simulated, relative_difference}, or {"applicable": false, "reason": ...},
//                  or null (no failure process),
//  "read_latency_ms": {model, simulated, relative_difference, utilization}, or
//                     {"applicable": false, "reason": ...}, or null}
nlohmann::ordered_json cross_checks_json(const CrossCheckInputs& inputs, const RunMetrics& metrics);
// Predicted mean read latency: network + service + M/D/1 wait at each server's utilization,
// weighted by the requests each server answered.
double predicted_read_latency_s(const CrossCheckInputs& inputs, const RunMetrics& metrics);

}  // namespace analysis
