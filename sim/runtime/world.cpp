#include "sim/runtime/world.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "models/client/app_ids.hpp"
#include "sim/runtime/host_actor.hpp"
#include "sim/trace/trace_writer.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {
// The position of message kind T in models::Message.
template <typename T, std::size_t I = 0>
constexpr std::size_t variant_index() {
  if constexpr (std::is_same_v<std::variant_alternative_t<I, models::Message>, T>) return I;
  else return variant_index<T, I + 1>();
}
// The name of each alternative of models::Message, by index, so that the profile's table can be
// turned into an array once instead of a string lookup per message.
template <std::size_t... I>
std::array<const char*, sizeof...(I)> message_names(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, models::Message>::kName...};
}
}  // namespace

World::World(const Scenario& scenario, NodeFactory factory)
    : scenario_(scenario),
      offered_rate_per_s_(scenario.workload.rate_per_s),
      read_ratio_(scenario.workload.read_ratio),
      factory_(std::move(factory)),
      uses_wire_(scenario.network.model == "CM02") {
  const CpuProfile& p = scenario_.profile;
  const double flops_per_us = p.reference_ghz * 1e3;
  const auto names = message_names(std::make_index_sequence<std::variant_size_v<models::Message>>{});
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto it = p.message_us.find(names[i]);
    flops_by_kind_[i] = (it == p.message_us.end() ? p.default_us : it->second) * flops_per_us;
  }
  flops_per_byte_ = p.per_byte_ns * p.reference_ghz;
  // An application request costs the service's service time, unless the profile prices it.
  constexpr std::size_t app_request = variant_index<models::AppRequest>();
  if (scenario_.services.enabled && !p.message_us.count(names[app_request]))
    flops_by_kind_[app_request] = models::ms_to_us(scenario_.services.servers.service_time_ms) * flops_per_us;
}

double World::cpu_flops(const models::Message& message) const {
  return flops_by_kind_[message.index()] + flops_per_byte_ * models::wire_bytes(message);
}

// The profile's constants (tests/validation/README.md, "Constants"): a role's shutdown, then its
// log read back; a snapshot's file, its serialization and its flush. A process starting pays only
// the read (its start is not in the profile); a purge deletes files, which costs no modelled time.
DiskTaskCost World::disk_task_cost(const HostRecord& host, const models::DiskTask& task) const {
  using Kind = models::DiskTask::Kind;
  const CpuProfile& p = scenario_.profile;
  if (task.kind == Kind::purge) return {};
  const bool read = task.kind == Kind::load_database || task.kind == Kind::restore_database;
  const double cpu_ns_per_byte = (read ? p.database_load_ns_per_byte : p.snapshot_ns_per_byte) * p.reference_ghz /
                                 (host.host->get_speed() / 1e9) * host.cpu_slowdown;
  const auto bytes = static_cast<double>(task.bytes);
  double fixed_ms = p.snapshot_fixed_ms;
  if (task.kind == Kind::load_database) fixed_ms = p.role_shutdown_ms;
  if (task.kind == Kind::restore_database) fixed_ms = 0;
  const models::Time flush_ns = read ? 0 : host.disk.fsync_ns;
  const models::Time device_ns = read ? host.disk.read_ns(bytes) : host.disk.write_ns(bytes);
  return {models::from_ms(fixed_ms) + static_cast<models::Time>(cpu_ns_per_byte * bytes) +
              static_cast<models::Time>(static_cast<double>(flush_ns) * host.disk_slowdown),
          static_cast<models::Time>(static_cast<double>(device_ns) * host.disk_slowdown)};
}

models::Time World::now_ns() { return models::from_seconds_rounded(sg4::Engine::get_clock()); }

void World::set_quiet_until(double at_s) {
  const double until_s = std::min(at_s, scenario_.duration_s);
  if (lookahead_allowed_) quiet_until_ns_ = models::from_seconds_rounded(until_s);
}

std::size_t World::add_host(HostRecord host) {
  hosts_.push_back(std::move(host));
  return hosts_.size() - 1;
}

namespace {
// (kind, index within the kind) of a node id, as World::nodes_by_kind_ tables them.
std::pair<std::size_t, std::size_t> node_slot(models::NodeId id) {
  constexpr std::array<models::NodeId, 4> first{0, models::kFirstClientId, models::kFirstAppServerId, models::kFirstAppClientId};
  std::size_t kind = first.size() - 1;
  while (id < first[kind]) --kind;
  return {kind, id - first[kind]};
}
}  // namespace

