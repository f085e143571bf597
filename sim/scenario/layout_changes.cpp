#include "sim/scenario/layout_changes.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "sim/scenario/load_quorum.hpp"
#include "sim/scenario/placement.hpp"

namespace sim {

namespace {

constexpr int kMaxServers = 99;
constexpr std::int64_t kMaxWeight = 1'000'000;

void read_weight_object(const JsonReader& w, const Scenario& s, std::map<models::NodeId, std::uint64_t>& weights) {
  if (!w.value().is_object() || w.value().empty()) {
    w.error("expected an object of server id -> weight, got " + json_type_name(w.value()), "e.g. {\"4\": 0, \"5\": 2}");
    return;
  }
  for (const auto& [key, value] : w.value().items()) {
    const JsonReader entry = w.at(key.c_str());
    const bool digits = !key.empty() && key.size() <= 3 && key.find_first_not_of("0123456789") == std::string::npos;
    const int id = digits ? std::stoi(key) : 0;
    if (id < 1 || id > s.server_count()) {
      entry.error("\"" + key + "\" is not a server id", "servers are numbered 1 to " + std::to_string(s.server_count()));
      continue;
    }
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > kMaxWeight) {
      entry.error("expected a weight, an integer from 0 to " + std::to_string(kMaxWeight));
      continue;
    }
    weights[static_cast<models::NodeId>(id)] = static_cast<std::uint64_t>(value.get<std::int64_t>());
  }
}

// "majority", "per_datacenter" (resolved when the plan reaches it) or groups of server ids.
void read_quorum_groups(const JsonReader& g, const Scenario& s, MembershipChange& m) {
  if (g.value().is_string()) {
    const std::string name = g.value().get<std::string>();
    if (name == "majority") m.majority = true;
    else if (name != "per_datacenter") g.error("unknown grouping \"" + name + "\"", "\"majority\", \"per_datacenter\", or groups of server ids");
    return;
  }
  if (!g.value().is_array() || g.value().empty()) {
    g.error("expected \"majority\", \"per_datacenter\" or a non-empty array of arrays of server ids", "e.g. [[1, 2, 3], [4, 5, 6]]");
    return;
  }
  for (std::size_t i = 0; i < g.value().size(); ++i) {
    std::vector<models::NodeId>& ids = m.groups.emplace_back();
    const JsonReader group = g.at(i);
    for (std::size_t j = 0; group.value().is_array() && j < group.value().size(); ++j) {
      const auto& v = group.value()[j];
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > s.server_count())
        group.at(j).error("not a server id", "servers are numbered 1 to " + std::to_string(s.server_count()));
      else ids.push_back(static_cast<models::NodeId>(v.get<std::int64_t>()));
    }
    if (!group.value().is_array()) group.error("expected an array of server ids, got " + json_type_name(group.value()));
  }
}

bool listed(const std::vector<models::NodeId>& ids, models::NodeId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

void erase_ids(std::vector<models::NodeId>& ids, const std::vector<models::NodeId>& gone) {
  ids.erase(std::remove_if(ids.begin(), ids.end(), [&](models::NodeId id) { return listed(gone, id); }), ids.end());
}

std::vector<models::NodeId> group_members(const models::Configuration& c, std::uint64_t group) {
  for (const models::VoterGroup& g : c.groups)
    if (g.id == group) return g.members;
  return {};
}

// An incremental change applied to the planned configuration; nullopt once a removal names its
// servers by role (the leader, followers), which only the run knows.
std::optional<models::Configuration> apply_incremental(models::Configuration c, const Event& e) {
  const MembershipChange& m = e.membership;
  switch (e.kind) {
    case EventKind::add_servers:
    case EventKind::grow:
      for (models::NodeId id : m.new_ids) (m.observer ? c.observers : c.voters).push_back(id);
      break;
    case EventKind::remove_servers:
      if (m.which != RemoveWhich::ids) return std::nullopt;
      erase_ids(c.voters, m.ids);
      erase_ids(c.observers, m.ids);
      break;
    case EventKind::promote_observer:
      erase_ids(c.observers, m.ids);
      c.voters.insert(c.voters.end(), m.ids.begin(), m.ids.end());
      break;
    case EventKind::rolling_replace: {
      models::Configuration next;  // each member's replacement in its role, in id order
      const std::size_t voters = c.voters.size();
      for (std::size_t i = 0; i < m.new_ids.size(); ++i) (i < voters ? next.voters : next.observers).push_back(m.new_ids[i]);
      return next;
    }
    default: break;
  }
  std::sort(c.voters.begin(), c.voters.end());
  std::sort(c.observers.begin(), c.observers.end());
  return c;
}

const char* kind_key(EventKind kind) { return kind == EventKind::remove_group ? "group" : "kind"; }

}  // namespace

bool is_layout_change(EventKind kind) {
  return kind == EventKind::add_group || kind == EventKind::remove_group || kind == EventKind::set_weights ||
         kind == EventKind::set_quorum;
}

