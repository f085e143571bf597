#pragma once
// What a state machine asks its runtime to do after handling one input (etcd-io/raft's "Ready").
// The runtime applies them in contract order: the persist operations must be durable (fsynced)
// before any of the sends of the same Effects leave, except sends marked as not waiting (a leader
// sends its proposal to followers while its own log write is in progress, as ZooKeeper and Raft
// both do); then timers; delivered transactions and observations are reported as they are.
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/messages.hpp"
#include "models/core/observation.hpp"
#include "models/core/storage.hpp"
#include "models/core/time.hpp"
#include "models/core/txn.hpp"

namespace models {

struct Send {
  NodeId to = kNoNode;
  Message message;
  bool waits_for_persist = true;
};

// Sets (or replaces) the deadline of a named timer; kCancelTimer cancels it.
constexpr Time kCancelTimer = -1;
struct TimerSet {
  TimerId id = 0;
  Time deadline_ns = kCancelTimer;
};

struct Effects {
  std::vector<StorageOp> persist;
  std::vector<Send> sends;
  std::vector<TimerSet> timers;
  std::vector<Txn> deliver;
  std::vector<Observation> observe;

  bool empty() const {
    return persist.empty() && sends.empty() && timers.empty() && deliver.empty() && observe.empty();
  }
  void send(NodeId to, Message message) { sends.push_back({to, std::move(message), true}); }
  // A send that may leave before this step's persist operations are durable.
  void send_now(NodeId to, Message message) { sends.push_back({to, std::move(message), false}); }
  void set_timer(TimerId id, Time deadline_ns) { timers.push_back({id, deadline_ns}); }
  void cancel_timer(TimerId id) { timers.push_back({id, kCancelTimer}); }
  void observe_that(Observation observation) { observe.push_back(std::move(observation)); }
  // Appends other's effects after ours, keeping each list's order.
  void merge(Effects&& other);
};

}  // namespace models
