#include "sim/scenario/layout_changes.hpp"

#include <algorithm>
#include <optional>

#include "sim/scenario/load_membership.hpp"
#include "sim/scenario/load_quorum.hpp"

namespace sim {

namespace {

constexpr int kMaxServers = 99;
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
      read_datacenter(e, s, m);
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
      else read_weights(e.at("weights"), s.server_count(), m.weights);
      return;
    case EventKind::set_quorum: {
      if (!e.expect_object({"at_s", "kind", "groups", "weights"})) return;
      if (!e.has("groups")) e.error("missing key \"groups\"", "\"majority\", \"per_datacenter\", or groups of server ids");
      QuorumLayoutSpec layout;
      read_quorum_layout(e, s.server_count(), layout);
      m.majority = !layout.hierarchical();
      m.groups = layout.groups;  // per_datacenter: resolved by the plan, at its time
      m.weights = layout.weights;
      return;
    }
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
