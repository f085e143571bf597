#pragma once
// Hierarchical quorums in a scenario (ensemble.groups, ensemble.weights, and the set_quorum and
// set_weights membership events): reading them with their JSON paths, checking them against the
// voters they apply to as ZooKeeper's QuorumPeerConfig and QuorumHierarchical would (a voter in
// two groups or in none, a group with no voter, a weight of a server that does not vote, weights
// that can never make a quorum), and turning a scenario into the models' static configuration.
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

// Reads `groups` ("per_datacenter" or an array of arrays of ids) and `weights` (an object of id
// -> weight) of the object `r`, ids between 1 and `server_count`.
void read_quorum_layout(const JsonReader& r, int server_count, QuorumLayoutSpec& layout);
// One group per datacenter that holds one of the voters, in datacenter order.
std::vector<std::vector<models::NodeId>> groups_per_datacenter(const Scenario& s, const std::vector<models::NodeId>& voters);
// Checks the layout (groups resolved) against the voters and observers it applies to; each
// problem is reported at the key of `r` it comes from.
void check_quorum_layout(const JsonReader& r, const std::vector<models::NodeId>& voters,
                         const std::vector<models::NodeId>& observers, const QuorumLayoutSpec& layout);
// The configuration of those voters and observers under the layout (groups resolved), normalized.
models::Configuration configuration_of(const std::vector<models::NodeId>& voters, const std::vector<models::NodeId>& observers,
                                       const std::vector<std::vector<models::NodeId>>& groups,
                                       const std::map<models::NodeId, std::uint64_t>& weights);
// The scenario's static configuration: its voters, observers, groups and weights, version 0.
models::Configuration static_configuration(const Scenario& s);
// Reads ensemble.groups and ensemble.weights; resolves per_datacenter; checks (after placement).
void read_ensemble_quorums(const JsonReader& ensemble, Scenario& s);
// A hierarchical ensemble changes its membership only by a whole new configuration (ZooKeeper
// refuses incremental reconfigs of one), which scenarios cannot ask for yet: membership events
// of a hierarchical ensemble are refused, at the event.
void check_membership_of_groups(const JsonReader& scenario, const Scenario& s);

}  // namespace sim
