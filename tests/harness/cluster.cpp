#include "tests/harness/cluster.hpp"

#include <cassert>

namespace harness {

Cluster::Cluster(NodeFactory factory, Options options)
    : factory_(std::move(factory)), options_(options) {
  fan_out_.add(&recorder_);
}

void Cluster::add(NodeId id) {
  assert(!slots_.count(id) || !slots_[id].node);
  durable_[id];
  restart(id);
}

models::Node& Cluster::node(NodeId id) {
  Slot& slot = slots_.at(id);
  assert(slot.node);
  return *slot.node;
}

bool Cluster::alive(NodeId id) const {
  auto it = slots_.find(id);
  return it != slots_.end() && it->second.node != nullptr;
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
  assert(slot.node);
  slot.node.reset();
  slot.timers.clear();
  slot.writing.clear();  // an fsync in flight never completes: its data is lost
  slot.writing_sends.clear();
  slot.waiting.clear();
  slot.waiting_sends.clear();
  slot.fsync_in_flight = false;
  ++slot.incarnation;
  fan_out_.record(now_, id, models::ProcessStopped{!tell_peers});
  if (!tell_peers) return;
  for (auto& [peer, other] : slots_) {
    if (peer == id || !other.node) continue;
    apply(peer, other.node->on_peer_lost(now_, id));
  }
}

void Cluster::crash(NodeId id) { kill(id, true); }

void Cluster::power_off(NodeId id) { kill(id, false); }

void Cluster::restart(NodeId id) {
  Slot& slot = slots_[id];
  if (slot.node) kill(id, true);
  slot.node = factory_(id, durable_.at(id));
  fan_out_.record(now_, id, models::ProcessStarted{});
  apply(id, slot.node->on_start(now_));
}

void Cluster::inject(NodeId to, NodeId from, models::Message message) {
  send(from, models::Send{to, std::move(message)});
}

void Cluster::act(NodeId id, const std::function<models::Effects(models::Node&, Time)>& call) {
  apply(id, call(node(id), now_));
}

void Cluster::schedule(Event event) {
  event.seq = next_seq_++;
  if (event.kind != Kind::timer) ++in_flight_;
  events_.push(std::move(event));
}

void Cluster::send(NodeId from, models::Send s) {
  if (!link_up(from, s.to) || !slots_.count(s.to)) return;
  // FIFO per link: a message never arrives before one sent earlier on the same link.
  Time& last = last_arrival_[{from, s.to}];
  last = std::max(last, now_ + options_.latency_ns);
  Event e{last, 0, Kind::message, s.to, slots_[s.to].incarnation};
  e.from = from;
  e.from_incarnation = slots_.count(from) ? slots_[from].incarnation : 0;
  e.message = std::move(s.message);
  schedule(std::move(e));
}

void Cluster::apply(NodeId id, models::Effects effects) {
  Slot& slot = slots_.at(id);
  record_effects(fan_out_, now_, id, effects);
  for (const models::TimerSet& t : effects.timers) {
    if (t.deadline_ns == models::kCancelTimer) {
      slot.timers.erase(t.id);
      continue;
    }
    // A deadline in the past would fire at once, again and again if the node re-arms it so.
    assert(t.deadline_ns >= now_);
    const Time deadline_ns = t.deadline_ns;
    slot.timers[t.id] = deadline_ns;
    Event e{deadline_ns, 0, Kind::timer, id, slot.incarnation};
    e.timer = t.id;
    schedule(std::move(e));
  }
  const bool persisting = !effects.persist.empty();
  for (models::Send& s : effects.sends) {
    if (persisting && s.waits_for_persist)
      slot.waiting_sends.push_back(std::move(s));
    else
      send(id, std::move(s));
  }
  if (persisting) {  // group commit: everything persisted while an fsync runs goes into the next one
    for (auto& op : effects.persist) slot.waiting.push_back(std::move(op));
    if (!slot.fsync_in_flight) start_fsync(id);
  }
  if (options_.check_invariants && slot.node) slot.node->check_invariants();
}

void Cluster::start_fsync(NodeId id) {
  Slot& slot = slots_.at(id);
  slot.writing = std::move(slot.waiting);
  slot.writing_sends = std::move(slot.waiting_sends);
  slot.waiting.clear();
  slot.waiting_sends.clear();
  slot.fsync_in_flight = true;
  Event e{now_ + options_.fsync_ns, 0, Kind::fsync, id, slot.incarnation};
  e.batch = ++slot.batches;
  schedule(std::move(e));
}

void Cluster::handle_fsync(Event& event) {
  Slot& slot = slots_.at(event.node);
  models::PersistentState& disk = durable_.at(event.node);
  for (const auto& op : slot.writing) models::apply(disk, op);
  slot.writing.clear();
  slot.fsync_in_flight = false;
  std::vector<models::Send> released = std::move(slot.writing_sends);
  slot.writing_sends.clear();
  for (auto& s : released) send(event.node, std::move(s));
  if (!slot.waiting.empty()) start_fsync(event.node);
  apply(event.node, slot.node->on_persisted(now_, disk.last_zxid()));
}

void Cluster::handle(Event& event) {
  auto it = slots_.find(event.node);
  if (it == slots_.end() || !it->second.node || it->second.incarnation != event.incarnation) return;
  Slot& slot = it->second;
  switch (event.kind) {
    case Kind::message: {
      auto from = slots_.find(event.from);
      const bool sender_reset = from != slots_.end() && from->second.incarnation != event.from_incarnation;
      if (sender_reset || !link_up(event.from, event.node)) return;
      ++messages_delivered_;
      apply(event.node, slot.node->on_message(now_, event.from, event.message));
      return;
    }
    case Kind::timer: {
      auto t = slot.timers.find(event.timer);
      if (t == slot.timers.end() || t->second != event.time_ns) return;  // replaced or cancelled
      slot.timers.erase(t);
      apply(event.node, slot.node->on_timer(now_, event.timer));
      return;
    }
    case Kind::fsync:
      handle_fsync(event);
      return;
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
