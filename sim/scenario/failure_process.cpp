#include "sim/scenario/failure_process.hpp"

#include <algorithm>

#include "models/core/rng.hpp"

namespace sim {

namespace {
constexpr std::uint64_t kFailureStream = 0xfa11'0000'0000ull;

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
}  // namespace

std::vector<Event> failure_events(const Scenario& s) {
  std::vector<Event> events;
  if (!s.failures.enabled) return events;
  std::vector<models::NodeId> servers = s.failures.servers;
  if (servers.empty())
    for (int id = 1; id <= s.ensemble.members(); ++id) servers.push_back(static_cast<models::NodeId>(id));
  for (models::NodeId server : servers) add_failures_of(s, server, events);
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