void read_layout_change_fields(const JsonReader& e, const Scenario& s, Event& event) {
  MembershipChange& m = event.membership;
  switch (event.kind) {
    case EventKind::add_group:
      if (!e.expect_object({"at_s", "kind", "count", "datacenter"})) return;
      if (!e.has("count")) e.error("missing key \"count\"", "how many participants the new group has");
      e.read("count", m.count, 1, kMaxServers);
      e.read("datacenter", m.datacenter);
      if (!m.datacenter.empty() && datacenter_index(s, m.datacenter) == SIZE_MAX && m.datacenter != "dc1")
        e.error_at("datacenter", "no datacenter named \"" + m.datacenter + "\"", "declare it in network.datacenters");
      return;
    case EventKind::remove_group: {
      if (!e.expect_object({"at_s", "kind", "group", "stop_after_s"})) return;
      if (!e.has("group")) e.error("missing key \"group\"", "the group's number (1 for the first of ensemble.groups)");
      int group = 0;
      e.read("group", group, 1, kMaxServers);
      m.group = static_cast<std::uint64_t>(group);
      e.read("stop_after_s", m.stop_after_s, -1, 86400);
      return;
    }
    case EventKind::set_weights:
      if (!e.expect_object({"at_s", "kind", "weights"})) return;
      if (!e.has("weights")) e.error("missing key \"weights\"", "an object of server id -> weight");
      else read_weight_object(e.at("weights"), s, m.weights);
      return;
    case EventKind::set_quorum:
      if (!e.expect_object({"at_s", "kind", "groups", "weights"})) return;
      if (!e.has("groups")) e.error("missing key \"groups\"", "\"majority\", \"per_datacenter\", or groups of server ids");
      else read_quorum_groups(e.at("groups"), s, m);
      if (e.has("weights")) read_weight_object(e.at("weights"), s, m.weights);
      return;
    default: return;
  }
}

models::Configuration apply_layout_change(const models::Configuration& current, const Event& event) {
  const MembershipChange& m = event.membership;
  models::Configuration next = current;
  switch (event.kind) {
    case EventKind::add_group: {
      std::uint64_t id = 0;
      for (const models::VoterGroup& g : next.groups) id = std::max(id, g.id);
      next.voters.insert(next.voters.end(), m.new_ids.begin(), m.new_ids.end());
      next.groups.push_back({id + 1, m.new_ids});
      break;
    }
    case EventKind::remove_group: {
      const std::vector<models::NodeId> gone = group_members(next, m.group);
      erase_ids(next.voters, gone);
      next.groups.erase(std::remove_if(next.groups.begin(), next.groups.end(),
                                       [&](const models::VoterGroup& g) { return g.id == m.group; }),
                        next.groups.end());
      next.weights.erase(std::remove_if(next.weights.begin(), next.weights.end(),
                                        [&](const models::VoterWeight& w) { return listed(gone, w.id); }),
                         next.weights.end());
      break;
    }
    case EventKind::set_weights:
      for (const auto& [id, weight] : m.weights) {
        next.weights.erase(std::remove_if(next.weights.begin(), next.weights.end(), [&](const models::VoterWeight& w) { return w.id == id; }),
                           next.weights.end());
        next.weights.push_back({id, weight});
      }
      break;
    case EventKind::set_quorum:
      next.groups.clear();
      next.weights.clear();
      for (std::size_t i = 0; i < m.groups.size(); ++i) next.groups.push_back({i + 1, m.groups[i]});
      for (const auto& [id, weight] : m.weights) next.weights.push_back({id, weight});
      break;
    default: break;
  }
  std::sort(next.voters.begin(), next.voters.end());
  models::normalize_layout(next);
  return next;
}

void plan_layout_changes(const JsonReader& scenario, Scenario& s) {
  if (!scenario.has("events") || s.events.size() != scenario.at("events").value().size()) return;
  std::optional<models::Configuration> planned = static_configuration(s);
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    Event& e = s.events[i];
    if (!is_membership(e.kind)) continue;
    const JsonReader at = scenario.at("events").at(i);
    const std::string kind = event_kind_name(e.kind);
    if (!is_layout_change(e.kind)) {
      if (planned && planned->hierarchical())
        at.error_at("kind", "an incremental membership change (" + kind + ") of a configuration with groups",
                    "ZooKeeper refuses it: change a hierarchical layout with add_group, remove_group, set_weights or set_quorum");
      if (planned) planned = apply_incremental(*planned, e);
      continue;
    }
    if (!planned) {
      at.error_at("kind", kind + " after a removal of the leader or of followers",
                  "the servers that removal takes are only known at run time: remove servers by id before a layout change");
      continue;
    }
    if (e.kind != EventKind::set_quorum && !planned->hierarchical())
      at.error_at("kind", kind + " of a configuration without groups", "set_quorum (or ensemble.groups) gives it groups first");
    if (e.kind == EventKind::remove_group && group_members(*planned, e.membership.group).empty())
      at.error_at(kind_key(e.kind), "no group " + std::to_string(e.membership.group) + " at this time");
    if (e.kind == EventKind::set_quorum && !e.membership.majority && e.membership.groups.empty())
      e.membership.groups = groups_per_datacenter(s, planned->voters);
    if (e.kind == EventKind::remove_group) e.membership.ids = group_members(*planned, e.membership.group);
    models::Configuration next = apply_layout_change(*planned, e);
    if (const std::string problem = models::layout_problem(next); !problem.empty())
      at.error_at("kind", "the configuration after this " + kind + " would be refused: " + problem);
    planned = std::move(next);
  }
}

}  // namespace sim
