#include "sim/runtime/host_actor.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <utility>

#include "models/client/app_client.hpp"
#include "models/client/client.hpp"
#include "sim/runtime/world.hpp"
#include "sim/trace/trace_writer.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {
// Timers due within this much of the clock fire together: SimGrid's clock is a double, and a
// deadline rounded a nanosecond past the wake-up must not cost another wait.
constexpr models::Time kTimerSlackNs = 10;

double to_seconds(models::Time t) { return static_cast<double>(t) / 1e9; }

// A node's invariants are checked after each of its first kCheckEveryStepUpTo steps, then after
// every kCheckStrideSteps-th: some checks walk the node's whole state (the ZAB log, every client
// session), so checking every step of a long run costs time quadratic in its length (measured: 70%
// of a 30 s canonical run). Elections and the start of every run are still checked at each step.
// A server's checks also walk every client session: with more than kCheckedClientsFull clients in
// the run, the every-step phase shrinks in proportion (measured: 100,000 clients spent 70% of a run
// start checking 20,000 sessions per server at each step).
constexpr std::uint64_t kCheckEveryStepUpTo = 10'000;
constexpr std::uint64_t kCheckStrideSteps = 1024;
constexpr std::uint64_t kCheckedClientsFull = 1'000;

std::uint64_t every_step_checks(int clients) {
  const auto n = static_cast<std::uint64_t>(std::max(clients, 1));
  return n <= kCheckedClientsFull ? kCheckEveryStepUpTo : std::max<std::uint64_t>(kCheckStrideSteps, kCheckEveryStepUpTo * kCheckedClientsFull / n);
}
}  // namespace

namespace {
constexpr std::uint64_t kLossStream = 0x1055'0000'0000ull;
constexpr models::Time kMinRetransmissionTimeoutNs = models::ms(200);  // Linux's TCP_RTO_MIN
constexpr int kMaxRetransmissions = 15;                                 // Linux's tcp_retries2
}  // namespace

HostActor::HostActor(World& world, std::size_t host_index)
    : world_(world), host_index_(host_index), loss_rng_(models::Rng::for_stream(world.scenario().seed, kLossStream + host_index)),
      every_step_checks_(every_step_checks(world.scenario().clients.count)) {}

void HostActor::operator()() {
  // A permanent receiver lets detached sends complete without a rendezvous; without one, SimGrid
  // 3.32 matches detached comms in time that grows with the run (measured: quadratic).
  world_.host(host_index_).mailbox->set_receiver(sg4::Actor::self());
  // A crash kills this actor while its receive is pending. That comm refers to the actor, whose
  // code owns this HostActor, which owns the comm: unless the cycle is cut here, every crash
  // leaks the dead process's whole state (found by LeakSanitizer). A receive that completed while
  // the actor was not waiting on it (a freeze's sleep) left its envelope in incoming_, untaken.
  sg4::this_actor::on_exit([this](bool) {
    receive_.clear();
    delete std::exchange(incoming_, nullptr);
  });
  read_clock();
  start_nodes();
  receive_ = {world_.host(host_index_).mailbox->get_async<Envelope>(&incoming_)};
  while (!world_.stop_requested()) wait_and_handle();
  sg4::Actor::kill_all();  // the run ends here, at the step that broke a guarantee
}

void HostActor::start_nodes() {
  const HostRecord& host = world_.host(host_index_);
  locals_.resize(host.nodes.size());
  for (std::size_t i = 0; i < host.nodes.size(); ++i) {
    NodeRecord& record = world_.node(host.nodes[i]);
    record.alive = true;
    index_of_[record.id] = i;
    locals_[i].node = world_.make_node(record.id);
    world_.recorder().record(now_ns_, record.id, models::ProcessStarted{});
  }
  for (std::size_t i = 0; i < locals_.size(); ++i) {
    if (auto* t = world_.trace_writer()) t->input(now_ns_, host.nodes[i], trace::StartInput{world_.node(host.nodes[i]).durable});
    apply(i, locals_[i].node->on_start(now_ns_));
  }
}

std::size_t HostActor::local_index(models::NodeId id) const {
  auto it = index_of_.find(id);
  return it == index_of_.end() ? SIZE_MAX : it->second;
}

models::Time HostActor::next_wakeup_ns() const {
  models::Time next = timer_heap_.empty() ? models::kNever : timer_heap_.top().deadline_ns;
  if (!held_.empty()) next = std::min(next, held_.top().release_ns);
  if (!fsyncs_in_flight_.empty()) next = std::min(next, fsyncs_in_flight_.begin()->first);
  return next;
}

