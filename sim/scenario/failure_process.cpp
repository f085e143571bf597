#include "sim/scenario/failure_process.hpp"

#include <algorithm>

#include "models/core/rng.hpp"

namespace sim {

namespace {
constexpr std::uint64_t kFailureStream = 0xfa11'0000'0000ull;
constexpr std::uint64_t kDatacenterFailureStream = 0xfa11'dc00'0000ull;

void add_failures_of(const Scenario& s, models::NodeId server, std::vector<Event>& out) {
  models::Rng rng = models::Rng::for_stream(s.seed, kFailureStream + server);
  for (double t = rng.exponential(s.failures.mtbf_s); t < s.duration_s;) {
    Event stop;
    stop.at_s = t;
    stop.kind = s.failures.power_off ? EventKind::power_off : EventKind::crash;
    stop.server = server;
    out.push_back(stop);
    t += rng.exponential(s.failures.mttr_s);
    if (t >= s.duration_s) return;
    Event restart = stop;
    restart.at_s = t;
    restart.kind = EventKind::restart;
    out.push_back(restart);
    t += rng.exponential(s.failures.mtbf_s);
  }
}
// A datacenter's outages, in its own stream: each lasts until its heal (the pair's duration_s
// pauses its client hosts that long, as a scenario's own outage does).
void add_outages_of(const Scenario& s, std::size_t datacenter, std::vector<Event>& out) {
  models::Rng rng = models::Rng::for_stream(s.seed, kDatacenterFailureStream + datacenter);
  for (double t = rng.exponential(s.failures.datacenter_mtbf_s); t < s.duration_s;) {
    Event down;
    down.at_s = t;
    down.kind = EventKind::datacenter;
    down.outage = s.failures.power_off ? DatacenterOutage::power_off : DatacenterOutage::crash;
    down.datacenter = datacenter;
    down.datacenter_name = s.network.datacenters.at(datacenter).name;
    const double up_s = t + rng.exponential(s.failures.datacenter_mttr_s);
    down.duration_s = std::min(up_s, s.duration_s) - t;
    out.push_back(down);
    if (up_s >= s.duration_s) return;
    Event up = down;
    up.at_s = up_s;
    up.kind = EventKind::datacenter_heal;
    up.duration_s = 0;
    out.push_back(up);
    t = up_s + rng.exponential(s.failures.datacenter_mtbf_s);
  }
}
}  // namespace

std::vector<Event> failure_events(const Scenario& s) {
  std::vector<Event> events;
  if (!s.failures.enabled) return events;
  std::vector<models::NodeId> servers = s.failures.servers;
  if (servers.empty())
    for (int id = 1; id <= s.ensemble.members(); ++id) servers.push_back(static_cast<models::NodeId>(id));
  for (models::NodeId server : servers) add_failures_of(s, server, events);
  if (s.failures.datacenter_outages())
    for (std::size_t dc = 0; dc < s.network.datacenters.size(); ++dc) add_outages_of(s, dc, events);
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at_s < b.at_s; });
  return events;
}

std::vector<Event> all_events(const Scenario& s) {
  std::vector<Event> events = s.events;
  const std::vector<Event> random = failure_events(s);
  events.insert(events.end(), random.begin(), random.end());
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at_s < b.at_s; });
  return events;
}

}  // namespace sim
