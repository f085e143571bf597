#include "sim/runtime/host_actor.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <utility>

#include "sim/runtime/world.hpp"
#include "sim/trace/trace_writer.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {
// Timers due within this much of the clock fire together: SimGrid's clock is a double, and a
// deadline rounded a nanosecond past the wake-up must not cost another wait.
constexpr models::Time kTimerSlackNs = 10;

using models::to_seconds;

// Every node's invariants are checked after each of its steps: the checks are incremental (the
// ZAB log's order from where the last check stopped, the client connections changed since it),
// so that a long run affords them (once, walking every session at every step made a 100,000-client
// start quadratic, and a sampled check left most steps of a long run unchecked).
models::CheckCadence check_cadence() { return {}; }
}  // namespace

namespace {
constexpr std::uint64_t kLossStream = 0x1055'0000'0000ull;
constexpr models::Time kMinRetransmissionTimeoutNs = models::ms(200);  // Linux's TCP_RTO_MIN
constexpr int kMaxRetransmissions = 15;                                 // Linux's tcp_retries2
}  // namespace

HostActor::HostActor(World& world, std::size_t host_index)
    : world_(world), host_index_(host_index), loss_rng_(models::Rng::for_stream(world.scenario().seed, kLossStream + host_index)),
      check_cadence_(check_cadence()) {}

void HostActor::operator()() {
  // A permanent receiver lets detached sends complete without a rendezvous; without one, SimGrid
  // 3.32 matches detached comms in time that grows with the run (measured: quadratic).
  world_.host(host_index_).mailbox->set_receiver(sg4::Actor::self());
  // A crash kills this actor while its receive is pending. That comm refers to the actor, whose
  // code owns this HostActor, which owns the comm: unless the cycle is cut here, every crash
  // leaks the dead process's whole state (found by LeakSanitizer). A receive that completed while
  // the actor was not waiting on it (a freeze's sleep) left its envelope in incoming_, untaken.
  sg4::this_actor::on_exit([this](bool) {
    world_.meter().host_stopped(host_index_, World::now_ns());
    receive_.clear();
    delete std::exchange(incoming_, nullptr);
  });
  read_clock();
  world_.wire().awake(host_index_);  // the process it replaces may have died asleep
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
    locals_[i].port = std::make_unique<Port>(*this, i);
    locals_[i].driver = std::make_unique<models::NodeDriver>(world_.make_node(record.id), *locals_[i].port,
                                                             check_cadence_, kTimerSlackNs);
    world_.recorder().record(now_ns_, record.id, models::ProcessStarted{});
  }
  for (std::size_t i = 0; i < locals_.size(); ++i) locals_[i].driver->start(now_ns_, world_.node(host.nodes[i]).durable);
}

void HostActor::Port::on_start(models::Time now, models::NodeId node, const models::PersistentState& durable) {
  if (auto* t = actor_.world_.trace_writer()) t->input(now, node, models::StartInput{durable});
}

void HostActor::Port::on_input(models::Time now, models::NodeId node, const models::Input& input) {
  if (auto* t = actor_.world_.trace_writer()) t->input(now, node, input);
}

void HostActor::Port::on_effects(models::Time now, models::NodeId node, const models::Effects& effects) {
  if (auto* t = actor_.world_.trace_writer()) t->effects(node, effects);
  analysis::record_effects(actor_.world_.recorder(), now, node, effects);
  if (!effects.persist.empty()) actor_.world_.meter().log_request(actor_.host_index_, now);
}

void HostActor::Port::arm_timer(models::NodeId, models::TimerId timer, models::Time deadline_ns) {
  actor_.timer_heap_.push({deadline_ns, actor_.timer_seq_++, local_, timer});
}

// The log writes one batch at a time (the executor starts the next only after this one): its
// flush latency, then its bytes, sharing the device with whatever else transfers.
void HostActor::Port::start_fsync(models::NodeId, std::uint64_t bytes) {
  ++actor_.world_.counters().fsyncs;
  const HostRecord& host = actor_.world_.host(actor_.host_index_);
  const auto lead_ns = static_cast<models::Time>(static_cast<double>(host.disk.fsync_ns) * host.disk_slowdown);
  const auto device_ns = static_cast<models::Time>(static_cast<double>(host.disk.write_ns(static_cast<double>(bytes))) * host.disk_slowdown);
  const DiskDevice::JobId job = actor_.disk_.start(actor_.now_ns_, lead_ns, device_ns);
  actor_.disk_jobs_[job] = DiskJob{local_, true, models::DiskTask::Lane::foreground,
                                   {actor_.now_ns_, bytes, true}};
  actor_.world_.meter().disk_started(actor_.host_index_, actor_.now_ns_, true);
}