// The arrived message, with a new receive posted in its place.
std::unique_ptr<Envelope> HostActor::take_received() {
  std::unique_ptr<Envelope> envelope(std::exchange(incoming_, nullptr));
  receive_[0] = world_.host(host_index_).mailbox->get_async<Envelope>(&incoming_);
  return envelope;
}

// Waits for whichever comes first: a message, an fsync completion, or the next timer. Messages
// that arrived while the CPU was busy are taken first, in arrival order, without waiting.
void HostActor::wait_and_handle() {
  if (received_.empty()) flush_sends();  // which may catch up with the clock, receiving meanwhile
  if (!received_.empty()) {
    std::unique_ptr<Envelope> envelope = std::move(received_.front());
    received_.pop_front();
    handle_received(std::move(envelope));
  } else {
    const models::Time wakeup_ns = next_wakeup_ns();
    const double timeout_s =
        wakeup_ns == models::kNever ? -1.0 : std::max(0.0, to_seconds(wakeup_ns) - sg4::Engine::get_clock());
    const bool received = sg4::Activity::wait_any_for(receive_, timeout_s) == 0;
    read_clock();
    if (received) handle_received(take_received());
  }
  release_held();
  finish_due_fsyncs();
  fire_due_timers();
  deliver_refusals();
}

// A batch is unpacked in front of whatever arrived after it, so its messages keep their order.
void HostActor::handle_received(std::unique_ptr<Envelope> envelope) {
  auto& batched = envelope->batched;
  for (auto it = batched.rbegin(); it != batched.rend(); ++it) received_.push_front(std::move(*it));
  batched.clear();
  handle_arrival(std::move(envelope));
}

// Stands for a this_actor::execute() that takes busy_s, with the same timing: the CPU is busy
// until it would have done the work, and what arrives meanwhile waits for its turn. The actor does
// not wait for the work to be done: it moves its own clock (now_ns_) on and lets the node handle
// the input at once. It waits for SimGrid's clock only when it must (catch_up): before its sends leave, and
// before anything outside the host can change the world (quiet_until_ns: a crash at that time
// must find the input unhandled). An input that sends nothing then costs no wake-up: 45% of a
// canonical run's server inputs (proposals, whose acks wait for the fsync; most acks; commits),
// measured 3.6% fewer instructions. Observations made ahead of the clock are put back in time
// order by the world's recorder.
void HostActor::compute(double busy_s) {
  flush_sends();
  now_ns_ += static_cast<models::Time>(std::llround(busy_s * 1e9));
  if (now_ns_ >= world_.quiet_until_ns()) catch_up();
}

// The actor's clock never goes back: SimGrid's, or later while the CPU is still busy.
void HostActor::read_clock() { now_ns_ = std::max(now_ns_, World::now_ns()); }

// Waits until SimGrid's clock reaches the actor's. It waits on the receive with a timeout rather
// than sleeping or starting an exec: a SimGrid exec costs about as much as a comm, a timeout no
// activity at all (measured: execs were 40% of a canonical run's activities). What arrives
// meanwhile is queued here rather than left in SimGrid's mailbox (see received_).
void HostActor::catch_up() {
  if (World::now_ns() < now_ns_) ++world_.counters().clock_waits;
  while (World::now_ns() < now_ns_) {
    assert(received_.size() < (1u << 26));  // bounded by what the run sends: a runaway shows here
    if (sg4::Activity::wait_any_for(receive_, to_seconds(now_ns_) - sg4::Engine::get_clock()) == 0)
      received_.push_back(take_received());
  }
}

void HostActor::deliver_refusals() {
  for (std::size_t round = 0; !refused_.empty(); ++round) {
    assert(round < 1000);  // each refusal makes at most one new attempt: this ends
    const auto refusals = std::move(refused_);
    refused_.clear();
    for (const auto& [node, peer] : refusals) {
      if (auto* t = world_.trace_writer()) t->input(now_ns_, node, trace::PeerLostInput{peer});
      apply(local_index(node), locals_[local_index(node)].node->on_peer_lost(now_ns_, peer));
    }
  }
}

void HostActor::finish_due_fsyncs() {
  while (!fsyncs_in_flight_.empty() && fsyncs_in_flight_.begin()->first <= now_ns_ + kTimerSlackNs) {
    const std::size_t local = fsyncs_in_flight_.begin()->second;
    fsyncs_in_flight_.erase(fsyncs_in_flight_.begin());
    finish_fsync(local);
  }
}

