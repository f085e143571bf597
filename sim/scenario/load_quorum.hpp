#pragma once
// Hierarchical quorums in a scenario (ensemble.groups, ensemble.weights): reading them with their
// JSON paths, checking them against the voters they apply to as ZooKeeper's QuorumPeerConfig and
// QuorumHierarchical would (a voter in two groups or in none, a group with no voter, a weight of a
// server that does not vote, weights that can never make a quorum), and turning a scenario into
// the models' static configuration.
#include <cstdint>
#include <map>
#include <vector>

#include "models/core/configuration.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

// A quorum layout as written: groups of server ids (or one group per datacenter) and weights.
struct QuorumLayoutSpec {
  std::vector<std::vector<models::NodeId>> groups;
  bool per_datacenter = false;
  std::map<models::NodeId, std::uint64_t> weights;
  bool hierarchical() const { return per_datacenter || !groups.empty(); }
};

// `groups` ("per_datacenter", "majority" or groups of ids) and `weights` of the object r (the
// ensemble, or a set_quorum event), ids from 1 to server_count; not checked against the voters.
void read_quorum_layout(const JsonReader& r, int server_count, QuorumLayoutSpec& layout);
// An object of server id -> weight (ensemble.weights, a set_weights event's weights).
void read_weights(const JsonReader& w, int server_count, std::map<models::NodeId, std::uint64_t>& weights);

// "per_datacenter": one group per datacenter that holds one of the voters, in datacenter order.
std::vector<std::vector<models::NodeId>> groups_per_datacenter(const Scenario& s, const std::vector<models::NodeId>& voters);
// The scenario's static configuration: its voters, observers, groups and weights, version 0.
models::Configuration static_configuration(const Scenario& s);
// Reads ensemble.groups and ensemble.weights; resolves per_datacenter; checks (after placement).
void read_ensemble_quorums(const JsonReader& ensemble, Scenario& s);

}  // namespace sim