// A node runs one disk task at a time per lane (the executor starts the next after this one).
void HostActor::Port::start_disk_task(models::NodeId, const models::DiskTask& task) {
  const HostRecord& host = actor_.world_.host(actor_.host_index_);
  const DiskTaskCost cost = actor_.world_.disk_task_cost(host, task);
  const DiskDevice::JobId job = actor_.disk_.start(actor_.now_ns_, cost.lead_ns, cost.device_ns);
  const bool writes = task.kind == models::DiskTask::Kind::write_snapshot ||
                      task.kind == models::DiskTask::Kind::background_snapshot;
  actor_.disk_jobs_[job] = DiskJob{local_, false, task.lane(),
                                   {actor_.now_ns_, writes ? task.bytes : 0, false}};
  actor_.world_.meter().disk_started(actor_.host_index_, actor_.now_ns_, false);
}

std::size_t HostActor::local_index(models::NodeId id) const {
  auto it = index_of_.find(id);
  return it == index_of_.end() ? SIZE_MAX : it->second;
}

models::Time HostActor::next_wakeup_ns() const {
  models::Time next = timer_heap_.empty() ? models::kNever : timer_heap_.top().deadline_ns;
  if (!held_.empty()) next = std::min(next, held_.top().release_ns);
  if (!disk_.idle()) next = std::min(next, disk_.next_done_ns());
  return next;
}

// The arrived message, with a new receive posted in its place.
std::unique_ptr<Envelope> HostActor::take_received() {
  std::unique_ptr<Envelope> envelope(std::exchange(incoming_, nullptr));
  envelope->arrived_ns = World::now_ns();
  receive_[0] = world_.host(host_index_).mailbox->get_async<Envelope>(&incoming_);
  return envelope;
}

// The earliest arrival already in: a message taken out of SimGrid while the CPU was busy, or a
// packet whose last byte is in by SimGrid's clock (not by the actor's own, which may run ahead:
// what arrives later than the clock is not seen yet, whichever way it came). Null when none.
std::unique_ptr<Envelope> HostActor::take_next_arrival() {
  const models::Time packet_ns = world_.wire().next_due_ns(host_index_);
  const bool packet_in = packet_ns <= World::now_ns() + kTimerSlackNs;
  if (!received_.empty() && (!packet_in || received_.front()->arrived_ns <= packet_ns)) {
    std::unique_ptr<Envelope> envelope = std::move(received_.front());
    received_.pop_front();
    return envelope;
  }
  return packet_in ? world_.wire().take(host_index_) : nullptr;
}

// Waits for whichever comes first: a message, a packet, an fsync completion, or the next timer.
// What arrived while the CPU was busy is taken first, in arrival order, without waiting.
void HostActor::wait_and_handle() {
  std::unique_ptr<Envelope> arrived = take_next_arrival();
  if (!arrived) {
    flush_sends();  // which may catch up with the clock, receiving meanwhile
    arrived = take_next_arrival();
  }
  if (arrived) {
    handle_received(std::move(arrived));
  } else {
    const models::Time wakeup_ns = std::min(next_wakeup_ns(), world_.wire().next_due_ns(host_index_));
    const double timeout_s =
        wakeup_ns == models::kNever ? -1.0 : std::max(0.0, to_seconds(wakeup_ns) - sg4::Engine::get_clock());
    world_.wire().sleeping_until(host_index_, wakeup_ns);
    const bool received = sg4::Activity::wait_any_for(receive_, timeout_s) == 0;
    world_.wire().awake(host_index_);
    read_clock();
    if (received) handle_received(take_received());
  }
  release_held();
  finish_due_disk_jobs();
  fire_due_timers();
  deliver_refusals();
}

// A batch is unpacked in front of whatever arrived after it, so its messages keep their order.
void HostActor::handle_received(std::unique_ptr<Envelope> envelope) {
  auto& batched = envelope->batched;
  for (auto it = batched.rbegin(); it != batched.rend(); ++it) {
    (*it)->arrived_ns = envelope->arrived_ns;
    received_.push_front(std::move(*it));
  }
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
  now_ns_ += models::from_seconds_rounded(busy_s);
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
    for (const auto& [node, peer] : refusals) locals_[local_index(node)].driver->feed(now_ns_, models::PeerLostInput{peer});
  }
}

