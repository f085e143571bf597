#include "sim/runtime/event_actor.hpp"

#include <algorithm>
#include <cassert>
#include <functional>
#include <memory>

#include "sim/runtime/targeted_events.hpp"
#include "sim/scenario/event_args.hpp"
#include "sim/scenario/failure_process.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {

struct Action {
  double at_s;
  std::size_t order;  // ties keep the order of the scenario file
  std::function<void(World&)> act;
};

std::function<void(World&)> action_of(const Event& e) {
  switch (e.kind) {
    case EventKind::crash: return [id = e.server](World& w) { w.crash(id); };
    case EventKind::power_off: return [id = e.server](World& w) { w.power_off(id); };
    case EventKind::restart:
      return [id = e.server, wipe = e.wipe ? World::Wipe::yes : World::Wipe::no](World& w) { w.restart(id, wipe); };
    case EventKind::freeze: return [e](World& w) { w.freeze(e.server, e.duration_s); };
    case EventKind::partition: return [e](World& w) { w.partition(e); };
    case EventKind::heal: return [](World& w) { w.heal(); };
    case EventKind::clog: return [e](World& w) { w.clog(e.server, e.extra_latency_ms, e.factor); };
    case EventKind::slow_disk:
      return [e](World& w) { w.host(w.node(e.server).host).disk_slowdown = e.factor; };
    case EventKind::slow_cpu:
      return [e](World& w) { w.host(w.node(e.server).host).cpu_slowdown = e.factor; };
    case EventKind::rate: return [e](World& w) { w.set_rate(e.rate_per_s, e.read_ratio); };
    case EventKind::packet_loss:
      return [e](World& w) { w.host(w.node(e.server).host).loss_probability = e.loss_percent / 100; };
    case EventKind::strategy: return [e](World& w) { w.set_strategy(e); };
    case EventKind::datacenter: return [e](World& w) { w.datacenter_down(e); };
    case EventKind::datacenter_heal: return [e](World& w) { w.datacenter_up(e); };
    case EventKind::add_servers:  // membership changes wait for each other: the operator actor runs them
    case EventKind::remove_servers:
    case EventKind::grow:
    case EventKind::rolling_replace:
    case EventKind::promote_observer:
    case EventKind::add_group:
    case EventKind::remove_group:
    case EventKind::set_weights:
    case EventKind::set_quorum:
      return [](World&) {};
  }
  return [](World&) {};
}

std::vector<Action> timeline(const std::vector<Event>& events, TargetedEvents* targeted) {
  std::vector<Action> actions;
  for (const Event& e : events) {
    if (e.targeted() && !is_membership(e.kind)) {
      assert(targeted);
      actions.push_back({e.at_s, actions.size(), [targeted, e](World&) { targeted->at_time(e); }});
    } else {
      actions.push_back({e.at_s, actions.size(), [e](World& w) { apply_event(w, e); }});
    }
  }
  std::stable_sort(actions.begin(), actions.end(), [](const Action& a, const Action& b) {
    return a.at_s != b.at_s ? a.at_s < b.at_s : a.order < b.order;
  });
  return actions;
}

}  // namespace

// Announced before it acts: what it causes (a crash's ProcessStopped) comes after it.
void apply_event(World& world, const Event& event) {
  world.announce(event_mark(event));
  action_of(event)(world);
}

void start_event_actor(World& world, TargetedEvents* targeted) {
  sg4::Actor::create("events", world.controller(), [&world, actions = timeline(all_events(world.scenario()), targeted)] {
    for (const Action& a : actions) {
      world.set_quiet_until(a.at_s);
      sg4::this_actor::sleep_until(a.at_s);
      a.act(world);
    }
    world.set_quiet_until(world.scenario().duration_s);
  });
}

}  // namespace sim
