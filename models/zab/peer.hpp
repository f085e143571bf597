#pragma once
// ZAB as ZooKeeper 3.8 runs it after an election: discovery (FOLLOWERINFO / LEADERINFO /
// ACKEPOCH), synchronization (DIFF / TRUNC / SNAP, NEWLEADER, UPTODATE), broadcast (pipelined
// PROPOSAL, ACK after fsync, in-order COMMIT, INFORM to observers) and the ping-based failure
// detection that ends a leader's or a learner's term. The server (models/server/zk_server) runs
// the election and the client sessions around it; ZabPeer owns the replicated state: the epochs,
// the log and the data tree.
//
// The handlers of each phase live in their own file (discovery.cpp, synchronization.cpp,
// broadcast.cpp, liveness.cpp); peer.cpp holds the lifecycle and the message routing.
// One ZabPeer is one server process: a restart builds a new one from durable state alone.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_set>
#include <utility>
#include <vector>

#include "models/core/effects.hpp"
#include "models/core/messages.hpp"
#include "models/core/protocol_bugs.hpp"
#include "models/core/rng.hpp"
#include "models/membership/configuration_owner.hpp"
#include "models/membership/quorum_system.hpp"
#include "models/datatree/data_tree.hpp"
#include "models/zab/history.hpp"
#include "models/zab/session_tracker.hpp"
#include "models/zab/zab_config.hpp"