// Fsyncs and disk tasks done by now, in the order the device finished them. Finishing one may
// start the next (the executor's), which joins the device from now.
void HostActor::finish_due_disk_jobs() {
  while (!disk_.idle() && disk_.next_done_ns() <= now_ns_ + kTimerSlackNs) {
    for (const DiskDevice::JobId id : disk_.finish_upto(now_ns_ + kTimerSlackNs)) {
      const DiskJob job = disk_jobs_.at(id);
      disk_jobs_.erase(id);
      world_.meter().disk(host_index_, job.metered, now_ns_);
      models::NodeDriver& driver = *locals_[job.local].driver;
      ++world_.counters().inputs;
      if (job.fsync) driver.finish_fsync(now_ns_, world_.node(driver.id()).durable);
      else driver.finish_disk_task(now_ns_, world_.node(driver.id()).durable, job.lane);
    }
  }
}

void HostActor::handle_arrival(std::unique_ptr<Envelope> envelope) {
  if (envelope->kind == EnvelopeKind::wake) return;  // it has done its work by waking this actor
  if (envelope->kind == EnvelopeKind::peer_lost) {
    for (Local& local : locals_) local.driver->feed(now_ns_, models::PeerLostInput{envelope->from});
    return;
  }
  if (addressed_to_an_ended_process(*envelope)) return;
  if (envelope->kind == EnvelopeKind::freeze) {
    // A client host pauses only with its datacenter's outage, which is the fault reported.
    const bool reported = world_.host(host_index_).charges_cpu;
    catch_up();
    if (reported)
      for (const Local& l : locals_) world_.recorder().record(now_ns_, l.driver->id(), models::ProcessPaused{envelope->freeze_ns});
    flush_sends();
    sg4::this_actor::sleep_for(to_seconds(envelope->freeze_ns));
    read_clock();
    if (reported)
      for (const Local& l : locals_) world_.recorder().record(now_ns_, l.driver->id(), models::ProcessResumed{});
    return;
  }
  if (envelope->kind == EnvelopeKind::control) return feed_control(*envelope);
  const NodeRecord& from = world_.node(envelope->from);
  const NodeRecord& to = world_.node(envelope->to);
  world_.connections().arrive(std::move(envelope), from.incarnation, to.incarnation, ready_);
  for (auto& e : ready_) hold_or_deliver(std::move(e));
  ready_.clear();
}

// A freeze or control sent to one process that ended before it took it: the host's mailbox
// outlives the process, and the one started in its place would take it (a freeze of a server that
// was powered off while frozen paused its next process for the whole freeze).
bool HostActor::addressed_to_an_ended_process(const Envelope& envelope) const {
  if (envelope.kind != EnvelopeKind::freeze && envelope.kind != EnvelopeKind::control) return false;
  return envelope.to != models::kNoNode && world_.node(envelope.to).incarnation != envelope.to_incarnation;
}

// A control input for one node, or for every node of the host that takes it (a rate event
// reaches the clients, not the application clients beside them).
void HostActor::feed_control(const Envelope& envelope) {
  const models::ControlInput input{*envelope.control};
  for (Local& local : locals_) {
    const bool addressed = envelope.to == models::kNoNode || envelope.to == local.driver->id();
    if (addressed && local.driver->node().takes(input.control)) local.driver->feed(now_ns_, input);
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
    envelope->arrived_ns = held_.top().release_ns;
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
    const models::Time arrived_ns = envelope.arrived_ns < 0 ? now_ns_ : std::min(envelope.arrived_ns, now_ns_);
    world_.meter().cpu(host_index_, arrived_ns, now_ns_, models::from_seconds_rounded(busy_s));
    compute(busy_s);
  }
  ++world_.counters().inputs;
  if (envelope.opens_election_connection) locals_[local].driver->feed(now_ns_, models::PeerConnectedInput{envelope.from});
  locals_[local].driver->feed(now_ns_, models::MessageInput{envelope.from, envelope.message});
}

void HostActor::fire_due_timers() {
  while (!timer_heap_.empty()) {
    const TimerEntry top = timer_heap_.top();
    if (top.deadline_ns > now_ns_ + kTimerSlackNs) return;
    timer_heap_.pop();
    if (locals_[top.local].driver->fire_timer(std::max(now_ns_, top.deadline_ns), top.timer, top.deadline_ns))
      ++world_.counters().inputs;
  }
}

