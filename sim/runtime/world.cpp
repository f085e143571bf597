#include "sim/runtime/world.hpp"

#include <cassert>
#include <cmath>

#include "sim/runtime/host_actor.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {
// The name of each alternative of models::Message, by index, so that the profile's table can be
// turned into an array once instead of a string lookup per message.
template <std::size_t... I>
std::array<const char*, sizeof...(I)> message_names(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, models::Message>::kName...};
}
}  // namespace

World::World(const Scenario& scenario, NodeFactory factory)
    : scenario_(scenario), factory_(std::move(factory)) {
  const CpuProfile& p = scenario_.profile;
  const double flops_per_us = p.reference_ghz * 1e3;
  const auto names = message_names(std::make_index_sequence<std::variant_size_v<models::Message>>{});
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto it = p.message_us.find(names[i]);
    flops_by_kind_[i] = (it == p.message_us.end() ? p.default_us : it->second) * flops_per_us;
  }
  flops_per_byte_ = p.per_byte_ns * p.reference_ghz;
}

double World::cpu_flops(const models::Message& message) const {
  return flops_by_kind_[message.index()] + flops_per_byte_ * models::wire_bytes(message);
}

models::Time World::now_ns() { return static_cast<models::Time>(std::llround(sg4::Engine::get_clock() * 1e9)); }

std::size_t World::add_host(HostRecord host) {
  hosts_.push_back(std::move(host));
  return hosts_.size() - 1;
}

void World::place(models::NodeId id, std::size_t host) {
  assert(!nodes_.count(id));
  nodes_[id] = NodeRecord{id, host};
  hosts_.at(host).nodes.push_back(id);
}

void World::start_host(std::size_t index) {
  HostRecord& h = hosts_.at(index);
  auto actor = std::make_shared<HostActor>(*this, index);
  h.actor = sg4::Actor::create(h.name, h.host, [actor] { (*actor)(); });
}

// A process stops: its actor dies with whatever was not yet fsynced, and every connection to it
// is reset. Peers are told at once after a crash; after a power-off they are told nothing.
void World::stop(models::NodeId id, bool silent) {
  NodeRecord& n = nodes_.at(id);
  if (!n.alive) return;
  HostRecord& h = hosts_.at(n.host);
  assert(h.nodes.size() == 1);  // servers have a host of their own
  n.alive = false;
  ++n.incarnation;
  h.actor->kill();
  h.actor = nullptr;
  recorder_.record(now_ns(), id, models::ProcessStopped{silent});
  if (!silent) notify_peer_lost(id);
}

void World::restart(models::NodeId id) {
  NodeRecord& n = nodes_.at(id);
  if (n.alive) stop(id, false);
  start_host(n.host);
}

void World::notify_peer_lost(models::NodeId id) {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (i == nodes_.at(id).host || hosts_[i].nodes.empty()) continue;
    auto* envelope = new Envelope{EnvelopeKind::peer_lost, id, models::kNoNode};
    // The reset reaches each peer host through the controller's zero-cost links.
    hosts_[i].mailbox->put_init(envelope, 0)->detach([](void* p) { delete static_cast<Envelope*>(p); });
    ++counters_.comms;
  }
}

}  // namespace sim