void HostActor::handle_arrival(std::unique_ptr<Envelope> envelope) {
  if (envelope->kind == EnvelopeKind::peer_lost) {
    for (std::size_t i = 0; i < locals_.size(); ++i) {
      if (auto* t = world_.trace_writer()) t->input(now_ns_, locals_[i].node->id(), trace::PeerLostInput{envelope->from});
      apply(i, locals_[i].node->on_peer_lost(now_ns_, envelope->from));
    }
    return;
  }
  if (envelope->kind == EnvelopeKind::freeze) {
    catch_up();
    for (const Local& l : locals_) world_.recorder().record(now_ns_, l.node->id(), models::ProcessPaused{envelope->freeze_ns});
    flush_sends();
    sg4::this_actor::sleep_for(static_cast<double>(envelope->freeze_ns) / 1e9);
    read_clock();
    for (const Local& l : locals_) world_.recorder().record(now_ns_, l.node->id(), models::ProcessResumed{});
    return;
  }
  if (envelope->kind == EnvelopeKind::set_rate)
    return feed_clients(trace::SetRateInput{envelope->rate_per_s, envelope->read_ratio}, false);
  if (envelope->kind == EnvelopeKind::set_strategy) {
    const Event& event = *envelope->event;
    return feed_clients(trace::SetStrategyInput{event.strategy.name, event.strategy.options}, true);
  }
  if (envelope->kind == EnvelopeKind::inject) {
    const std::size_t local = local_index(envelope->to);
    if (auto* t = world_.trace_writer()) t->input(now_ns_, envelope->to, trace::MessageInput{models::kNoNode, envelope->message});
    apply(local, locals_[local].node->on_message(now_ns_, models::kNoNode, envelope->message));
    return;
  }
  const NodeRecord& from = world_.node(envelope->from);
  const NodeRecord& to = world_.node(envelope->to);
  world_.connections().arrive(std::move(envelope), from.incarnation, to.incarnation, ready_);
  for (auto& e : ready_) hold_or_deliver(std::move(e));
  ready_.clear();
}

// A control input for every client of the host (and every app client, if app_clients), given
// through the replayer's own dispatch (trace::feed): a replay then feeds each node what it got.
void HostActor::feed_clients(const trace::Input& input, bool app_clients) {
  for (std::size_t i = 0; i < locals_.size(); ++i) {
    models::Node& node = *locals_[i].node;
    if (!dynamic_cast<models::Client*>(&node) && !(app_clients && dynamic_cast<models::AppClient*>(&node))) continue;
    if (auto* t = world_.trace_writer()) t->input(now_ns_, node.id(), input);
    apply(i, trace::feed(node, now_ns_, input));
  }
}

// A clogged interface delays messages; later messages of the same connection wait behind earlier
// ones, as on a TCP connection.
void HostActor::hold_or_deliver(std::unique_ptr<Envelope> envelope) {
  const auto key = std::make_pair(envelope->from, envelope->to);
  auto last = last_release_ns_.find(key);
  const models::Time release_ns = std::max(now_ns_ + envelope->extra_delay_ns, last == last_release_ns_.end() ? 0 : last->second);
  if (release_ns <= now_ns_) {
    deliver(*envelope);
    return;
  }
  last_release_ns_[key] = release_ns;
  held_.push({release_ns, held_order_++, std::shared_ptr<Envelope>(std::move(envelope))});
}

void HostActor::release_held() {
  while (!held_.empty() && held_.top().release_ns <= now_ns_ + kTimerSlackNs) {
    const std::shared_ptr<Envelope> envelope = held_.top().envelope;
    held_.pop();
    deliver(*envelope);
  }
}

// A message in its turn on its connection: lost if a partition now separates the hosts,
// otherwise it costs the profile's CPU time on a server before the node sees it.
void HostActor::deliver(Envelope& envelope) {
  const std::size_t from_host = world_.node(envelope.from).host;
  if (world_.blocked(from_host, host_index_)) return;
  const std::size_t local = local_index(envelope.to);
  assert(local != SIZE_MAX);
  HostRecord& host = world_.host(host_index_);
  if (host.charges_cpu) {
    ++world_.counters().execs;
    const double busy_s = world_.cpu_flops(envelope.message) * host.cpu_slowdown / host.host->get_speed();
    if (to_seconds(now_ns_) >= world_.scenario().warmup_s) host.cpu_busy_s += busy_s;
    compute(busy_s);
  }
  ++world_.counters().inputs;
  if (auto* t = world_.trace_writer()) t->input(now_ns_, envelope.to, trace::MessageInput{envelope.from, envelope.message});
  apply(local, locals_[local].node->on_message(now_ns_, envelope.from, envelope.message));
}

