#pragma once
// Builds the SimGrid platform of a scenario: one host per server and per client host, each with
// its CPU speed, a log disk (timed by the runtime) and a full-duplex network interface; a flat datacenter network in
// which every pair of hosts is connected through their two interfaces; and a controller host
// from which the scenario's events act. The network model is chosen explicitly.
#include <stdexcept>

#include "sim/runtime/world.hpp"

namespace sim {

// The platform cannot be built as the scenario asks (a platform file without the hosts it needs).
struct PlatformError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Builds the generated platform, or loads the scenario's platform file (whose hosts must be named
// server1..serverN, clients1..clientsK and controller, with routes between them all).
void build_platform(World& world);

// Node ids of the servers (voters, then observers) and clients of a scenario, in placement order.
std::vector<models::NodeId> server_ids(const Scenario& scenario);
// Every server of the run: the initial members, then those membership changes add.
std::vector<models::NodeId> all_server_ids(const Scenario& scenario);
std::vector<models::NodeId> voter_ids(const Scenario& scenario);
std::vector<models::NodeId> observer_ids(const Scenario& scenario);
std::vector<models::NodeId> client_ids(const Scenario& scenario);
// Service discovery: application servers (a host each, app1..appN) and application clients
// (spread over hosts appclients1..appclientsK); empty without a services section.
std::vector<models::NodeId> app_server_ids(const Scenario& scenario);
std::vector<models::NodeId> app_client_ids(const Scenario& scenario);

}  // namespace sim