namespace models::zab {

enum class Role : std::uint8_t { none, leading, following, observing };

// What the leader knows of one learner's connection (ZooKeeper's LearnerHandler).
struct LearnerLink {
  enum class Stage : std::uint8_t { connected, epoch_acked, syncing, newleader_acked, serving };
  Stage stage = Stage::connected;
  bool observer = false;
  Epoch accepted_epoch = 0;
  Epoch current_epoch = 0;
  Zxid last_zxid = 0;
  // LearnerHandler.tickOfNextAckDeadline: every packet from the learner moves it to the leader's
  // tick count plus syncLimit. It is counted in the leader's ticks, not in time: a leader that
  // was paused counted none meanwhile, so on resuming it still finds its learners synced until
  // their connections are found closed.
  std::uint64_t tick_of_next_ack_deadline = 0;
};

struct LeaderState {
  // loading: Leader.lead's zk.loadData(), which takes a snapshot, before the LearnerCnxAcceptor
  // starts: the quorum port is already bound (the Leader's constructor binds it), so a learner
  // that connects meanwhile waits in the listen backlog, its FOLLOWERINFO read once loading ends.
  // starting: a quorum acknowledged NEWLEADER and Leader.startZkServer runs zk.startup() (session
  // tracker, request processors); the LearnerHandlers wait for it (waitForStartup) before they
  // send UPTODATE.
  enum class Phase : std::uint8_t { loading, discovery, epoch_ack, newleader_ack, starting, broadcast };
  Phase phase = Phase::loading;
  Epoch epoch = 0;  // the epoch this leader proposes, once a quorum has told its acceptedEpoch
  Epoch max_accepted_epoch = 0;
  std::set<NodeId> connected_voters;  // FOLLOWERINFO received (the leader itself included)
  std::set<NodeId> epoch_acks;        // ACKEPOCH received (the leader itself included)
  std::set<NodeId> newleader_acks;    // NEWLEADER acknowledged (the leader itself included)
  std::map<NodeId, LearnerLink> learners;
  std::vector<std::pair<NodeId, FollowerInfo>> backlog;  // connected while loading, in order
  std::uint32_t next_counter = 1;
  std::map<Zxid, std::set<NodeId>> outstanding;  // proposals not yet committed -> who logged them
  // check_invariants has looked up every outstanding proposal up to this zxid in the history,
  // which only grows while this leader leads: each is checked once, not at every input (a
  // saturated leader holds thousands, and the whole walk was most of such a run's time).
  mutable Zxid outstanding_checked_zxid = 0;
  bool check_quorum_this_tick = false;  // the synced quorum is checked every other half tick
  std::uint64_t tick = 0;               // QuorumPeer.tick: whole ticks since the leader was established
  // Once established: the tree as every proposal so far will leave it (ZooKeeper's
  // outstandingChanges), against which the next proposal is prepared; and session liveness.
  DataTree proposed;
  SessionTracker sessions;
};

struct LearnerState {
  // connecting: FOLLOWERINFO sent; syncing: LEADERINFO answered, sync in progress; synced:
  // NEWLEADER acknowledged; serving: UPTODATE received.
  enum class Phase : std::uint8_t { connecting, syncing, synced, serving };
  enum class SyncMode : std::uint8_t { none, diff, trunc, snap };
  NodeId leader = kNoNode;
  Phase phase = Phase::connecting;
  int connect_tries = 0;
  Epoch epoch = 0;  // the leader's epoch, from LEADERINFO
  bool sync_started = false;  // DIFF, TRUNC or SNAP received: the leader's stream may follow
  SyncMode sync_mode = SyncMode::none;
  Time sync_started_ns = 0;      // ACKEPOCH sent
  std::uint64_t sync_bytes = 0;  // what the sync brought: the SNAP, the transactions
  // Learner.syncWithLeader logs what it receives before NEWLEADER only then (after the snapshot a
  // SNAP or TRUNC needs): proposals held in memory, not yet logged.
  std::vector<Txn> unlogged;
  // The learner's thread is busy with its disk (a reload after TRUNC, the snapshot at NEWLEADER):
  // what the leader sends meanwhile waits in order, as it would in the socket.
  bool blocked = false;
  std::deque<Message> deferred;
  bool lost_while_blocked = false;  // the connection was reset meanwhile
  Zxid newleader_zxid = 0;          // NEWLEADER waiting for its snapshot
  Time last_heard_ns = 0;
  std::deque<Zxid> unacked;  // logged proposals whose ACK waits for the fsync
  // Sessions our clients touched since our last ping to the leader: inserted at every request,
  // hashed (a std::set's walk was 2% of a long run); sorted when sent.
  std::unordered_set<SessionId> touched;
};

class ZabPeer {
 public:
  // Timer ids of ZAB (the election owns 100..199).
  enum Timer : TimerId {
    kLeaderTick = 1, kLeaderPhase = 2, kLearnerRead = 3, kConnectRetry = 4, kSessionExpiry = 5, kServerStartup = 6,
    kPurge = 7,
  };
  static constexpr std::size_t kCommitLogCount = 500;    // ZKDatabase's in-memory committed log
  static constexpr Time kConnectRetryDelay = ms(100);    // leaderConnectDelayDuringRetryMs
  static constexpr int kConnectTries = 5;                // Learner.connectToLeader's tries

  // `quorums` is the server's one QuorumSystem, read here; `owner` (the server) is the only one
  // that changes it, as ZAB asks. Both outlive the peer.
  ZabPeer(const ZabConfig& config, const PersistentState& durable, const membership::QuorumSystem& quorums,
          membership::ConfigurationOwner& owner, ProtocolBugs bugs);
  ZabPeer(const ZabPeer&) = delete;
  ZabPeer& operator=(const ZabPeer&) = delete;

  // A server with nothing durable holds the (empty) committed history: it is synced from the start.
  // Autopurge, if set, runs from the start (DatadirCleanupManager), whatever the role.
  void start(Time now, Effects& out);
  void lead(Time now, Effects& out);
  void follow(Time now, NodeId leader, Effects& out);
  // Ends the current role (the server goes LOOKING): closes the quorum connections, cancels timers.
  // A designated-leader hand-off ends it without closing them: the commits that announce the
  // hand-off must not be overtaken by a reset, and every peer leaves by itself on receiving them.
  void stop(Effects& out, bool close_connections = true);