// TCP loses no message: a lost packet is sent again, after about a round trip when the
// connection is busy (fast retransmit), and if that copy is lost too, after the retransmission
// timeout, which doubles at each further loss. The delay is what a lossy link costs a message
// (and, through FIFO order, the messages behind it).
models::Time HostActor::retransmission_delay_ns(const HostRecord& from, const HostRecord& to) {
  const double p = 1 - (1 - from.loss_probability) * (1 - to.loss_probability);
  if (p <= 0 || !loss_rng_.bernoulli(p)) return 0;
  models::Time delay_ns = 2 * models::from_us(world_.scenario().network.latency_us);
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
  // attempt to a crashed process whose exit is over is refused at once (TCP RST); one to a
  // process still exiting, or to a powered-off host, goes unanswered.
  if (world_.blocked(source.host, target.host)) return;
  if (!target.alive) {
    if (!target.powered_off && !target.exiting && std::holds_alternative<models::ConnectRequest>(s.message))
      refused_.push_back({from, s.to});
    return;
  }
  const auto verdict = world_.connection_book().on_send(from, source.incarnation, s.to, target.incarnation, s.message);
  if (verdict == models::ConnectionBook::Verdict::reset) {
    refused_.push_back({from, s.to});  // a host restarted since answers an old connection with a reset
    return;
  }
  const bool opens_election_connection = models::ConnectionBook::announces_connection(verdict, s.message);
  const std::uint64_t bytes = models::wire_bytes(s.message);
  auto* envelope = new Envelope{EnvelopeKind::message, from, s.to, 0, 0, 0, nullptr, std::move(s.message)};
  envelope->opens_election_connection = opens_election_connection;
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

// What one host sends another at one instant goes as one batch carrying all the bytes, as a TCP
// stream would carry them back to back: the same bytes cross the same links, and the last message
// arrives when it would have; earlier ones of the batch may arrive later by at most the batch's
// transmission time (microseconds at 1 Gb/s). A batch that fits in one segment is a packet (see
// wire.hpp); a larger one is one SimGrid comm. Batching keeps SimGrid's concurrent comms, and its
// per-comm cost, down where one instant produces many messages, as when 1,000 clients of a host
// connect at once (SimGrid 3.32 scans a list of the receiver's completed comms per comm taken:
// 20,000 pending connects per server made a 100,000-client start quadratic).
void HostActor::flush_sends() {
  if (!outgoing_.empty()) catch_up();
  for (Outgoing& o : outgoing_) {
    outgoing_of_host_[o.to_host] = 0;
    world_.meter().send(host_index_, o.to_host, now_ns_, o.bytes);
    if (world_.uses_wire() && o.bytes <= kSegmentPayloadBytes) {
      post_packet(o.to_host, std::move(o.batch), o.bytes);
      continue;
    }
    world_.count_comm(host_index_, o.to_host, o.bytes);
    world_.host(o.to_host).mailbox->put_init(o.batch.release(), o.bytes)->detach([](void* p) { delete static_cast<Envelope*>(p); });
  }
  outgoing_.clear();
}

// A packet goes into the receiver's inbox, due when its last byte is in. If the receiver's actor
// sleeps past that with no wake on the way, an empty comm along the same route wakes it: it lands
// after the route's latency, no later than the packet, and the actor then sleeps until the packet
// is due. (A one-byte wake, its rate bounded to land with the packet, saved that second wait but
// kept the wakes of a leader's fan-out in SimGrid's sharing model together: 45% slower with 99
// members.)
void HostActor::post_packet(std::size_t to_host, std::unique_ptr<Envelope> batch, std::uint64_t bytes) {
  Wire& wire = world_.wire();
  const World::WireRoute& route = world_.wire_route(host_index_, to_host);
  const models::Time due_ns = wire.transmit(route.hops, now_ns_, bytes);
  if (wire.needs_wake(to_host, due_ns)) {
    world_.count_wake(host_index_, to_host);
    wire.wake_sent(to_host, now_ns_ + route.latency_ns);
    world_.host(to_host).mailbox->put_init(new Envelope{EnvelopeKind::wake}, 0)->detach([](void* p) { delete static_cast<Envelope*>(p); });
  }
  ++world_.counters().packets;
  wire.post(to_host, due_ns, std::move(batch));
}

}  // namespace sim
