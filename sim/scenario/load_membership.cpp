#include "sim/scenario/load_membership.hpp"

#include <cmath>
#include <cstdio>
#include <map>

namespace sim {

namespace {

constexpr int kMaxServers = 99;  // as for the initial ensemble: ids stay small


// A list of server ids; each must be a server of the run so far.
void read_ids(const JsonReader& list, const Scenario& s, std::vector<models::NodeId>& ids) {
  if (!list.value().is_array() || list.value().empty()) {
    list.error("expected a non-empty array of server ids, got " + json_type_name(list.value()));
    return;
  }
  for (std::size_t i = 0; i < list.value().size(); ++i) {
    const auto& v = list.value()[i];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > s.server_count()) {
      list.at(i).error("not a server id", "servers are numbered 1 to " + std::to_string(s.server_count()));
      continue;
    }
    ids.push_back(static_cast<models::NodeId>(v.get<std::int64_t>()));
  }
}

void read_remove(const JsonReader& e, const Scenario& s, MembershipChange& m) {
  if (!e.expect_object({"at_s", "kind", "which", "count", "stop_after_s", "when", "delay_ms", "within_s"})) return;
  e.read("stop_after_s", m.stop_after_s, -1, 86400);
  if (!e.has("which")) {
    e.error("missing key \"which\"", "\"leader\", \"follower\" or an array of server ids");
    return;
  }
  const JsonReader which = e.at("which");
  if (which.value().is_array()) {
    read_ids(which, s, m.ids);
    m.count = static_cast<int>(m.ids.size());
    if (e.has("count")) e.error_at("count", "count goes with \"follower\" only", "the ids say how many");
    return;
  }
  int choice = -1;
  e.read_choice("which", choice, {"leader", "follower"});
  m.which = choice == 0 ? RemoveWhich::leader : RemoveWhich::follower;
  e.read("count", m.count, 1, kMaxServers);
  if (choice == 0 && m.count != 1) e.error_at("count", "there is one leader", "remove it with count 1");
}

}  // namespace

void read_datacenter(const JsonReader& e, const Scenario& s, MembershipChange& m) {
  e.read("datacenter", m.datacenter);
  if (m.datacenter.empty()) return;
  if (s.network.datacenters.empty() && m.datacenter == "dc1") return;  // the implicit one datacenter
  for (const Datacenter& dc : s.network.datacenters)
    if (dc.name == m.datacenter) return;
  e.error_at("datacenter", "no datacenter named \"" + m.datacenter + "\"", "declare it in network.datacenters");
}

void read_membership_fields(const JsonReader& e, const Scenario& s, Event& event) {
  MembershipChange& m = event.membership;
  switch (event.kind) {
    case EventKind::add_servers: {
      if (!e.expect_object({"at_s", "kind", "count", "role", "datacenter", "when", "delay_ms", "within_s"})) return;
      e.read("count", m.count, 1, kMaxServers);
      int role = 0;
      e.read_choice("role", role, {"participant", "observer"});
      m.observer = role == 1;
      read_datacenter(e, s, m);
      return;
    }
    case EventKind::remove_servers: read_remove(e, s, m); return;
    case EventKind::grow:
      if (!e.expect_object({"at_s", "kind", "factor", "keep_odd", "datacenter"})) return;
      if (!e.has("factor")) e.error("missing key \"factor\"", "m in N = n x m, e.g. 1.67 to grow 3 voters to 5");
      e.read("factor", m.factor, 1.000001, 33);
      e.read("keep_odd", m.keep_odd);
      read_datacenter(e, s, m);
      return;
    case EventKind::rolling_replace:
      if (!e.expect_object({"at_s", "kind", "datacenter", "stop_after_s", "step_pause_s"})) return;
      e.read("stop_after_s", m.stop_after_s, -1, 86400);
      e.read("step_pause_s", m.step_pause_s, 0, 86400);
      read_datacenter(e, s, m);
      return;
    case EventKind::promote_observer:
      if (!e.expect_object({"at_s", "kind", "which", "when", "delay_ms", "within_s"})) return;
      if (!e.has("which")) e.error("missing key \"which\"", "an array of observer ids");
      else read_ids(e.at("which"), s, m.ids);
      return;
    default: return;
  }
}

int grown_size(int n, double factor, bool keep_odd) {
  int grown = static_cast<int>(std::floor(n * factor + 0.5));
  if (keep_odd && grown % 2 == 0) ++grown;
  return grown;
}