  void on_message(Time now, NodeId from, const Message& message, Effects& out);
  void on_timer(Time now, TimerId timer, Effects& out);
  void on_persisted(Time now, Zxid upto, Effects& out);
  // One of ZAB's disk tasks finished (core/effects.hpp): the snapshot a new leader takes before it
  // accepts learners, a learner's reload after TRUNC or its snapshot at NEWLEADER, a background
  // snapshot, a purge.
  void on_disk_done(Time now, DiskTask::Kind kind, Effects& out);

  // The data work of the server's process (recovery.cpp). Disk tasks go through here, so that
  // each one is observed (DataWorkDone) with its bytes and duration when it ends.
  void begin_data_work(Time now, DiskTask::Kind kind, std::uint64_t bytes, Effects& out,
                       std::vector<StorageOp> durable = {});
  // Whether this process starts by reading its database back (QuorumPeer.start: loadDataBase),
  // and the bytes that reads: the newest snapshot and the log files after it.
  bool restores_at_start() const { return !fresh_; }
  std::uint64_t restore_bytes() const;
  // ZooKeeperServer.shutdown at the end of a role: a follower fast-forwards its tree from the log
  // (the files from the one holding its next transaction on), a leader reloads its database
  // (snapshot and log). The tree then holds every logged transaction; returns the bytes read.
  std::uint64_t read_back_at_role_end(bool reload);
  void on_peer_lost(Time now, NodeId peer, Effects& out);
  // The established leader orders a write: request carries client, cxid, origin server, op,
  // session (and timeout for create_session); the leader prepares its outcome and its zxid.
  void propose(Time now, Txn request, Effects& out);
  // A client of this server showed its session alive: the leader's tracker notes it, a learner
  // reports it with its next ping.
  void touch_session(Time now, SessionId session);
  // The watch-triggering changes of the transactions delivered since the last call, in order.
  std::vector<TreeEvent> take_tree_events() { return std::exchange(tree_events_, {}); }

  // True once (and as long as) ZAB wants the server to go back to LOOKING; cleared by stop().
  bool wants_election() const { return wants_election_; }
  bool serving() const;
  bool established_leader() const;
  Role role() const { return role_; }
  NodeId leader() const;
  Epoch accepted_epoch() const { return accepted_epoch_; }
  Epoch current_epoch() const { return current_epoch_; }
  Zxid last_zxid() const { return history_.last_zxid(); }
  Zxid delivered_zxid() const { return delivered_zxid_; }
  Zxid applied_zxid() const { return applied_zxid_; }
  const History& history() const { return history_; }
  const DataTree& tree() const { return tree_; }
  const DataFiles& files() const { return files_; }
  const std::optional<LeaderState>& leader_state() const { return leader_; }
  const std::optional<LearnerState>& learner_state() const { return learner_; }
  void check_invariants() const;

  // Dynamic membership (reconfig.cpp; see models/membership). The established leader decides on a
  // reconfig request: refuses it (observed) or proposes the reconfig transaction.
  void on_reconfig_request(Time now, const ReconfigRequest& request, Effects& out);
  // Activates, in zxid order, every reconfig committed since the last call (after a sync, a DIFF,
  // an establishment): the server calls it after each step.
  void activate_committed_configs(Effects& out);
  const Configuration& active_config() const { return quorums_.active(); }
  const membership::QuorumSystem& quorums() const { return quorums_; }
  // Set when a committed reconfig names another leader (or asks this learner to reconnect in its
  // new role): the server then stops this role and leads or follows it, without an election.
  NodeId handoff_target() const { return handoff_target_; }

 private:
  using Stage = LearnerLink::Stage;
  using LeaderPhase = LeaderState::Phase;
  using LearnerPhase = LearnerState::Phase;

  // peer.cpp: routing and shared helpers.
  void on_leader_message(Time now, NodeId from, const Message& message, Effects& out);
  void on_learner_message(Time now, NodeId from, const Message& message, Effects& out);
  void on_stray_message(NodeId from, const Message& message, Effects& out);
  void request_election() { wants_election_ = true; }
  bool is_voter(NodeId id) const;
  bool is_quorum(const std::set<NodeId>& ids) const;
  bool is_commit_quorum(const std::set<NodeId>& ids) const;
  Time ticks_ns(int ticks) const { return config_.tick_ns * ticks; }
  void deliver_committed(Effects& out);
  void resync_applied_state(Effects& out);