NodeRecord* World::record_of(models::NodeId id) const {
  const auto [kind, index] = node_slot(id);
  const auto& table = nodes_by_kind_[kind];
  return index < table.size() ? table[index].get() : nullptr;
}

NodeRecord& World::node(models::NodeId id) {
  return const_cast<NodeRecord&>(static_cast<const World&>(*this).node(id));
}

const NodeRecord& World::node(models::NodeId id) const {
  const NodeRecord* record = record_of(id);
  if (!record) throw std::out_of_range("no node " + std::to_string(id) + " in this run");
  return *record;
}

void World::place(models::NodeId id, std::size_t host) {
  const auto [kind, index] = node_slot(id);
  auto& table = nodes_by_kind_[kind];
  if (table.size() <= index) table.resize(index + 1);
  assert(!table[index]);
  table[index] = std::make_unique<NodeRecord>(NodeRecord{id, host});
  hosts_.at(host).nodes.push_back(id);
}

void World::start_host(std::size_t index) {
  HostRecord& h = hosts_.at(index);
  auto actor = std::make_shared<HostActor>(*this, index);
  h.actor = sg4::Actor::create(h.name, h.host, [actor] { (*actor)(); });
}

// A process fault in a datacenter that is down is the server's own: it stays down when the
// datacenter comes back.
void World::crash(models::NodeId id) {
  if (auto* stopped = stopped_by_outage(id)) stopped->erase(id);
  end_process(id, ProcessEnd::crash);
}

void World::power_off(models::NodeId id) {
  if (auto* stopped = stopped_by_outage(id)) stopped->erase(id);
  end_process(id, ProcessEnd::power_off);
}

void World::shut_down_removed(models::NodeId id) { end_process(id, ProcessEnd::removed); }

// A process ends: its actor dies with whatever was not yet fsynced. After a crash the exit goes
// on for the profile's process_exit_ms (a JVM unmapping its heap) before the kernel closes the
// sockets; after a power-off nothing is ever closed.
void World::end_process(models::NodeId id, ProcessEnd end) {
  NodeRecord& n = node(id);
  if (!n.alive) return;
  const bool silent = end == ProcessEnd::power_off;
  HostRecord& h = hosts_.at(n.host);
  assert(h.nodes.size() == 1);  // servers have a host of their own
  n.alive = false;
  n.powered_off = silent;
  n.exiting = !silent;
  ++n.incarnation;
  h.actor->kill();
  h.actor = nullptr;
  recorder_.record(now_ns(), id, models::ProcessStopped{silent, end == ProcessEnd::removed});
  if (trace_writer_) trace_writer_->stop(now_ns(), id, silent);
  if (silent) return;
  const double exit_s = scenario_.profile.process_exit_ms / 1e3;
  sg4::Actor::create("exit_" + std::to_string(id), controller_, [this, id, exit_s] {
    sg4::this_actor::sleep_for(exit_s);
    finish_exit(id);
  });
}

void World::finish_exit(models::NodeId id) {
  NodeRecord& n = node(id);
  n.exiting = false;
  connection_book_.close_all_of(id);
  notify_peer_lost(id);
  if (std::exchange(n.restart_pending, false)) start_host(n.host);
}

void World::restart(models::NodeId id, Wipe wipe) {
  NodeRecord& n = node(id);
  if (wipe == Wipe::yes) n.durable = models::PersistentState{};
  if (auto* stopped = stopped_by_outage(id)) {  // no power: it starts when its datacenter does
    stopped->insert(id);
    return;
  }
  if (n.alive) crash(id);
  if (n.exiting) {
    n.restart_pending = true;  // the new process starts when the old one's exit is over
    return;
  }
  start_host(n.host);
}

// The pause is taken by the host's own actor (SimGrid 3.32's Actor::suspend loses the messages
// a suspended actor's mailbox receives).
void World::freeze(models::NodeId id, double duration_s) {
  if (!node(id).alive) return;
  auto* envelope = new Envelope{EnvelopeKind::freeze, id, id};
  envelope->to_incarnation = node(id).incarnation;
  envelope->freeze_ns = models::from_seconds(duration_s);
  send_control(node(id).host, envelope);
}

void World::control(models::NodeId id, models::Control control) {
  if (!node(id).alive) return;
  auto* envelope = new Envelope{EnvelopeKind::control, models::kNoNode, id};
  envelope->to_incarnation = node(id).incarnation;
  envelope->control = std::make_shared<const models::Control>(std::move(control));
  send_control(node(id).host, envelope);
}

