#include "sim/runtime/targeted_events.hpp"

#include <algorithm>
#include <optional>

#include "sim/runtime/event_actor.hpp"
#include "sim/runtime/world.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {

constexpr std::uint64_t kTargetingStream = 0x7a26'0000'0000ull;

struct Occurrence {
  Moment moment;
  models::NodeId peer = models::kNoNode;
};

// The moment an observation is, if it is one a targeted event can wait for.
std::optional<Occurrence> occurrence_of(const models::Observation& what) {
  if (std::holds_alternative<models::TxnLogged>(what)) return Occurrence{{Moment::Kind::txn_logged}};
  if (std::holds_alternative<models::LeaderEstablished>(what)) return Occurrence{{Moment::Kind::leader_established}};
  if (std::holds_alternative<models::StateSynced>(what)) return Occurrence{{Moment::Kind::synced}};
  if (const auto* s = std::get_if<models::StateChanged>(&what); s && s->state == models::PeerState::looking)
    return Occurrence{{Moment::Kind::election_started}};
  if (const auto* p = std::get_if<models::ProbeReached>(&what)) return Occurrence{{Moment::Kind::probe, p->probe}, p->peer};
  if (const auto* r = std::get_if<models::ReconfigEvent>(&what); r && r->phase == models::ReconfigPhase::proposed)
    return Occurrence{{Moment::Kind::reconfig_proposed}};
  return std::nullopt;
}

bool is_process_fault(EventKind kind) {
  return kind == EventKind::crash || kind == EventKind::power_off || kind == EventKind::restart ||
         kind == EventKind::freeze;
}

}  // namespace

bool waits_for_moments(const Scenario& scenario) {
  return std::any_of(scenario.events.begin(), scenario.events.end(),
                     [](const Event& e) { return e.when.kind != Moment::Kind::none; });
}

TargetedEvents::TargetedEvents(World& world, const RoleTracker& roles)
    : world_(world), roles_(roles), rng_(models::Rng::for_stream(world.scenario().seed, kTargetingStream)) {}

void TargetedEvents::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  if (armed_.empty()) return;
  const std::optional<Occurrence> occurrence = occurrence_of(what);
  if (!occurrence) return;
  expire(time_ns);
  for (std::size_t i = 0; i < armed_.size();) {
    const std::optional<models::NodeId> target =
        armed_[i].event.when == occurrence->moment ? involved(armed_[i].event, node, occurrence->peer) : std::nullopt;
    if (!target) {
      ++i;
      continue;
    }
    const Armed armed = std::move(armed_[i]);
    armed_.erase(armed_.begin() + static_cast<std::ptrdiff_t>(i));
    fire(armed, *target);
  }
}

std::optional<models::NodeId> TargetedEvents::involved(const Event& event, models::NodeId node,
                                                       models::NodeId peer) const {
  if (event.role == ServerRole::id) {
    if (event.server == models::kNoNode) return models::kNoNode;  // a heal, a membership change: any occurrence
    if (node == event.server || peer == event.server) return event.server;
    return std::nullopt;
  }
  if (models::is_server(node) && roles_.holds(event.role, node)) return node;
  if (peer != models::kNoNode && roles_.holds(event.role, peer)) return peer;
  return std::nullopt;
}

// Lapsed events are dropped; an operator waiting for one wakes by its own timeout.
void TargetedEvents::expire(models::Time now_ns) {
  const auto lapsed = [&](const Armed& a) { return a.until_ns < now_ns && !a.operator_waiting; };
  missed_ += static_cast<std::uint64_t>(std::count_if(armed_.begin(), armed_.end(), lapsed));
  armed_.erase(std::remove_if(armed_.begin(), armed_.end(), lapsed), armed_.end());
}

void TargetedEvents::fire(const Armed& armed, models::NodeId target) {
  if (armed.operator_waiting) {
    armed.operator_waiting->release();
    return;
  }
  const double delay_s = armed.event.delay_ms / 1e3;
  sg4::Actor::create("targeted", world_.controller(), [this, event = armed.event, target, delay_s] {
    if (delay_s > 0) sg4::this_actor::sleep_for(delay_s);
    act(event, target);
  });
}

void TargetedEvents::at_time(const Event& event) {
  if (event.when.kind != Moment::Kind::none) {
    const double until_s = event.within_s > 0 ? event.at_s + event.within_s : world_.scenario().duration_s;
    armed_.push_back({event, models::from_seconds(until_s), nullptr});
    return;
  }
  world_.recorder().release_due();  // the roles as of now
  const models::NodeId target = event.role == ServerRole::id ? event.server : roles_.pick(event.role, rng_);
  act(event, target);
}

bool TargetedEvents::wait_for_moment(const Event& event) {
  const double until_s = event.within_s > 0 ? event.at_s + event.within_s : world_.scenario().duration_s;
  const sg4::SemaphorePtr woken = sg4::Semaphore::create(0);
  armed_.push_back({event, models::from_seconds(until_s), woken});
  const bool timed_out = woken->acquire_timeout(std::max(0.0, until_s - sg4::Engine::get_clock()));
  if (timed_out) {
    armed_.erase(std::remove_if(armed_.begin(), armed_.end(), [&](const Armed& a) { return a.operator_waiting == woken; }),
                 armed_.end());
    ++missed_;
    return false;
  }
  if (event.delay_ms > 0) sg4::this_actor::sleep_for(event.delay_ms / 1e3);
  ++acted_;
  return true;
}

void TargetedEvents::act(const Event& event, models::NodeId target) {
  const bool needs_server = event.role != ServerRole::id || event.isolate || event.server != models::kNoNode;
  if (needs_server && target == models::kNoNode) {
    ++missed_;  // nobody holds the role now
    return;
  }
  ++acted_;
  for (const Event& e : concrete_events(event, target)) apply_event(world_, e);
}

// What the event does once its server is known: plain events of the scenario language.
std::vector<Event> TargetedEvents::concrete_events(const Event& event, models::NodeId target) {
  Event plain = event;
  plain.role = ServerRole::id;
  plain.when = {};
  plain.count = 1;
  plain.isolate = false;
  plain.server = target;
  if (is_process_fault(event.kind)) {
    std::vector<Event> events{plain};
    for (models::NodeId other : draw_others(target, event.count - 1)) {
      events.push_back(plain);
      events.back().server = other;
    }
    return events;
  }
  if (event.kind != EventKind::partition || !event.isolate) return {plain};
  std::vector<models::NodeId> cut{target};
  for (models::NodeId other : draw_others(target, event.joined_by)) cut.push_back(other);
  std::vector<models::NodeId> rest;
  for (models::NodeId id : roles_.started())
    if (std::find(cut.begin(), cut.end(), id) == cut.end()) rest.push_back(id);
  if (rest.empty()) return {};
  std::sort(cut.begin(), cut.end());
  plain.server = models::kNoNode;
  plain.groups = {cut, rest};
  return {plain};
}

// n servers other than target, drawn from those that ever started.
std::vector<models::NodeId> TargetedEvents::draw_others(models::NodeId target, int n) {
  std::vector<models::NodeId> others;
  for (models::NodeId id : roles_.started())
    if (id != target) others.push_back(id);
  rng_.shuffle(others);
  others.resize(std::min(others.size(), static_cast<std::size_t>(std::max(n, 0))));
  return others;
}

}  // namespace sim
