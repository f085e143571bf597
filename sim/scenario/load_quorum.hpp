#pragma once
// Hierarchical quorums in a scenario (ensemble.groups, ensemble.weights): reading them with their
// JSON paths, checking them against the voters they apply to as ZooKeeper's QuorumPeerConfig and
// QuorumHierarchical would (a voter in two groups or in none, a group with no voter, a weight of a
// server that does not vote, weights that can never make a quorum), and turning a scenario into
// the models' static configuration.
#include "models/core/configuration.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

// "per_datacenter": one group per datacenter that holds one of the voters, in datacenter order.
std::vector<std::vector<models::NodeId>> groups_per_datacenter(const Scenario& s, const std::vector<models::NodeId>& voters);
// The scenario's static configuration: its voters, observers, groups and weights, version 0.
models::Configuration static_configuration(const Scenario& s);
// Reads ensemble.groups and ensemble.weights; resolves per_datacenter; checks (after placement).
void read_ensemble_quorums(const JsonReader& ensemble, Scenario& s);

}  // namespace sim