std::vector<std::size_t> World::hosts_of_group(const Event& event, std::size_t group) const {
  std::vector<std::size_t> hosts;
  for (models::NodeId id : event.groups.at(group)) hosts.push_back(node(id).host);
  if (event.clients_group != static_cast<int>(group)) return hosts;
  for (std::size_t h = 0; h < hosts_.size(); ++h)
    if (carries_clients(h)) hosts.push_back(h);
  return hosts;
}

void World::heal() {
  blocked_.clear();
  partitioned_datacenter_ = SIZE_MAX;
  recorder_.record(now_ns(), models::kNoNode, models::NetworkPartitioned{});
}

// A new partition replaces the previous one. Groups are cut from each other (only from lower to
// higher group index when one-way); hosts in no group keep reaching everyone.
void World::partition(const Event& event) {
  blocked_.clear();
  partitioned_datacenter_ = SIZE_MAX;
  recorder_.record(now_ns(), models::kNoNode, models::NetworkPartitioned{event.groups, event.clients_group, event.one_way});
  for (std::size_t i = 0; i < event.groups.size(); ++i)
    for (std::size_t j = 0; j < event.groups.size(); ++j) {
      if (i == j || (event.one_way && i > j)) continue;
      for (std::size_t a : hosts_of_group(event, i))
        for (std::size_t b : hosts_of_group(event, j)) block(a, b);
    }
}

std::set<models::NodeId>* World::stopped_by_outage(models::NodeId id) {
  auto it = down_datacenters_.find(hosts_.at(node(id).host).datacenter);
  return it == down_datacenters_.end() ? nullptr : &it->second;
}

void World::datacenter_down(const Event& event) {
  if (event.outage == DatacenterOutage::partition) return partition_datacenter(event.datacenter);
  if (down_datacenters_.count(event.datacenter)) return;  // already down (a random outage met the scenario's)
  std::set<models::NodeId>& stopped = down_datacenters_[event.datacenter];
  const ProcessEnd end = event.outage == DatacenterOutage::crash ? ProcessEnd::crash : ProcessEnd::power_off;
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    HostRecord& host = hosts_[h];
    if (host.datacenter != event.datacenter || host.nodes.empty()) continue;
    if (!host.charges_cpu) {  // a client host: paused, and cut off so that nothing piles up for it
      host.isolated = true;
      auto* envelope = new Envelope{EnvelopeKind::freeze, host.nodes.front(), host.nodes.front()};
      envelope->to_incarnation = node(host.nodes.front()).incarnation;
      envelope->freeze_ns = models::from_seconds(event.duration_s);
      send_control(h, envelope);
      continue;
    }
    const models::NodeId id = host.nodes.front();
    if (!node(id).alive) continue;
    end_process(id, end);
    stopped.insert(id);
  }
}

void World::datacenter_up(const Event& event) {
  auto it = down_datacenters_.find(event.datacenter);
  if (it == down_datacenters_.end()) {
    if (partitioned_datacenter_ == event.datacenter) heal();
    return;
  }
  const std::set<models::NodeId> stopped = std::move(it->second);
  down_datacenters_.erase(it);
  for (HostRecord& host : hosts_)
    if (host.datacenter == event.datacenter) host.isolated = false;
  for (models::NodeId id : stopped) restart(id, Wipe::no);
}

// One partition: the datacenter's hosts against the rest. Its servers against the others in the
// observation (client hosts go with their datacenter, which NetworkPartitioned cannot say).
void World::partition_datacenter(std::size_t datacenter) {
  blocked_.clear();
  partitioned_datacenter_ = datacenter;
  std::vector<std::vector<models::NodeId>> groups(2);
  for (const HostRecord& host : hosts_)
    if (host.charges_cpu && !host.nodes.empty() && !models::is_app_server(host.nodes.front()))
      groups[host.datacenter == datacenter ? 0 : 1].push_back(host.nodes.front());
  for (auto& group : groups) std::sort(group.begin(), group.end());
  recorder_.record(now_ns(), models::kNoNode, models::NetworkPartitioned{groups, -1, false});
  for (std::size_t a = 0; a < hosts_.size(); ++a)
    for (std::size_t b = 0; b < hosts_.size(); ++b)
      if ((hosts_[a].datacenter == datacenter) != (hosts_[b].datacenter == datacenter)) block(a, b);
}

