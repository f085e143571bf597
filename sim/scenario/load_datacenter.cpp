#include "sim/scenario/load_datacenter.hpp"

#include <algorithm>
#include <map>

#include "sim/scenario/placement.hpp"

namespace sim {

namespace {

std::string datacenter_names(const Scenario& s) {
  std::string names;
  for (const Datacenter& dc : s.network.datacenters) names += (names.empty() ? "" : ", ") + dc.name;
  return names;
}

// Datacenters exist as such only when the scenario declares them on the generated platform: a
// platform file's hosts carry no datacenter.
bool has_datacenters(const JsonReader& at, const Scenario& s) {
  if (!s.network.platform_file.empty()) {
    at.error("datacenter outages need the generated platform", "remove network.platform_file");
    return false;
  }
  if (s.network.datacenters.empty()) {
    at.error("the scenario declares no datacenters", "list them in network.datacenters");
    return false;
  }
  return true;
}

}  // namespace

void read_datacenter_event(const JsonReader& e, const Scenario& s, Event& event) {
  const bool outage = event.kind == EventKind::datacenter;
  if (outage ? !e.expect_object({"at_s", "kind", "datacenter", "how", "duration_s"}) : !e.expect_object({"at_s", "kind", "datacenter"}))
    return;
  if (!has_datacenters(e, s)) return;
  if (!e.has("datacenter")) {
    e.error("missing key \"datacenter\"", "one of: " + datacenter_names(s));
    return;
  }
  e.read("datacenter", event.datacenter_name);
  event.datacenter = datacenter_index(s, event.datacenter_name);
  if (event.datacenter == SIZE_MAX && e.at("datacenter").value().is_string())
    e.error_at("datacenter", "no datacenter named \"" + event.datacenter_name + "\"", "one of: " + datacenter_names(s));
  if (!outage) return;
  int how = 0;
  e.read_choice("how", how, {"power_off", "crash", "partition"});
  event.outage = static_cast<DatacenterOutage>(how);
  e.read("duration_s", event.duration_s, 0.001, 86400.0 * 30);
}

namespace {

// An outage's heal, when the outage says how long it lasts (duration_s) rather than leaving it to
// a datacenter_heal event.
Event heal_of(const Event& outage) {
  Event heal;
  heal.at_s = outage.at_s + outage.duration_s;
  heal.kind = EventKind::datacenter_heal;
  heal.datacenter = outage.datacenter;
  heal.datacenter_name = outage.datacenter_name;
  return heal;
}

}  // namespace

// The file's order among events at one time, a heal after them.
void add_implied_heals(Scenario& s) {
  std::vector<Event> heals;
  for (const Event& e : s.events)
    if (e.kind == EventKind::datacenter && e.duration_s > 0 && e.at_s + e.duration_s < s.duration_s) heals.push_back(heal_of(e));
  if (heals.empty()) return;
  s.events.insert(s.events.end(), heals.begin(), heals.end());
  std::stable_sort(s.events.begin(), s.events.end(), [](const Event& a, const Event& b) { return a.at_s < b.at_s; });
}

// A partition of one datacenter is a partition: a later partition or heal event replaces it
// (World::partition keeps one partition at a time), which the check does not follow.
void check_datacenter_outages(const JsonReader& scenario, Scenario& s) {
  if (s.events.size() != scenario.at("events").value().size()) return;  // an event was refused: its paths would not match
  std::map<std::size_t, std::size_t> down;  // datacenter -> index of the event that took it down
  std::map<std::size_t, double> timed_until;  // datacenter -> when its timed outage ends
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    Event& e = s.events[i];
    if (e.kind != EventKind::datacenter && e.kind != EventKind::datacenter_heal) continue;
    if (e.datacenter >= s.network.datacenters.size()) continue;  // reported where it was read
    if (auto t = timed_until.find(e.datacenter); t != timed_until.end() && t->second <= e.at_s) {
      down.erase(e.datacenter);  // its timed outage is over
      timed_until.erase(t);
    }
    const std::string& name = e.datacenter_name;
    const JsonReader at = scenario.at("events").at(i);
    if (e.kind == EventKind::datacenter && !down.emplace(e.datacenter, i).second)
      at.error_at("datacenter", "datacenter \"" + name + "\" is already down", "heal it first (datacenter_heal), or after its duration_s");
    if (e.kind == EventKind::datacenter && e.duration_s > 0) timed_until[e.datacenter] = e.at_s + e.duration_s;
    if (e.kind == EventKind::datacenter_heal) {
      auto it = down.find(e.datacenter);
      if (it == down.end() || timed_until.count(e.datacenter)) {
        at.error_at("datacenter", "datacenter \"" + name + "\" is not down" + (it == down.end() ? "" : " until its outage's duration_s ends"),
                    "a datacenter event without duration_s must take it down first");
        continue;
      }
      s.events[it->second].duration_s = e.at_s - s.events[it->second].at_s;
      down.erase(it);
    }
  }
  for (const auto& [dc, i] : down)
    if (s.events[i].duration_s == 0) s.events[i].duration_s = s.duration_s - s.events[i].at_s;
}

void read_failure_datacenters(const JsonReader& f, Scenario& s) {
  if (!f.has("datacenter_mtbf_s")) {
    if (f.has("datacenter_mttr_s")) f.error_at("datacenter_mttr_s", "without datacenter_mtbf_s", "give datacenter_mtbf_s too");
    return;
  }
  if (!has_datacenters(f.at("datacenter_mtbf_s"), s)) return;
  f.read("datacenter_mtbf_s", s.failures.datacenter_mtbf_s, 0.001, 1e12);
  f.read("datacenter_mttr_s", s.failures.datacenter_mttr_s, 0.001, 1e12);
}

}  // namespace sim
