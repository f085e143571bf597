#include "models/core/configuration.hpp"

#include <cassert>
#include <map>

namespace models {

namespace {

std::string id_list(const std::vector<NodeId>& ids) {
  std::string text;
  for (NodeId id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
  return text;
}

}  // namespace

std::uint64_t Configuration::weight(NodeId id) const {
  if (!is_voter(id)) return 0;
  if (!hierarchical()) return 1;
  auto it = std::lower_bound(weights.begin(), weights.end(), id,
                             [](const VoterWeight& w, NodeId key) { return w.id < key; });
  return it != weights.end() && it->id == id ? it->weight : 1;
}

std::uint64_t Configuration::group_of(NodeId id) const {
  for (const VoterGroup& g : groups)
    if (std::binary_search(g.members.begin(), g.members.end(), id)) return g.id;
  return 0;
}

bool Configuration::is_quorum(const std::set<NodeId>& ids) const {
  return hierarchical() ? is_hierarchical_quorum(ids) : is_majority_quorum(ids);
}

// QuorumHierarchical.containsQuorum with computeGroupWeight's numGroups: the same integer
// divisions, so that the boundaries (even group weights, zero-weight groups) fall where ZooKeeper
// puts them. An empty set is never a quorum.
bool Configuration::is_hierarchical_quorum(const std::set<NodeId>& ids) const {
  if (ids.empty()) return false;
  std::uint64_t groups_counted = 0, groups_weighted = 0;
  for (const VoterGroup& g : groups) {
    std::uint64_t group_weight = 0, held = 0;
    for (NodeId id : g.members) {
      const std::uint64_t w = weight(id);
      group_weight += w;
      if (ids.count(id)) held += w;
    }
    if (group_weight != 0) ++groups_weighted;
    if (held > group_weight / 2) ++groups_counted;
  }
  return groups_counted > groups_weighted / 2;
}

std::uint32_t Configuration::wire_bytes() const {
  std::uint32_t bytes = 8 + 40 * static_cast<std::uint32_t>(voters.size() + observers.size());
  for (const VoterGroup& g : groups) bytes += 10 + 3 * static_cast<std::uint32_t>(g.members.size());
  return bytes + 12 * static_cast<std::uint32_t>(weights.size());
}

void normalize_layout(Configuration& config) {
  std::sort(config.voters.begin(), config.voters.end());
  std::sort(config.observers.begin(), config.observers.end());
  for (VoterGroup& g : config.groups) std::sort(g.members.begin(), g.members.end());
  std::sort(config.groups.begin(), config.groups.end(),
            [](const VoterGroup& a, const VoterGroup& b) { return a.id < b.id; });
  std::map<NodeId, std::uint64_t> kept;
  for (const VoterWeight& w : config.weights)
    if (config.is_voter(w.id)) kept[w.id] = w.weight;
  config.weights.clear();
  for (const auto& [id, weight] : kept)
    if (weight != 1) config.weights.push_back({id, weight});
}

namespace {

std::string group_problem(const Configuration& c, std::map<NodeId, std::uint64_t>& group_of_voter) {
  std::set<std::uint64_t> ids;
  for (const VoterGroup& g : c.groups) {
    const std::string name = "group " + std::to_string(g.id);
    if (g.id == 0) return "group ids start at 1";
    if (!ids.insert(g.id).second) return name + " is given twice";
    if (g.members.empty()) return name + " has no voter";
    for (NodeId id : g.members) {
      if (!c.is_voter(id)) return name + ": server " + std::to_string(id) + " is not a voter (only participants are in groups)";
      if (!group_of_voter.emplace(id, g.id).second)
        return "server " + std::to_string(id) + " is in two groups (" + std::to_string(group_of_voter[id]) + " and " +
               std::to_string(g.id) + ")";
    }
  }
  return "";
}

}  // namespace

std::string layout_problem(const Configuration& c) {
  if (c.voters.empty()) return "no voter";
  if (!c.hierarchical()) return c.weights.empty() ? "" : "weights need groups (hierarchical quorums)";
  std::map<NodeId, std::uint64_t> group_of_voter;
  if (std::string problem = group_problem(c, group_of_voter); !problem.empty()) return problem;
  for (NodeId id : c.voters)
    if (!group_of_voter.count(id)) return "server " + std::to_string(id) + " is a voter in no group";
  for (const VoterWeight& w : c.weights)
    if (!c.is_voter(w.id)) return "server " + std::to_string(w.id) + " has a weight but is not a voter";
  const std::set<NodeId> everyone(c.voters.begin(), c.voters.end());
  if (!c.is_hierarchical_quorum(everyone)) return "the weights can never make a quorum (every voter together is none)";
  return "";
}

std::string describe_layout(const Configuration& c) {
  if (!c.hierarchical()) return "majority";
  std::string text = "hierarchical: " + std::to_string(c.groups.size()) + " groups";
  for (const VoterGroup& g : c.groups) text += " {" + id_list(g.members) + "}";
  if (c.weights.empty()) return text;
  text += ", weights";
  for (const VoterWeight& w : c.weights) text += " " + std::to_string(w.id) + ":" + std::to_string(w.weight);
  return text;
}

}  // namespace models