void HostActor::fire_due_timers() {
  while (!timer_heap_.empty()) {
    const TimerEntry top = timer_heap_.top();
    if (top.deadline_ns > now_ns_ + kTimerSlackNs) return;
    timer_heap_.pop();
    Local& local = locals_[top.local];
    auto it = local.timers.find(top.timer);
    if (it == local.timers.end() || it->second != top.deadline_ns) continue;  // replaced or cancelled
    local.timers.erase(it);
    ++world_.counters().inputs;
    if (auto* t = world_.trace_writer()) t->input(std::max(now_ns_, top.deadline_ns), local.node->id(), trace::TimerInput{top.timer});
    apply(top.local, local.node->on_timer(std::max(now_ns_, top.deadline_ns), top.timer));
  }
}

void HostActor::finish_fsync(std::size_t local) {
  Local& l = locals_[local];
  NodeRecord& record = world_.node(l.node->id());
  for (const auto& op : l.disk.writing) models::apply(record.durable, op);
  l.disk.writing.clear();
  l.disk.done_ns = models::kNever;
  std::vector<models::Send> released = std::move(l.disk.writing_sends);
  l.disk.writing_sends.clear();
  for (auto& s : released) send(record.id, std::move(s));
  if (!l.disk.waiting.empty()) start_fsync(local);
  ++world_.counters().inputs;
  if (auto* t = world_.trace_writer()) t->input(now_ns_, record.id, trace::PersistedInput{record.durable.last_zxid()});
  apply(local, l.node->on_persisted(now_ns_, record.durable.last_zxid()));
}

void HostActor::apply(std::size_t local, models::Effects effects) {
  Local& l = locals_[local];
  const models::NodeId id = l.node->id();
  if (auto* t = world_.trace_writer()) t->effects(id, effects);
  analysis::record_effects(world_.recorder(), now_ns_, id, effects);
  set_timers(local, effects.timers);
  const bool persisting = !effects.persist.empty();
  for (models::Send& s : effects.sends) {
    if (persisting && s.waits_for_persist)
      l.disk.waiting_sends.push_back(std::move(s));
    else if (s.waits_for_persist && holds_send_to(l.disk, s.to))
      // TCP keeps a connection's order: it must not overtake an earlier message held for an fsync
      // (a COMMIT must not pass the COMMITANDACTIVATE before it).
      (l.disk.waiting_sends.empty() ? l.disk.writing_sends : l.disk.waiting_sends).push_back(std::move(s));
    else
      send(id, std::move(s));
  }
  if (persisting) {  // group commit: what arrives while an fsync runs waits for the next one
    for (auto& op : effects.persist) l.disk.waiting.push_back(std::move(op));
    if (!l.disk.busy()) start_fsync(local);
  }
  check_invariants(l);
}

bool HostActor::holds_send_to(const GroupCommit& disk, models::NodeId to) {
  const auto to_it = [to](const models::Send& s) { return s.to == to; };
  return std::any_of(disk.writing_sends.begin(), disk.writing_sends.end(), to_it) ||
         std::any_of(disk.waiting_sends.begin(), disk.waiting_sends.end(), to_it);
}

void HostActor::check_invariants(Local& local) {
  ++local.steps;
  if (local.steps <= every_step_checks_ || local.steps % kCheckStrideSteps == 0) local.node->check_invariants();
}

void HostActor::set_timers(std::size_t local, const std::vector<models::TimerSet>& timers) {
  Local& l = locals_[local];
  for (const models::TimerSet& t : timers) {
    // A deadline in the past would fire at once, again and again if the node re-arms it so.
    assert(t.deadline_ns == models::kCancelTimer || t.deadline_ns >= now_ns_ - kTimerSlackNs);
    if (t.deadline_ns == models::kCancelTimer) {
      l.timers.erase(t.id);
      continue;
    }
    l.timers[t.id] = t.deadline_ns;
    timer_heap_.push({t.deadline_ns, timer_seq_++, local, t.id});
  }
}

