#include "tests/harness/cluster.hpp"

#include <cassert>

namespace harness {

Cluster::Cluster(NodeFactory factory, Options options)
    : factory_(std::move(factory)), options_(options) {
  fan_out_.add(&recorder_);
}

void Cluster::add(NodeId id) { add(id, models::PersistentState{}); }

void Cluster::add(NodeId id, models::PersistentState durable) {
  assert(!slots_.count(id) || !slots_[id].driver);
  durable_[id] = std::move(durable);
  restart(id);
}

models::Node& Cluster::node(NodeId id) {
  Slot& slot = slots_.at(id);
  assert(slot.driver);
  return slot.driver->node();
}

bool Cluster::alive(NodeId id) const {
  auto it = slots_.find(id);
  return it != slots_.end() && it->second.driver != nullptr;
}

void Cluster::cut(NodeId a, NodeId b) {
  cut_one_way(a, b);
  cut_one_way(b, a);
}

void Cluster::cut_one_way(NodeId from, NodeId to) { cut_.insert({from, to}); }

void Cluster::isolate(NodeId a) {
  for (const auto& [id, slot] : slots_)
    if (id != a) cut(a, id);
}

void Cluster::heal() { cut_.clear(); }

bool Cluster::link_up(NodeId from, NodeId to) const { return !cut_.count({from, to}); }

std::size_t Cluster::drop(const std::function<bool(NodeId, NodeId, const models::Message&)>& match) {
  std::vector<Event> kept;
  std::size_t dropped = 0;
  while (!events_.empty()) {
    Event e = events_.top();
    events_.pop();
    if (e.kind == Kind::message && match(e.from, e.node, e.message)) {
      ++dropped;
      --in_flight_;
    } else {
      kept.push_back(std::move(e));
    }
  }
  for (Event& e : kept) events_.push(std::move(e));
  return dropped;
}

void Cluster::kill(NodeId id, bool tell_peers) {
  Slot& slot = slots_.at(id);
  assert(slot.driver);
  slot.driver.reset();  // with its timers, and the fsync in flight, which never completes
  ++slot.incarnation;
  forget_frozen(id);  // what waited for the paused process dies with it
  fan_out_.record(now_, id, models::ProcessStopped{!tell_peers});
  if (!tell_peers) return;
  connections_.close_all_of(id);
  for (auto& [peer, other] : slots_) {
    if (peer == id || !other.driver) continue;
    other.driver->feed(now_, models::PeerLostInput{id});
  }
}

void Cluster::crash(NodeId id) { kill(id, true); }

void Cluster::power_off(NodeId id) { kill(id, false); }

void Cluster::freeze(NodeId id, Time duration_ns) {
  assert(alive(id) && !frozen(id));
  frozen_[id];
  fan_out_.record(now_, id, models::ProcessPaused{duration_ns});
  schedule(Event{now_ + duration_ns, 0, Kind::resume, id, slots_.at(id).incarnation});
}

// What waited is due now, in the order it became due (its sequence numbers), each message still
// after the earlier ones of its link.
void Cluster::resume(NodeId id) {
  auto it = frozen_.find(id);
  assert(it != frozen_.end());
  std::vector<Event> waited = std::move(it->second);
  frozen_.erase(it);
  if (alive(id)) fan_out_.record(now_, id, models::ProcessResumed{});
  for (Event& e : waited) {
    e.time_ns = now_;
    if (e.kind != Kind::timer) --in_flight_;  // schedule counts it again
    schedule(std::move(e));
  }
}

void Cluster::forget_frozen(NodeId id) {
  auto it = frozen_.find(id);
  if (it == frozen_.end()) return;
  for (const Event& e : it->second)
    if (e.kind != Kind::timer) --in_flight_;
  frozen_.erase(it);
}

void Cluster::restart(NodeId id) {
  Slot& slot = slots_[id];
  if (slot.driver) kill(id, true);
  if (!slot.port) slot.port = std::make_unique<Port>(*this);
  const models::CheckCadence cadence = options_.check_invariants ? models::CheckCadence{} : models::CheckCadence{0, UINT64_MAX};
  slot.driver = std::make_unique<models::NodeDriver>(factory_(id, durable_.at(id)), *slot.port, cadence);
  fan_out_.record(now_, id, models::ProcessStarted{});
  slot.driver->start(now_, durable_.at(id));
}

void Cluster::wipe(NodeId id) {
  assert(!alive(id));
  durable_.at(id) = models::PersistentState{};
}

void Cluster::inject(NodeId to, NodeId from, models::Message message) {
  send(from, models::Send{to, std::move(message)});
}

void Cluster::control(NodeId id, models::Control control) {
  Slot& slot = slots_.at(id);
  assert(slot.driver && slot.driver->node().takes(control));
  slot.driver->feed(now_, models::ControlInput{std::move(control)});
}

void Cluster::schedule(Event event) {
  event.seq = next_seq_++;
  if (event.kind != Kind::timer) ++in_flight_;
  events_.push(std::move(event));
}

void Cluster::send(NodeId from, models::Send s) {
  if (!link_up(from, s.to) || !alive(s.to)) return;  // a stopped process (or a dark host) answers nothing
  const std::uint64_t from_incarnation = slots_.count(from) ? slots_[from].incarnation : 0;
  const auto verdict = connections_.on_send(from, from_incarnation, s.to, slots_[s.to].incarnation, s.message);
  if (verdict == models::ConnectionBook::Verdict::reset) {  // the restarted receiver's reset, at once
    if (alive(from)) slots_[from].driver->feed(now_, models::PeerLostInput{s.to});
    return;
  }
  // FIFO per link: a message never arrives before one sent earlier on the same link.
  Time& last = last_arrival_[{from, s.to}];
  const double bytes = static_cast<double>(models::wire_bytes(s.message));
  const Time transfer_ns = options_.link_bytes_per_ms > 0 ? static_cast<Time>(bytes / options_.link_bytes_per_ms * 1e6) : 0;
  last = std::max(last, now_ + options_.latency_ns) + transfer_ns;
  Event e{last, 0, Kind::message, s.to, slots_[s.to].incarnation};
  e.from = from;
  e.from_incarnation = from_incarnation;
  e.opens_election_connection = models::ConnectionBook::announces_connection(verdict, s.message);
  e.message = std::move(s.message);
  schedule(std::move(e));
}

void Cluster::Port::on_input(Time now, NodeId node, const models::Input& input) {
  if (cluster_.tap_) cluster_.tap_->input(now, node, input);
}

void Cluster::Port::on_start(Time now, NodeId node, const models::PersistentState& durable) {
  if (cluster_.tap_) cluster_.tap_->input(now, node, models::StartInput{durable});
}

void Cluster::Port::on_effects(Time now, NodeId node, const models::Effects& effects) {
  if (cluster_.tap_) cluster_.tap_->effects(now, node, effects);
  record_effects(cluster_.fan_out_, now, node, effects);
}

void Cluster::Port::arm_timer(NodeId node, models::TimerId timer, Time deadline_ns) {
  Event e{deadline_ns, 0, Kind::timer, node, cluster_.slots_.at(node).incarnation};
  e.timer = timer;
  e.deadline_ns = deadline_ns;
  cluster_.schedule(std::move(e));
}

void Cluster::Port::start_fsync(NodeId node, std::uint64_t) {
  cluster_.schedule(Event{cluster_.now_ + cluster_.options_.fsync_ns, 0, Kind::fsync, node, cluster_.slots_.at(node).incarnation});
}

void Cluster::Port::start_disk_task(NodeId node, const models::DiskTask& task) {
  const Options& o = cluster_.options_;
  const Time duration_ns = o.disk_task_ns + static_cast<Time>(static_cast<double>(task.bytes) / o.disk_bytes_per_ms * 1e6);
  Event e{cluster_.now_ + duration_ns, 0, Kind::disk_task, node, cluster_.slots_.at(node).incarnation};
  e.lane = task.lane();
  cluster_.schedule(std::move(e));
}

void Cluster::handle(Event& event) {
  auto it = slots_.find(event.node);
  if (it == slots_.end() || !it->second.driver || it->second.incarnation != event.incarnation) return;
  Slot& slot = it->second;
  if (event.kind == Kind::resume) return resume(event.node);
  if (auto paused = frozen_.find(event.node); paused != frozen_.end()) {
    if (event.kind != Kind::timer) ++in_flight_;  // still in flight: it waits in the kernel
    paused->second.push_back(std::move(event));
    return;
  }
  switch (event.kind) {
    case Kind::message: {
      auto from = slots_.find(event.from);
      const bool sender_reset = from != slots_.end() && from->second.incarnation != event.from_incarnation;
      if (sender_reset || !link_up(event.from, event.node)) return;
      ++messages_delivered_;
      if (event.opens_election_connection) slot.driver->feed(now_, models::PeerConnectedInput{event.from});
      slot.driver->feed(now_, models::MessageInput{event.from, event.message});
      return;
    }
    case Kind::timer:
      slot.driver->fire_timer(now_, event.timer, event.deadline_ns);  // a stale firing does nothing
      return;
    case Kind::fsync:
      slot.driver->finish_fsync(now_, durable_.at(event.node));
      return;
    case Kind::disk_task:
      slot.driver->finish_disk_task(now_, durable_.at(event.node), event.lane);
      return;
    case Kind::resume:
      return;  // handled above
  }
}

bool Cluster::step() {
  if (events_.empty()) return false;
  Event event = events_.top();
  events_.pop();
  if (event.kind != Kind::timer) --in_flight_;
  assert(event.time_ns >= now_);
  now_ = event.time_ns;
  handle(event);
  return true;
}

void Cluster::advance_to(Time deadline_ns) {
  while (!events_.empty() && events_.top().time_ns <= deadline_ns) step();
  now_ = std::max(now_, deadline_ns);
}

bool Cluster::run_until_quiet(std::size_t max_steps) {
  for (std::size_t i = 0; i < max_steps; ++i) {
    if (in_flight_ == 0) return true;
    if (!step()) return true;
  }
  return in_flight_ == 0;
}

}  // namespace harness