  // discovery.cpp
  void on_leader_loaded(Time now, Effects& out);
  void on_follower_info(Time now, NodeId from, const FollowerInfo& info, Effects& out);
  void propose_epoch(Time now, Effects& out);
  void on_ack_epoch(Time now, NodeId from, const AckEpoch& ack, Effects& out);
  void on_epoch_quorum(Time now, Effects& out);
  void send_follower_info(Effects& out);
  void on_connect_refused(Time now, Effects& out);
  void on_leader_info(Time now, const LeaderInfo& info, Effects& out);

  // synchronization.cpp
  struct SyncPlan;
  void sync_learner(NodeId id, LearnerLink& link, Effects& out);
  void send_sync(NodeId to, Message first, Probe probe, Effects& out) const;
  SyncPlan plan_sync(Zxid peer_zxid) const;
  void queue_committed(SyncPlan& plan, std::size_t from, std::size_t to, Zxid peer_zxid, std::optional<Zxid> max_zxid,
                       Zxid last_committed) const;
  bool diff_from_disk(SyncPlan& plan, Zxid peer_zxid, Zxid min_committed, Zxid max_committed) const;
  std::pair<std::size_t, std::size_t> committed_log() const;
  void send_outstanding(NodeId to, const LearnerLink& link, Zxid after, Effects& out) const;
  void on_newleader_ack(Time now, NodeId from, Effects& out);
  void start_server(Time now, Effects& out);
  void establish(Time now, Effects& out);
  void begin_learner_sync(LearnerState::SyncMode mode);
  void on_diff();
  void on_trunc(Time now, const Trunc& trunc, Effects& out);
  void on_snap(const Snap& snap, Effects& out);
  void on_newleader(Time now, const NewLeader& newleader, Effects& out);
  void acknowledge_newleader(Time now, Effects& out);
  void on_uptodate(Time now, Effects& out);
  void on_learner_disk_done(Time now, DiskTask::Kind kind, Effects& out);
  void replay_deferred(Time now, Effects& out);

  // broadcast.cpp
  void on_proposal(Time now, NodeId from, const Proposal& proposal, Effects& out);
  void append_received(Time now, const Txn& txn, Effects& out);
  bool proposal_in_order(Zxid zxid) const;
  void on_ack(Time now, NodeId from, Zxid zxid, Effects& out);
  void commit_ready(Effects& out);
  void on_commit(Zxid zxid, Effects& out);
  void on_inform(Time now, const Txn& txn, Effects& out);
  void leader_persisted(Zxid upto, Effects& out);
  void learner_persisted(Zxid upto, Effects& out);

  // sessions.cpp
  void start_session_tracking(Time now);
  void expire_sessions(Time now, Effects& out);
  Time next_expiry_boundary_ns(Time now) const;
  void on_session_expiry_tick(Time now, Effects& out);
  void on_learner_ping(Time now, const Ping& ping);

  // snapshots.cpp: the log's roll and background snapshots (SyncRequestProcessor), what the
  // server keeps of its log, autopurge (DatadirCleanupManager, PurgeTxnLog).
  void log_txn(Time now, const Txn& txn, Effects& out);  // persists a transaction already in history_
  void persist(StorageOp op, Effects& out);              // persists op, keeping files_ as the disk will be
  void maybe_snapshot(Time now, Effects& out);
  void draw_snapshot_thresholds();
  SaveSnapshot snapshot_of_tree(bool replaces_log) const;
  Zxid durable_compaction_point(Zxid snapshot_zxid, std::uint64_t snapshot_bytes) const;
  void compact();
  void on_purge_timer(Time now, Effects& out);

  // recovery.cpp: the tree from a snapshot and the log.
  void fast_forward_tree();
  void reload_tree_upto(Zxid zxid, Effects& out);

