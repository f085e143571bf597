#include "sim/scenario/load_quorum.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <iterator>
#include <set>

#include "sim/scenario/node_ids.hpp"
#include "sim/scenario/placement.hpp"

namespace sim {

namespace {

constexpr std::int64_t kMaxWeight = 1'000'000;

bool server_id(const nlohmann::json& v, int server_count) {
  return v.is_number_integer() && v.get<std::int64_t>() >= 1 && v.get<std::int64_t>() <= server_count;
}

void read_group_list(const JsonReader& g, int server_count, std::vector<std::vector<models::NodeId>>& groups) {
  if (!g.value().is_array() || g.value().empty()) {
    g.error("expected \"majority\", \"per_datacenter\" or a non-empty array of arrays of server ids, got " + json_type_name(g.value()),
            "e.g. [[1, 2, 3], [4, 5, 6], [7, 8, 9]]");
    return;
  }
  for (std::size_t i = 0; i < g.value().size(); ++i) {
    const JsonReader group = g.at(i);
    std::vector<models::NodeId>& ids = groups.emplace_back();
    if (!group.value().is_array()) {
      group.error("expected an array of server ids, got " + json_type_name(group.value()));
      continue;
    }
    for (std::size_t j = 0; j < group.value().size(); ++j) {
      if (!server_id(group.value()[j], server_count)) {
        group.at(j).error("not a server id", "servers are numbered 1 to " + std::to_string(server_count));
        continue;
      }
      ids.push_back(static_cast<models::NodeId>(group.value()[j].get<std::int64_t>()));
    }
  }
}

bool listed(const std::vector<models::NodeId>& ids, models::NodeId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Each member of each group: a voter, in one group only; no group empty.
void check_groups(const JsonReader& r, const std::vector<models::NodeId>& voters, const std::vector<models::NodeId>& observers,
                  const QuorumLayoutSpec& layout) {
  std::map<models::NodeId, std::size_t> group_of;
  for (std::size_t i = 0; i < layout.groups.size(); ++i) {
    const JsonReader group = layout.per_datacenter ? r.at("groups") : r.at("groups").at(i);
    if (layout.groups[i].empty()) group.error("group " + std::to_string(i + 1) + " has no voter", "give every group at least one voter");
    for (std::size_t j = 0; j < layout.groups[i].size(); ++j) {
      const models::NodeId id = layout.groups[i][j];
      const JsonReader at = layout.per_datacenter ? group : group.at(j);
      if (!listed(voters, id)) {
        at.error("server " + std::to_string(id) + (listed(observers, id) ? " is an observer" : " is not a voter at this time"),
                 "only participants are in groups");
      } else if (!group_of.emplace(id, i).second) {
        at.error("server " + std::to_string(id) + " is in two groups (" + std::to_string(group_of[id] + 1) + " and " +
                 std::to_string(i + 1) + ")");
      }
    }
  }
  for (models::NodeId id : voters)
    if (!group_of.count(id))
      r.error_at("groups", "server " + std::to_string(id) + " is a voter in no group", "ZooKeeper refuses it: put every participant in a group");
}


// The configuration of those voters and observers under the layout (groups resolved), normalized.
models::Configuration configuration_of(const std::vector<models::NodeId>& voters, const std::vector<models::NodeId>& observers,
                                       const std::vector<std::vector<models::NodeId>>& groups,
                                       const std::map<models::NodeId, std::uint64_t>& weights) {
  models::Configuration c{0, voters, observers};
  for (std::size_t i = 0; i < groups.size(); ++i) c.groups.push_back({i + 1, groups[i]});
  for (const auto& [id, weight] : weights) c.weights.push_back({id, weight});
  models::normalize_layout(c);
  return c;
}

// Checks the layout (groups resolved) against the voters and observers it applies to; each
// problem is reported at the key of `r` it comes from.
void check_quorum_layout(const JsonReader& r, const std::vector<models::NodeId>& voters,
                         const std::vector<models::NodeId>& observers, const QuorumLayoutSpec& layout) {
  if (!layout.weights.empty() && !layout.hierarchical()) {
    r.error_at("weights", "weights need groups (hierarchical quorums)", "add \"groups\": \"per_datacenter\" or explicit groups");
    return;
  }
  if (!layout.hierarchical()) return;
  const std::size_t errors_before = r.error_count();
  check_groups(r, voters, observers, layout);
  for (const auto& [id, weight] : layout.weights)
    if (!listed(voters, id))
      r.at("weights").error_at(std::to_string(id).c_str(), "server " + std::to_string(id) + " has a weight but is not a voter");
  if (r.error_count() != errors_before) return;
  const models::Configuration c = configuration_of(voters, observers, layout.groups, layout.weights);
  if (!models::layout_problem(c).empty())
    r.error_at("weights", "these weights can never make a quorum: every voter together is none",
               "give the voters of more than half of the groups a weight above 0");
}

}  // namespace

void read_weights(const JsonReader& w, int server_count, std::map<models::NodeId, std::uint64_t>& weights) {
  if (!w.value().is_object()) {
    w.error("expected an object of server id -> weight, got " + json_type_name(w.value()), "e.g. {\"4\": 0, \"5\": 0}");
    return;
  }
  for (const auto& [key, value] : w.value().items()) {
    const JsonReader entry = w.at(key.c_str());
    std::size_t used = 0;
    long long id = 0;
    try {
      id = std::stoll(key, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != key.size() || id < 1 || id > server_count) {
      entry.error("\"" + key + "\" is not a server id", "servers are numbered 1 to " + std::to_string(server_count));
      continue;
    }
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > kMaxWeight) {
      entry.error("expected a weight, an integer from 0 to " + std::to_string(kMaxWeight));
      continue;
    }
    weights[static_cast<models::NodeId>(id)] = static_cast<std::uint64_t>(value.get<std::int64_t>());
  }
}

// Reads `groups` ("per_datacenter", "majority" or an array of arrays of ids) and `weights` (an object of id
// -> weight) of the object `r`, ids between 1 and `server_count`.
void read_quorum_layout(const JsonReader& r, int server_count, QuorumLayoutSpec& layout) {
  if (r.has("groups")) {
    const JsonReader g = r.at("groups");
    if (g.value().is_string()) {
      const std::string name = g.value().get<std::string>();
      if (name == "per_datacenter") layout.per_datacenter = true;
      else if (name != "majority")  // "majority": no groups, as when absent (a sweep's or compare's layout)
        g.error("unknown grouping \"" + name + "\"", "\"per_datacenter\", \"majority\", or an array of arrays of server ids");
    } else {
      read_group_list(g, server_count, layout.groups);
    }
  }
  if (r.has("weights")) read_weights(r.at("weights"), server_count, layout.weights);
}

std::vector<std::vector<models::NodeId>> groups_per_datacenter(const Scenario& s, const std::vector<models::NodeId>& voters) {
  std::map<std::size_t, std::vector<models::NodeId>> by_datacenter;
  for (models::NodeId id : voters) by_datacenter[server_datacenter(s, id)].push_back(id);
  std::vector<std::vector<models::NodeId>> groups;
  for (auto& [datacenter, ids] : by_datacenter) groups.push_back(std::move(ids));
  return groups;
}

models::Configuration static_configuration(const Scenario& s) {
  return configuration_of(voter_ids(s), observer_ids(s), s.ensemble.groups, s.ensemble.weights);
}

void read_ensemble_quorums(const JsonReader& ensemble, Scenario& s) {
  QuorumLayoutSpec layout;
  read_quorum_layout(ensemble, s.ensemble.members(), layout);
  if (layout.per_datacenter) layout.groups = groups_per_datacenter(s, voter_ids(s));
  check_quorum_layout(ensemble, voter_ids(s), observer_ids(s), layout);
  s.ensemble.groups = layout.groups;
  s.ensemble.weights = layout.weights;
}

}  // namespace sim