// Extra latency is added by the transport (SimGrid 3.32 aborts when a link's latency shrinks
// under comms in flight); reduced bandwidth is SimGrid's own.
void World::clog(models::NodeId id, double extra_latency_ms, double bandwidth_factor) {
  HostRecord& h = hosts_.at(node(id).host);
  h.clog_delay_ns = models::from_ms(extra_latency_ms);
  if (!h.nic) return;  // a platform file's links are its own: only the latency applies
  for (sg4::Link* link : {h.nic->get_link_up(), h.nic->get_link_down()})
    link->set_bandwidth(h.nic_bytes_per_s * bandwidth_factor);
}

// Control messages reach a host through the controller's links (no bandwidth cost, the
// destination interface's latency only).
void World::send_control(std::size_t host, Envelope* envelope) {
  hosts_.at(host).mailbox->put_init(envelope, 0)->detach([](void* p) { delete static_cast<Envelope*>(p); });
  count_comm(controller_index(), host, 0);
}

const World::WireRoute& World::wire_route(std::size_t from_host, std::size_t to_host) {
  const std::size_t hosts = hosts_.size();
  if (routes_.empty()) routes_.resize(hosts * hosts);
  WireRoute& route = routes_[from_host * hosts + to_host];
  if (route.links.empty()) {
    double latency_s = 0;
    hosts_[from_host].host->route_to(hosts_[to_host].host, route.links, &latency_s);
    for (const sg4::Link* link : route.links) {
      const std::size_t index = link_index_.try_emplace(link, link_index_.size()).first->second;
      route.hops.push_back({index, 0, models::from_seconds_rounded(link->get_latency())});
      route.latency_ns += route.hops.back().latency_ns;
    }
  }
  for (std::size_t i = 0; i < route.links.size(); ++i) route.hops[i].bytes_per_s = route.links[i]->get_bandwidth();
  return route;
}

// The per-pair tables, sized on first use (hosts and the controller).
std::size_t World::pair_index(std::size_t from_host, std::size_t to_host) {
  const std::size_t hosts = hosts_.size() + 1;
  if (counters_.comms_by_pair.empty()) {
    counters_.comms_by_pair.resize(hosts * hosts);
    counters_.bytes_by_pair.resize(hosts * hosts);
    counters_.wakes_by_pair.resize(hosts * hosts);
  }
  return from_host * hosts + to_host;
}

void World::count_comm(std::size_t from_host, std::size_t to_host, std::uint64_t bytes) {
  ++counters_.comms;
  const std::size_t i = pair_index(from_host, to_host);
  ++counters_.comms_by_pair[i];
  counters_.bytes_by_pair[i] += bytes;
}

void World::count_wake(std::size_t from_host, std::size_t to_host) {
  ++counters_.comms;
  ++counters_.wakes;
  ++counters_.wakes_by_pair[pair_index(from_host, to_host)];
}

void World::notify_peer_lost(models::NodeId id) {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (i == node(id).host || hosts_[i].nodes.empty()) continue;
    if (hosts_[i].starts_later && !hosts_[i].actor) continue;  // a joiner not started yet: no connection to reset
    send_control(i, new Envelope{EnvelopeKind::peer_lost, id, models::kNoNode});
  }
}

// Only the hosts of the clients concerned get it (app clients and clients never share a host).
void World::set_strategy(const Event& event) {
  const auto control = std::make_shared<const models::Control>(models::SetStrategy{event.strategy.name, event.strategy.options});
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (!carries_clients(i)) continue;
    if (models::is_app_client(hosts_[i].nodes.front()) != event.app_clients) continue;
    auto* envelope = new Envelope{EnvelopeKind::control};
    envelope->control = control;
    send_control(i, envelope);
  }
}

void World::set_rate(double rate_per_s, double read_ratio) {
  if (rate_per_s >= 0) offered_rate_per_s_ = rate_per_s;
  if (read_ratio >= 0) read_ratio_ = read_ratio;
  const auto clients = static_cast<double>(std::max(1, scenario_.clients.count));
  const auto control = std::make_shared<const models::Control>(models::SetRate{offered_rate_per_s_ / clients, read_ratio_});
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (!carries_clients(i)) continue;
    auto* envelope = new Envelope{EnvelopeKind::control};
    envelope->control = control;
    send_control(i, envelope);
  }
}

}  // namespace sim