  // liveness.cpp
  void on_leader_tick(Time now, Effects& out);
  void send_pings(Effects& out) const;
  bool synced(const LearnerLink& link) const;
  bool synced_quorum() const;
  void on_leader_phase_timeout();
  void on_learner_read_timeout(Time now, Effects& out);
  void on_ping(NodeId from, Effects& out);
  void drop_learner(NodeId id);

  // reconfig.cpp
  std::set<NodeId> synced_followers() const;
  void append_and_propose(Time now, const Txn& txn, Effects& out);
  bool restore_pending_config();  // true when one was found
  void commit_reconfig(const Txn& txn, const std::set<NodeId>& acks, Effects& out);
  void on_commit_and_activate(const CommitAndActivate& m, Effects& out);
  void on_inform_and_activate(Time now, const InformAndActivate& m, Effects& out);
  void activate_committed(Zxid zxid, NodeId designated, Effects& out);
  void activate(const Configuration& next, NodeId designated, std::uint64_t request_id, Effects& out);
  void choose_handoff(const Configuration& next, NodeId designated);

  ZabConfig config_;
  ProtocolBugs bugs_;
  bool fresh_;  // nothing was durable at construction
  Epoch accepted_epoch_;
  Epoch current_epoch_;
  History history_;
  // The data directory as the disk will hold it once what was asked is written: the files (their
  // sizes decide a DIFF from disk, a purge, what a reload reads), the newest snapshot's content.
  DataFiles files_;
  std::shared_ptr<const SnapshotImage> image_;
  DataTree tree_;
  // The tree holds every logged transaction up to applied_zxid_ (ZooKeeper's lastProcessedZxid):
  // the committed ones, and at a role's end, when the log is read back, the others too. It was
  // loaded at tree_base_zxid_ (a snapshot, a SNAP); the committed log reaches no lower.
  Zxid applied_zxid_ = 0;
  Zxid tree_base_zxid_ = 0;
  std::vector<TreeEvent> tree_events_;  // from deliver_committed, until the server takes them
  // SyncRequestProcessor's snapshot trigger: transactions logged since the log last rolled, the
  // random parts of the thresholds, whether a snapshot thread is running.
  Rng rng_;
  std::uint64_t logged_since_roll_ = 0;
  std::uint64_t rand_roll_ = 0;
  std::uint64_t rand_size_ = 0;
  bool snapshotting_ = false;
  // Disk tasks in flight, per lane (core/effects.hpp): what their DataWorkDone will say.
  struct DataWork {
    DiskTask::Kind kind;
    std::uint64_t bytes;
    Time started_ns;
    Zxid zxid;
    std::vector<StorageOp> durable;  // what the task makes durable: files_ follows it then
  };
  std::deque<DataWork> data_work_[2];
  DataWork end_data_work(DiskTask::Kind kind, Effects& out);
  void follow_durable(const StorageOp& op);
  // The applied state: while synced_, the tree is exactly the committed history up to
  // delivered_zxid_ and every later commit is delivered once, in order. A restarted server is not
  // synced until a leader syncs it (or it leads); a sync in progress unsyncs it.
  bool synced_ = false;
  Zxid delivered_zxid_ = 0;
  Role role_ = Role::none;
  std::optional<LeaderState> leader_;
  std::optional<LearnerState> learner_;
  bool wants_election_ = false;
  // Membership: the quorums in force (the server's, read only; changed through owner_), how far
  // the committed log was scanned for reconfigs, and the leader to hand over to (kNoNode: none).
  const membership::QuorumSystem& quorums_;
  membership::ConfigurationOwner& owner_;
  Zxid config_scanned_zxid_ = 0;
  // The newest configuration whose reconfig proposal this server logged and still holds (in its
  // log or its snapshot): PersistentState::next_config, ZooKeeper's lastSeenQuorumVerifier.
  Configuration last_seen_config_;
  void forget_seen_config_after(Zxid zxid);
  void activate_seen_config(Effects& out);
  NodeId handoff_target_ = kNoNode;
};

}  // namespace models::zab
