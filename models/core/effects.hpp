#pragma once
// What a state machine asks its runtime to do after handling one input (etcd-io/raft's "Ready").
// One executor, core/node_driver.hpp, carries these duties out for every runtime; each field says
// what it owes, in the order the executor applies them:
//
//  timers   Set (or replace) the deadline of a named timer, or cancel it. A timer has at most one
//           deadline: a firing for a replaced or cancelled deadline is stale and never reaches the
//           node. A deadline is never in the past.
//  sends    Messages to other nodes, in order. A send waits for this step's persist operations to
//           be durable (the default), or leaves at once when marked send_now (a leader sends its
//           proposal while its own log write runs, as ZooKeeper and Raft both do; ack_before_fsync
//           misuses it). A waiting send of a step that persists nothing still never overtakes an
//           earlier held send to the same node: each connection is FIFO (TCP).
//  persist  One persist request: operations that must be durable (fsynced) before the sends that
//           wait for them leave. Requests are numbered 1, 2, ... from the node's start, one per
//           Effects whose persist list is not empty. Group commit: requests that arrive while an
//           fsync runs are written together by the next one; on_persisted(batch) then tells the
//           node that every request numbered up to batch is durable. A crash loses what is not.
//  disk     Work on the node's data directory other than the log's group commit: reading its
//           database back, writing a snapshot of its tree, purging old files. Tasks run one at a
//           time per lane, in order: the foreground lane holds the work the node waits for, the
//           background lane what ZooKeeper's own threads do meanwhile (SyncRequestProcessor's
//           snapshot thread, DatadirCleanupManager). The runtime prices each from its host (disk
//           rate, CPU, the log's fsyncs sharing the device) and the bytes; when one finishes its
//           storage operations become durable, then on_disk_done(kind) tells the node that the
//           oldest task of that kind's lane finished. A crash loses a task in flight.
//  deliver  Committed transactions, in zxid order, for the outside world (checkers, metrics).
//  observe  What the outside world may see of the step: never read back by the node itself.
#include <cstdint>
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

// ZooKeeper's database work besides the log. Its cost is the runtime's, from `bytes` and the host.
struct DiskTask {
  enum class Kind : std::uint8_t {
    // A role ended (ZooKeeperServer.shutdown): a follower fast-forwards its tree from its log
    // (fastForwardDataBase), a leader reloads its database (loadDataBase). After the role's
    // threads stop (a fixed cost), `bytes` are read back and deserialized.
    load_database,
    // takeSnapshot that the server waits for: a new leader's (Leader.lead's loadData) and a
    // learner's after a SNAP or TRUNC (Learner.syncWithLeader, at NEWLEADER).
    write_snapshot,
    // The process starts (QuorumPeer.start: loadDataBase): its newest snapshot and the log
    // after it are read back before it elects; also a learner's reload after a TRUNC.
    restore_database,
    // SyncRequestProcessor's snapshot thread, started when the log rolls: background.
    background_snapshot,
    // DatadirCleanupManager's purge of old snapshots and logs: background, costs no bytes.
    purge,
  };
  enum class Lane : std::uint8_t { foreground, background };
  Kind kind = Kind::load_database;
  std::uint64_t bytes = 0;
  std::vector<StorageOp> durable;  // durable once the task completes
  Lane lane() const { return lane_of(kind); }
  static Lane lane_of(Kind kind) {
    return kind == Kind::background_snapshot || kind == Kind::purge ? Lane::background : Lane::foreground;
  }
};
const char* disk_task_name(DiskTask::Kind kind);
constexpr DiskTask::Kind kDiskTaskKinds[] = {DiskTask::Kind::load_database, DiskTask::Kind::write_snapshot,
                                             DiskTask::Kind::restore_database, DiskTask::Kind::background_snapshot,
                                             DiskTask::Kind::purge};

struct Effects {
  std::vector<StorageOp> persist;
  std::vector<Send> sends;
  std::vector<TimerSet> timers;
  std::vector<DiskTask> disk;
  std::vector<Txn> deliver;
  std::vector<Observation> observe;

  bool empty() const {
    return persist.empty() && sends.empty() && timers.empty() && disk.empty() && deliver.empty() && observe.empty();
  }
  void send(NodeId to, Message message) { sends.push_back({to, std::move(message), true}); }
  // A send that may leave before this step's persist operations are durable.
  void send_now(NodeId to, Message message) { sends.push_back({to, std::move(message), false}); }
  void set_timer(TimerId id, Time deadline_ns) { timers.push_back({id, deadline_ns}); }
  void cancel_timer(TimerId id) { timers.push_back({id, kCancelTimer}); }
  void start_disk_task(DiskTask::Kind kind, std::uint64_t bytes, std::vector<StorageOp> durable = {}) {
    disk.push_back({kind, bytes, std::move(durable)});
  }
  void observe_that(Observation observation) { observe.push_back(std::move(observation)); }
  // Appends other's effects after ours, keeping each list's order.
  void merge(Effects&& other);
};

}  // namespace models