namespace {

// The members the changes planned so far leave: id -> observer?; removals of "the leader" or of
// followers are counted, not named.
struct Planned {
  std::map<models::NodeId, bool> members;
  int unnamed_voters_removed = 0;
  int voters() const {
    int n = 0;
    for (const auto& [id, observer] : members) n += observer ? 0 : 1;
    return n - unnamed_voters_removed;
  }
};

Planned planned_members(const Scenario& s) {
  Planned p;
  for (int id = 1; id <= s.ensemble.members(); ++id) p.members[static_cast<models::NodeId>(id)] = id > s.ensemble.servers;
  for (const Event& e : s.events) {
    const MembershipChange& m = e.membership;
    if (e.kind == EventKind::add_servers || e.kind == EventKind::grow || e.kind == EventKind::add_group)
      for (models::NodeId id : m.new_ids) p.members[id] = m.observer;
    if (e.kind == EventKind::remove_servers && m.which == RemoveWhich::ids)
      for (models::NodeId id : m.ids) p.members.erase(id);
    if (e.kind == EventKind::remove_servers && m.which != RemoveWhich::ids) p.unnamed_voters_removed += m.count;
    if (e.kind == EventKind::promote_observer)
      for (models::NodeId id : m.ids) p.members[id] = false;
    if (e.kind == EventKind::rolling_replace) {
      std::map<models::NodeId, bool> next;
      auto old = p.members.begin();
      for (models::NodeId id : m.new_ids) next[id] = (old == p.members.end() ? false : (old++)->second);
      p.members = next;
    }
  }
  return p;
}

void add_servers(const JsonReader& e, Scenario& s, MembershipChange& m, int count) {
  if (s.server_count() + count > kMaxServers) {
    e.error("the run would need " + std::to_string(s.server_count() + count) + " servers",
            "at most " + std::to_string(kMaxServers) + " servers in one run, counting every server a change starts");
    return;
  }
  for (int i = 0; i < count; ++i) {
    const auto id = static_cast<models::NodeId>(s.server_count() + 1);
    m.new_ids.push_back(id);
    s.added_servers.push_back({id, m.datacenter});
  }
}

}  // namespace

void plan_membership(const JsonReader& e, Scenario& s, Event& event) {
  MembershipChange& m = event.membership;
  const Planned planned = planned_members(s);
  switch (event.kind) {
    case EventKind::add_servers: add_servers(e, s, m, m.count); return;
    case EventKind::grow:
      m.voters_before = planned.voters();
      m.voters_after = grown_size(m.voters_before, m.factor, m.keep_odd);
      if (m.voters_after <= m.voters_before)
        e.error_at("factor", "grows nothing: N = n x m = " + std::to_string(m.voters_after) + " for n = " +
                                 std::to_string(m.voters_before), "use a factor giving at least one more server");
      else add_servers(e, s, m, m.voters_after - m.voters_before);
      return;
    case EventKind::rolling_replace: add_servers(e, s, m, static_cast<int>(planned.members.size())); return;
    case EventKind::add_group: add_servers(e, s, m, m.count); return;
    case EventKind::promote_observer:
      for (models::NodeId id : m.ids) {
        auto it = planned.members.find(id);
        if (it == planned.members.end() || !it->second)
          e.error_at("which", "server " + std::to_string(id) + " is not an observer at this time",
                     "promote servers that are observers (ensemble.observers, or added with role observer)");
      }
      return;
    case EventKind::remove_servers:
      if (m.which == RemoveWhich::ids)
        for (models::NodeId id : m.ids)
          if (!planned.members.count(id))
            e.error_at("which", "server " + std::to_string(id) + " is not a member at this time");
      if (m.which != RemoveWhich::leader && m.count >= planned.voters() && m.which == RemoveWhich::follower)
        e.error_at("count", "would remove every voter", "keep at least one voter");
      return;
    default: return;
  }
}

std::string membership_label(const Event& event) {
  const MembershipChange& m = event.membership;
  char factor[32];
  std::snprintf(factor, sizeof factor, "%.3g", m.factor);
  switch (event.kind) {
    case EventKind::add_servers: return "add " + std::to_string(m.count) + (m.observer ? " observer(s)" : " participant(s)");
    case EventKind::grow:
      return std::string("grow x") + factor + ": " + std::to_string(m.voters_before) + " -> " + std::to_string(m.voters_after);
    case EventKind::remove_servers:
      return m.which == RemoveWhich::leader ? "remove the leader"
             : m.which == RemoveWhich::follower ? "remove " + std::to_string(m.count) + " follower(s)"
                                                : "remove " + std::to_string(m.ids.size()) + " server(s)";
    case EventKind::rolling_replace: return "rolling replace";
    case EventKind::promote_observer: return "promote " + std::to_string(m.ids.size()) + " observer(s)";
    case EventKind::add_group: return "add a group of " + std::to_string(m.count);
    case EventKind::remove_group: return "remove group " + std::to_string(m.group);
    case EventKind::set_weights: return "set " + std::to_string(m.weights.size()) + " weight(s)";
    case EventKind::set_quorum: return m.majority ? "switch to a majority" : "switch to groups";
    default: return event_kind_name(event.kind);
  }
}

bool is_membership(EventKind kind) {
  return kind == EventKind::add_servers || kind == EventKind::remove_servers || kind == EventKind::grow ||
         kind == EventKind::rolling_replace || kind == EventKind::promote_observer || kind == EventKind::add_group ||
         kind == EventKind::remove_group || kind == EventKind::set_weights || kind == EventKind::set_quorum;
}

}  // namespace sim
