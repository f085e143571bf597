#include "models/core/node_driver.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace models {

NodeDriver::NodeDriver(std::unique_ptr<Node> node, DriverPort& port, CheckCadence cadence, Time timer_slack_ns)
    : node_(std::move(node)), id_(node_->id()), port_(port), cadence_(cadence), timer_slack_ns_(timer_slack_ns) {
  assert(cadence_.stride >= 1);
}

void NodeDriver::start(Time now, const PersistentState& durable) {
  port_.on_start(now, id_, durable);
  apply(now, node_->on_start(now));
}

void NodeDriver::feed(Time now, const Input& input) {
  port_.on_input(now, id_, input);
  apply(now, models::feed(*node_, now, input));
}

bool NodeDriver::fire_timer(Time now, TimerId timer, Time deadline_ns) {
  auto it = timers_.find(timer);
  if (it == timers_.end() || it->second != deadline_ns) return false;  // replaced or cancelled
  timers_.erase(it);
  feed(now, TimerInput{timer});
  return true;
}

void NodeDriver::finish_fsync(Time now, PersistentState& durable) {
  assert(fsync_in_flight());
  for (const StorageOp& op : writing_) models::apply(durable, op);
  writing_.clear();
  const std::uint64_t batch = std::exchange(writing_upto_, 0);
  std::vector<Send> released = std::move(writing_sends_);
  writing_sends_.clear();
  for (Send& s : released) port_.send(id_, std::move(s));
  if (!waiting_.empty()) start_fsync();
  feed(now, PersistedInput{batch});
}

void NodeDriver::finish_disk_task(Time now, PersistentState& durable, DiskTask::Lane lane) {
  auto& tasks = disk_tasks_[static_cast<std::size_t>(lane)];
  assert(!tasks.empty());
  const DiskTask done = std::move(tasks.front());
  tasks.pop_front();
  for (const StorageOp& op : done.durable) models::apply(durable, op);
  if (!tasks.empty()) port_.start_disk_task(id_, tasks.front());
  feed(now, DiskDoneInput{done.kind});
}

// Contract order: the runtime sees the effects, timers are armed, sends leave or are held, the
// persist operations join the group commit, disk tasks queue; then the node's invariants are
// checked.
void NodeDriver::apply(Time now, Effects effects) {
  port_.on_effects(now, id_, effects);
  set_timers(now, effects.timers);
  const bool persisting = !effects.persist.empty();
  for (Send& s : effects.sends) route_send(std::move(s), persisting);
  if (persisting) {  // group commit: what arrives while an fsync runs waits for the next one
    ++persist_requests_;
    for (StorageOp& op : effects.persist) waiting_.push_back(std::move(op));
    if (!fsync_in_flight()) start_fsync();
  }
  for (DiskTask& task : effects.disk) {
    auto& tasks = disk_tasks_[static_cast<std::size_t>(task.lane())];
    tasks.push_back(std::move(task));
    if (tasks.size() == 1) port_.start_disk_task(id_, tasks.front());
  }
  check_invariants();
}

void NodeDriver::set_timers(Time now, const std::vector<TimerSet>& timers) {
  for (const TimerSet& t : timers) {
    if (t.deadline_ns == kCancelTimer) {
      timers_.erase(t.id);
      continue;
    }
    // A deadline in the past would fire at once, again and again if the node re-arms it so.
    assert(t.deadline_ns >= now - timer_slack_ns_);
    timers_[t.id] = t.deadline_ns;
    port_.arm_timer(id_, t.id, t.deadline_ns);
  }
}

// A send that waits for this step's persist joins the next batch's sends. A waiting send of a
// step that persists nothing may still not leave at once: TCP keeps a connection's order, so it
// must not overtake an earlier message to the same node held for an fsync (a COMMIT must not pass
// the COMMITANDACTIVATE before it); it then waits behind the last held message. A send_now
// leaves at once whatever is held: that is what it is for.
void NodeDriver::route_send(Send s, bool persisting) {
  if (persisting && s.waits_for_persist)
    waiting_sends_.push_back(std::move(s));
  else if (s.waits_for_persist && holds_send_to(s.to))
    (waiting_sends_.empty() ? writing_sends_ : waiting_sends_).push_back(std::move(s));
  else
    port_.send(id_, std::move(s));
}

bool NodeDriver::holds_send_to(NodeId to) const {
  const auto to_it = [to](const Send& s) { return s.to == to; };
  return std::any_of(writing_sends_.begin(), writing_sends_.end(), to_it) ||
         std::any_of(waiting_sends_.begin(), waiting_sends_.end(), to_it);
}

// One fsync covers the whole waiting batch (group commit).
void NodeDriver::start_fsync() {
  writing_ = std::move(waiting_);
  writing_sends_ = std::move(waiting_sends_);
  waiting_.clear();
  waiting_sends_.clear();
  writing_upto_ = persist_requests_;
  std::uint64_t bytes = 0;
  for (const StorageOp& op : writing_) bytes += storage_bytes(op);
  port_.start_fsync(id_, bytes);
}

void NodeDriver::check_invariants() {
  ++steps_;
  if (steps_ <= cadence_.every_step_upto || steps_ % cadence_.stride == 0) node_->check_invariants();
}

}  // namespace models
