#pragma once
// What a state machine tells the outside world about itself: the raw material of metrics and of
// the cluster-wide safety checkers. The runtime stamps each observation with time and node.
#include <cstdint>
#include <string>
#include <memory>
#include <variant>
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/messages.hpp"
#include "models/core/probe.hpp"
#include "models/core/time.hpp"
#include "models/core/txn.hpp"

namespace models {

// A client sent a request (issued_ns is the time the workload created it).
struct RequestIssued {
  NodeId server = kNoNode;
  std::uint64_t cxid = 0;
  OpKind kind = OpKind::read;
};
// A client got its answer (or gave up): latency is the observation's time minus issued_ns.
struct RequestCompleted {
  NodeId server = kNoNode;
  std::uint64_t cxid = 0;
  OpKind kind = OpKind::read;
  Status status = Status::ok;
  Time issued_ns = 0;
  Zxid zxid = 0;  // the write's zxid, or for a read the server's last applied zxid
};
// A server answered a client's request (for per-server load R_i).
struct RequestServed {
  NodeId client = kNoNode;
  OpKind kind = OpKind::read;
};
struct StateChanged {
  PeerState state = PeerState::looking;
};
// Fast Leader Election ended on this server with this outcome.
struct ElectionFinished {
  NodeId leader = kNoNode;
  Epoch peer_epoch = 0;
  std::uint64_t election_epoch = 0;
  Time started_ns = 0;
};
// The leader got a quorum of NEWLEADER acks: it serves and may commit in this epoch.
struct LeaderEstablished {
  Epoch epoch = 0;
};
struct LeadershipLost {
  Epoch epoch = 0;
};
// A server applied a committed transaction (the "deliver" of atomic broadcast). Nodes do not
// emit it: the runtimes turn each entry of Effects::deliver into one.
struct TxnDelivered {
  Zxid zxid = 0;
  NodeId client = kNoNode;
  std::uint64_t cxid = 0;
};
// A server wrote a transaction to its log (a proposal, or history its leader sent while syncing
// it); it is durable only once the write's fsync completes. Nodes do not emit it: the runtimes turn
// each AppendTxn of Effects::persist into one, as they do deliveries. A fault aimed at "a proposal
// logged but not yet acknowledged" waits for it.
struct TxnLogged {
  Zxid zxid = 0;
};
// The server's applied state is now exactly the committed history up to zxid: after a DIFF, TRUNC
// or SNAP from the leader, or at a fresh start (zxid 0). The checkers start a server's expected
// delivery sequence over from here.
struct StateSynced {
  Zxid zxid = 0;
};
// Recorded by the runtimes, not by nodes: the node's process stopped (crash or power-off: silent
// means no peer saw a connection reset) or started (fresh, or rebuilt from its durable state).
struct ProcessStopped {
  bool silent = false;
  bool removed = false;  // the operator shut down a server the configuration no longer has: no fault
};
struct ProcessStarted {};
// Recorded by the runtimes: the process is paused (a long GC pause) and handles nothing until it
// resumes with the state it had.
struct ProcessPaused {
  Time duration_ns = 0;
};
struct ProcessResumed {};
// Recorded by the runtimes, at no node (kNoNode): the network was cut between groups of servers
// (a new partition replaces the previous one). Nothing in the nodes sees a partition happen, only
// its consequences, so without this the analysis could not tell when one began.
struct NetworkPartitioned {
  std::vector<std::vector<NodeId>> groups;  // servers in different groups cannot reach each other (none: healed)
  int clients_group = -1;                   // the group the client hosts joined (-1: none, they reach all)
  bool one_way = false;                     // only group i -> group j (i < j) is cut
};
// A server finished a piece of its data work: a disk task (its database read back at start, at the
// end of a role or after a TRUNC; a snapshot written; old files purged), or, on a learner, its
// whole synchronization with a leader (from ACKEPOCH to UPTODATE) by DIFF, TRUNC or SNAP. With the
// bytes it moved and when it began, so that metrics can set its time against the data's size.
struct DataWorkDone {
  enum class Kind : std::uint8_t {
    restore_database,     // the process's start: newest snapshot and the log after it read back
    load_database,        // a role ended: the log read back (a leader: the snapshot too)
    write_snapshot,       // a snapshot the server waited for (a new leader's, a learner's sync)
    background_snapshot,  // SyncRequestProcessor's, after the log rolled
    purge,                // autopurge
    sync_diff,
    sync_trunc,
    sync_snap,
  };
  Kind kind = Kind::restore_database;
  std::uint64_t bytes = 0;
  Time started_ns = 0;
  Zxid zxid = 0;  // the zxid the work brought the server to (a snapshot's, a sync's)
};
const char* data_work_name(DataWorkDone::Kind kind);

// A client's session moved to another server: after its connection failed (reconnect), because a
// new configuration made its client rebalance (rebalance), or because its balancing strategy was
// switched (strategy).
enum class MoveCause : std::uint8_t { reconnect, rebalance, strategy };
const char* move_cause_name(MoveCause cause);
struct SessionMoved {
  NodeId from_server = kNoNode;
  NodeId to_server = kNoNode;
  MoveCause cause = MoveCause::reconnect;
};

// A client's server accepted its session: a new one (fresh) or the one it had (after a move).
struct SessionEstablished {
  NodeId server = kNoNode;
  SessionId session = 0;
  bool fresh = false;
};
// A client learned that its session expired, from the ensemble or by Curator's own judgement
// (by_client: disconnected a whole session timeout); its calls failed, its watches are gone, and it
// starts a new session (models/client/session_loss.cpp).
struct SessionExpired {
  NodeId server = kNoNode;
  SessionId session = 0;
  std::uint32_t watches_lost = 0;  // the one-shot watches the session held
  bool by_client = false;
};
// A session's closeSession was applied at the server that proposed it (the leader, for an expiry):
// its ephemeral znodes were deleted on the ensemble.
struct SessionClosed {
  SessionId session = 0;
  std::uint32_t ephemerals_deleted = 0;
  bool expired = false;  // the leader expired it (else its client closed it)
};
// A client received the event of one of its one-shot watches.
struct WatchTriggered {
  NodeId server = kNoNode;
  WatchEventType event = WatchEventType::created;
  std::string path;
  Zxid zxid = 0;
};
// The life of a reconfig (ZooKeeper 3.5+ incremental reconfig), one observation per phase:
// requested (an operator asked a server), refused (by the leader, with the reason), proposed (the
// leader logged the reconfig transaction: joint quorums from here on), committed (at the leader),
// activated (at each server that commits it, or recovers it at start). The configurations are
// shared, so that an observation stays small.
enum class ReconfigPhase : std::uint8_t { requested, refused, proposed, committed, activated };
const char* reconfig_phase_name(ReconfigPhase phase);
enum class ReconfigRefusal : std::uint8_t {
  none,
  no_quorum_of_new_config,  // ZooKeeper's NewConfigNoQuorum
  reconfig_in_progress,     // ReconfigInProgress: one reconfig at a time
  no_change,                // the request changes nothing
  invalid,                  // the new configuration would have no voter, or a layout_problem
  not_serving,              // the server asked is not part of an established ensemble
  // BadArgumentsException "Incremental reconfiguration requested but last configuration seen has
  // a non-majority quorum system": groups change only through a whole new configuration.
  incremental_on_hierarchical,
};
const char* reconfig_refusal_name(ReconfigRefusal refusal);
struct ReconfigEvent {
  ReconfigPhase phase = ReconfigPhase::requested;
  std::uint64_t request_id = 0;
  std::uint64_t version = 0;  // the new configuration's, once proposed
  ReconfigRefusal refusal = ReconfigRefusal::none;
  std::shared_ptr<const Configuration> old_config;
  std::shared_ptr<const Configuration> new_config;
};

// Service discovery, observed by application clients: a request went to a backend, and how it
// ended (ok, or failed: timed out or its connection was reset); the backends the client last read
// from the service's znode.
struct AppRequestSent {
  NodeId backend = kNoNode;
  std::uint64_t request_id = 0;
};
struct AppRequestDone {
  NodeId backend = kNoNode;
  std::uint64_t request_id = 0;
  bool ok = true;
  Time issued_ns = 0;
};
struct BackendsChanged {
  std::uint32_t count = 0;
};
// A named rare situation happened here (models/core/probe.hpp); peer is the other server it
// concerns, if any (the learner a TRUNC was sent to).
struct ProbeReached {
  Probe probe = Probe::diff_sent;
  NodeId peer = kNoNode;
};

using Observation = std::variant<RequestIssued, RequestCompleted, RequestServed, StateChanged,
                                 ElectionFinished, LeaderEstablished, LeadershipLost, TxnDelivered,
                                 StateSynced, ProcessStopped, ProcessStarted, ProcessPaused,
                                 ProcessResumed, NetworkPartitioned, SessionMoved, SessionEstablished, SessionExpired, SessionClosed,
                                 WatchTriggered, ReconfigEvent, AppRequestSent, AppRequestDone,
                                 BackendsChanged, TxnLogged, ProbeReached, DataWorkDone>;

}  // namespace models