// One fsync covers the whole batch (group commit).
void HostActor::start_fsync(std::size_t local) {
  GroupCommit& d = locals_[local].disk;
  d.writing = std::move(d.waiting);
  d.writing_sends = std::move(d.waiting_sends);
  d.waiting.clear();
  d.waiting_sends.clear();
  double bytes = 0;
  for (const auto& op : d.writing) bytes += static_cast<double>(models::storage_bytes(op));
  ++world_.counters().fsyncs;
  const HostRecord& host = world_.host(host_index_);
  d.done_ns = now_ns_ + static_cast<models::Time>(static_cast<double>(host.disk.duration_ns(bytes)) * host.disk_slowdown);
  fsyncs_in_flight_.insert({d.done_ns, local});
}

// TCP loses no message: a lost packet is sent again, after about a round trip when the
// connection is busy (fast retransmit), and if that copy is lost too, after the retransmission
// timeout, which doubles at each further loss. The delay is what a lossy link costs a message
// (and, through FIFO order, the messages behind it).
models::Time HostActor::retransmission_delay_ns(const HostRecord& from, const HostRecord& to) {
  const double p = 1 - (1 - from.loss_probability) * (1 - to.loss_probability);
  if (p <= 0 || !loss_rng_.bernoulli(p)) return 0;
  models::Time delay_ns = 2 * static_cast<models::Time>(world_.scenario().network.latency_us * 1e3);
  models::Time timeout_ns = kMinRetransmissionTimeoutNs;
  for (int i = 1; i < kMaxRetransmissions && loss_rng_.bernoulli(p); ++i, timeout_ns *= 2) delay_ns += timeout_ns;
  return delay_ns;
}

void HostActor::send(models::NodeId from, models::Send s) {
  const NodeRecord& source = world_.node(from);
  const NodeRecord* found = world_.find_node(s.to);
  if (!found) return;  // no such node in this run
  const NodeRecord& target = *found;
  assert(target.host != source.host);  // nodes that talk to each other never share a host
  // Nothing reaches a stopped process (and queuing comms at its mailbox would cost SimGrid time
  // growing with the backlog); what is already in flight is dropped on arrival. A connection
  // attempt to a crashed process on a running host is refused at once (TCP RST); one to a
  // powered-off host goes unanswered.
  if (world_.blocked(source.host, target.host)) return;
  if (!target.alive) {
    if (!target.powered_off && std::holds_alternative<models::ConnectRequest>(s.message)) refused_.push_back({from, s.to});
    return;
  }
  const std::uint64_t bytes = models::wire_bytes(s.message);
  auto* envelope = new Envelope{EnvelopeKind::message, from, s.to, 0, 0, 0, nullptr, std::move(s.message)};
  const HostRecord& from_host = world_.host(source.host);
  const HostRecord& to_host = world_.host(target.host);
  envelope->extra_delay_ns = from_host.clog_delay_ns + to_host.clog_delay_ns + retransmission_delay_ns(from_host, to_host);
  world_.connections().stamp(*envelope, source.incarnation, target.incarnation);
  ++world_.counters().messages;
  if (outgoing_of_host_.size() < world_.host_count()) outgoing_of_host_.resize(world_.host_count());
  std::size_t& slot = outgoing_of_host_[target.host];
  if (slot == 0) {
    outgoing_.push_back({target.host, std::unique_ptr<Envelope>(envelope), bytes});
    slot = outgoing_.size();
    return;
  }
  outgoing_[slot - 1].batch->batched.emplace_back(envelope);
  outgoing_[slot - 1].bytes += bytes;
}

// What one host sends another at one instant goes as one comm carrying all the bytes, as a TCP
// stream would carry them back to back: the same bytes cross the same links, and the last message
// arrives when it would have; earlier ones of the batch may arrive later by at most the batch's
// transmission time (microseconds at 1 Gb/s). This keeps SimGrid's concurrent comms, and its
// per-comm cost, down where one instant produces many messages, as when 1,000 clients of a host
// connect at once (SimGrid 3.32 scans a list of the receiver's completed comms per comm taken:
// 20,000 pending connects per server made a 100,000-client start quadratic).
void HostActor::flush_sends() {
  if (!outgoing_.empty()) catch_up();
  for (Outgoing& o : outgoing_) {
    outgoing_of_host_[o.to_host] = 0;
    const std::size_t from_host = host_index_;
    world_.count_comm(from_host, o.to_host, o.bytes);
    world_.host(o.to_host).mailbox->put_init(o.batch.release(), o.bytes)->detach([](void* p) { delete static_cast<Envelope*>(p); });
  }
  outgoing_.clear();
}

}  // namespace sim
