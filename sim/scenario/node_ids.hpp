#pragma once
// The node ids of a scenario, in placement order: which servers, clients, application servers
// and application clients a run has. The platform places them on hosts; node_configs.hpp gives
// each its configuration.
#include <vector>

#include "models/core/ids.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

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
