#pragma once
// The one executor of the state machine contract (core/effects.hpp), used by every runtime: the
// SimGrid host actor, the in-memory test harness and trace replay. It owns one node and what the
// contract makes of its Effects: the named timers (set, replace, cancel, stale firings), the
// group-commit queue (the batch being written, the one waiting), the sends held for an fsync and
// their order, the persist request numbers, and the invariant-check cadence. A runtime adds only
// what is its own, through a DriverPort: its clock, its CPU, its network and its disk timing.
// Two copies of these rules drift (they did: only one of them kept the no-overtake rule); one
// cannot.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "models/core/effects.hpp"
#include "models/core/input.hpp"
#include "models/core/node.hpp"
#include "models/core/storage.hpp"
#include "models/core/time.hpp"

namespace models {

// What a runtime does for the executor of one node. Calls come in the contract's order.
class DriverPort {
 public:
  virtual ~DriverPort() = default;
  // The node is about to handle `input` at now (a trace records it here).
  virtual void on_input(Time now, NodeId node, const Input& input) = 0;
  // The node, just built from `durable`, is about to start: a start input without its copy of
  // the durable state, which only a trace needs.
  virtual void on_start(Time now, NodeId node, const PersistentState& durable) = 0;
  // What one step returned, before the executor acts on it (observations reach the checkers here).
  virtual void on_effects(Time now, NodeId node, const Effects& effects) = 0;
  // A message leaves now. The runtime keeps each connection FIFO from here on.
  virtual void send(NodeId from, Send send) = 0;
  // A timer is armed for deadline_ns (replacing any earlier deadline of it): the runtime calls
  // NodeDriver::fire_timer then. Cancelled or replaced deadlines need not be withdrawn.
  virtual void arm_timer(NodeId node, TimerId timer, Time deadline_ns) = 0;
  // One fsync of `bytes` starts now: the runtime calls NodeDriver::finish_fsync when it is done.
  virtual void start_fsync(NodeId node, std::uint64_t bytes) = 0;
  // A disk task starts now: the runtime calls NodeDriver::finish_disk_task with its lane when it
  // is done. Each lane runs one task at a time; the two lanes run side by side.
  virtual void start_disk_task(NodeId node, const DiskTask& task) = 0;
};

// A node's invariants are checked after each of its first every_step_upto steps, then after
// every stride-th. The defaults check every step: the nodes' checks are incremental (each looks at
// what changed since the last one), so that long runs afford them; a runtime may still thin them
// out for nodes whose checks are not (clients, whose hosts carry thousands).
struct CheckCadence {
  std::uint64_t every_step_upto = UINT64_MAX;
  std::uint64_t stride = 1;
};

class NodeDriver {
 public:
  // timer_slack_ns: how far in the past a deadline may be set (a runtime whose clock is a double
  // rounds); 0 where time is exact.
  NodeDriver(std::unique_ptr<Node> node, DriverPort& port, CheckCadence cadence, Time timer_slack_ns = 0);

  Node& node() { return *node_; }
  const Node& node() const { return *node_; }
  NodeId id() const { return id_; }

  // Starts the node, just built from `durable`.
  void start(Time now, const PersistentState& durable);
  // Gives the node one input now and executes what it returns.
  void feed(Time now, const Input& input);
  // The deadline of an armed timer came. True if it was still armed for that deadline (the node
  // has then handled it); false for a firing that a replacement or a cancel made stale.
  bool fire_timer(Time now, TimerId timer, Time deadline_ns);
  // The deadline the timer is armed for, or kNever.
  Time timer_deadline(TimerId timer) const {
    auto it = timers_.find(timer);
    return it == timers_.end() ? kNever : it->second;
  }
  // The fsync in flight is done: its operations become durable in `durable`, the sends that
  // waited for it leave, the next batch (if any) starts, and the node learns it.
  void finish_fsync(Time now, PersistentState& durable);
  bool fsync_in_flight() const { return writing_upto_ != 0; }
  // The disk task in flight in `lane` is done: its storage operations become durable in `durable`,
  // the lane's next task (if any) starts, and the node learns it.
  void finish_disk_task(Time now, PersistentState& durable, DiskTask::Lane lane);
  // The disk task in flight in a lane, if any (the oldest of that lane the node asked for).
  const DiskTask* disk_task_in_flight(DiskTask::Lane lane) const {
    const auto& tasks = disk_tasks_[static_cast<std::size_t>(lane)];
    return tasks.empty() ? nullptr : &tasks.front();
  }
  // The batch number the fsync in flight will report (0: none).
  std::uint64_t writing_batch() const { return writing_upto_; }
  std::uint64_t steps() const { return steps_; }

 private:
  void apply(Time now, Effects effects);
  void set_timers(Time now, const std::vector<TimerSet>& timers);
  void route_send(Send send, bool persisting);
  bool holds_send_to(NodeId to) const;
  void start_fsync();
  void check_invariants();

  std::unique_ptr<Node> node_;
  NodeId id_;
  DriverPort& port_;
  CheckCadence cadence_;
  Time timer_slack_ns_;
  std::map<TimerId, Time> timers_;  // armed deadlines
  // Group commit: the batch being written, and what arrived since (the next batch).
  std::vector<StorageOp> writing_, waiting_;
  std::vector<Send> writing_sends_, waiting_sends_;
  std::uint64_t persist_requests_ = 0;  // Effects with a non-empty persist list, since the start
  std::uint64_t writing_upto_ = 0;      // the last request the fsync in flight covers; 0: none
  std::uint64_t steps_ = 0;
  std::deque<DiskTask> disk_tasks_[2];  // per lane; the first of each is in flight
};

}  // namespace models
