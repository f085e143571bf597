// ZAB phase 2, synchronization (LearnerHandler.syncFollower, Learner.syncWithLeader): the leader
// brings each learner's log to its own history as ZooKeeper 3.8 chooses: DIFF (the missing
// transactions) from its in-memory committed log, or from its log files while they weigh less
// than snapshotSizeFactor of its newest snapshot; TRUNC (drop a tail the leader does not have);
// or SNAP (its data tree, serialized onto the learner's connection). Then NEWLEADER; once a quorum
// has acknowledged NEWLEADER the leader's initial history is committed and it serves, and UPTODATE
// lets each learner serve too.
#include <cassert>

#include "models/zab/peer.hpp"

namespace models::zab {

// What LearnerHandler.syncFollower queues for one learner: the first packet (DIFF, TRUNC or
// SNAP), then committed transactions (each a PROPOSAL and a COMMIT).
struct ZabPeer::SyncPlan {
  enum class Op : std::uint8_t { none, diff, trunc, snap };
  Op op = Op::none;
  Zxid op_zxid = 0;
  std::vector<const Txn*> txns;
  Zxid queued = 0;  // the last zxid the learner will hold (currentZxid)
};

// ZKDatabase's committedLog: the last commitLogCount transactions this process applied to its tree
// since it loaded it (the held ones in (tree_base_zxid_, applied_zxid_]), as [first, last) indices.
std::pair<std::size_t, std::size_t> ZabPeer::committed_log() const {
  const std::size_t last = history_.upper_index(applied_zxid_);
  std::size_t first = std::max(history_.upper_index(tree_base_zxid_), history_.upper_index(history_.base_zxid()));
  if (last > first + kCommitLogCount) first = last - kCommitLogCount;
  return {std::min(first, last), last};
}

void ZabPeer::sync_learner(NodeId id, LearnerLink& link, Effects& out) {
  const LeaderState& l = *leader_;
  SyncPlan plan = plan_sync(link.last_zxid);
  if (plan.op == SyncPlan::Op::snap) {
    // Leader.startForwarding from the tree's last zxid; the tree goes whole, with the
    // configuration it implies.
    const auto config = std::make_shared<const Configuration>(quorums_.active());
    send_sync(id, Snap{applied_zxid_, tree_.snapshot_bytes(), tree_.image(), config}, Probe::snap_sent, out);
    plan.queued = applied_zxid_;
  } else if (plan.op == SyncPlan::Op::trunc) {
    send_sync(id, Trunc{plan.op_zxid}, Probe::trunc_sent, out);
  } else {
    send_sync(id, Diff{plan.op_zxid}, Probe::diff_sent, out);
  }
  for (const Txn* txn : plan.txns) {
    out.send(id, Proposal{*txn});
    out.send(id, Commit{txn->zxid});
  }
  send_outstanding(id, link, plan.queued, out);
  out.send(id, NewLeader{make_zxid(l.epoch, 0), quorums_.latest().version});
  link.stage = Stage::syncing;
}

// The first message of a learner's sync, and the probe that says which it was.
void ZabPeer::send_sync(NodeId to, Message first, Probe probe, Effects& out) const {
  out.send(to, std::move(first));
  out.observe_that(ProbeReached{probe, to});
}

// LearnerHandler.syncFollower's cases, in its order. The leader's lastProcessedZxid is the last
// transaction its tree holds: its whole log before it is established, the committed log after.
ZabPeer::SyncPlan ZabPeer::plan_sync(Zxid peer_zxid) const {
  SyncPlan plan;
  plan.queued = peer_zxid;
  const bool peer_new_epoch = counter_of(peer_zxid) == 0;
  const auto [first, last] = committed_log();
  Zxid min_committed = applied_zxid_;
  Zxid max_committed = applied_zxid_;
  if (first < last) {
    min_committed = history_.at(first).zxid;
    max_committed = history_.at(last - 1).zxid;
  }
  if (peer_zxid == applied_zxid_) {
    plan.op = SyncPlan::Op::diff;  // in sync already: an empty DIFF
    plan.op_zxid = peer_zxid;
  } else if (peer_zxid > max_committed && !peer_new_epoch) {
    plan.op = bugs_.skip_trunc ? SyncPlan::Op::diff : SyncPlan::Op::trunc;  // newer than our log
    plan.op_zxid = max_committed;
    plan.queued = max_committed;
  } else if (min_committed <= peer_zxid && peer_zxid <= max_committed) {
    queue_committed(plan, first, last, peer_zxid, std::nullopt, max_committed);
  } else if (peer_zxid < min_committed && config_.snapshots.snapshot_size_factor >= 0) {
    diff_from_disk(plan, peer_zxid, min_committed, max_committed);
  }
  if (plan.op == SyncPlan::Op::none) {  // needSnap (also "fall back to use snapshot")
    plan = SyncPlan{};
    plan.op = SyncPlan::Op::snap;
  }
  return plan;
}

// LearnerHandler.queueCommittedProposals over history_[from, to): DIFF when the learner's last zxid
// is one of ours, TRUNC to the transaction before ours when it has one we lack (none across an
// epoch: the plan stays without a first packet, which means SNAP), then everything after it.
void ZabPeer::queue_committed(SyncPlan& plan, std::size_t from, std::size_t to, Zxid peer_zxid,
                              std::optional<Zxid> max_zxid, Zxid last_committed) const {
  const bool peer_new_epoch = counter_of(peer_zxid) == 0;
  Zxid previous = 0;
  for (std::size_t i = from; i < to; ++i) {
    const Txn& txn = history_.at(i);
    const Zxid zxid = txn.zxid;
    if (max_zxid && zxid > *max_zxid) break;
    if (zxid < peer_zxid) {
      previous = zxid;
      continue;
    }
    if (plan.op == SyncPlan::Op::none) {
      if (zxid == peer_zxid || peer_new_epoch) {
        plan.op = SyncPlan::Op::diff;
        plan.op_zxid = last_committed;
        if (zxid == peer_zxid) continue;
      } else if (epoch_of(zxid) != epoch_of(peer_zxid) && !bugs_.skip_trunc) {
        return;  // "Cannot send TRUNC to peer sid ... peer zxid is from different epoch"
      } else {
        plan.op = bugs_.skip_trunc ? SyncPlan::Op::diff : SyncPlan::Op::trunc;
        plan.op_zxid = bugs_.skip_trunc ? last_committed : previous;
      }
    }
    if (zxid <= plan.queued) continue;
    plan.txns.push_back(&txn);
    plan.queued = zxid;
  }
  if (plan.op == SyncPlan::Op::none && peer_new_epoch) {
    plan.op = SyncPlan::Op::diff;
    plan.op_zxid = last_committed;
  }
}

// The learner is older than the committed log: the transactions from its last zxid on are read
// from the log files (ZKDatabase.getProposalsFromTxnLog) if those files, from the one holding it,
// weigh at most snapshotSizeFactor of the newest snapshot (no snapshot: no limit) and the read
// starts exactly at its zxid; then the committed log follows, without a gap.
bool ZabPeer::diff_from_disk(SyncPlan& plan, Zxid peer_zxid, Zxid min_committed, Zxid max_committed) const {
  const SnapshotFile* snapshot = files_.newest_snapshot();
  const auto limit = snapshot ? static_cast<std::uint64_t>(static_cast<double>(snapshot->size_bytes) *
                                                           config_.snapshots.snapshot_size_factor)
                              : 0;
  const bool on_disk = !files_.logs.empty() && files_.logs.front().first_zxid <= peer_zxid;
  if (!on_disk || (limit > 0 && files_.length_bytes_from(peer_zxid) > limit)) return false;
  if (!history_.find(peer_zxid) && peer_zxid != 0) return false;  // not the first transaction read
  queue_committed(plan, history_.upper_index(peer_zxid == 0 ? 0 : peer_zxid - 1), history_.size(), peer_zxid,
                  min_committed, max_committed);
  if (plan.queued < min_committed) {  // "Detected gap between end of txnlog and start of committedLog"
    plan = SyncPlan{};
    return false;
  }
  const auto [first, last] = committed_log();
  queue_committed(plan, first, last, plan.queued, std::nullopt, max_committed);
  return plan.op != SyncPlan::Op::none;
}

// Leader.startForwarding: proposals still waiting for a quorum go to followers (observers get
// them later as INFORM), so that the new follower can acknowledge them.
void ZabPeer::send_outstanding(NodeId to, const LearnerLink& link, Zxid after, Effects& out) const {
  if (link.observer) return;
  for (const auto& [zxid, acks] : leader_->outstanding)
    if (zxid > after) out.send(to, Proposal{*history_.find(zxid)});
}

void ZabPeer::on_newleader_ack(Time now, NodeId from, Effects& out) {
  LeaderState& l = *leader_;
  LearnerLink& link = l.learners.at(from);
  if (link.stage != Stage::syncing) return;
  link.stage = Stage::newleader_acked;
  if (l.phase == LeaderPhase::newleader_ack) {
    if (!link.observer) l.newleader_acks.insert(from);
    if (is_quorum(l.newleader_acks)) start_server(now, out);
  } else if (l.phase == LeaderPhase::broadcast) {
    out.send(from, UpToDate{});
    link.stage = Stage::serving;
  }
}

// Leader.startZkServer: the leader starts its server before it serves; learners that acknowledge
// NEWLEADER meanwhile wait for it too (they get UPTODATE when it is done).
void ZabPeer::start_server(Time now, Effects& out) {
  if (config_.server_startup_ns == 0) return establish(now, out);
  leader_->phase = LeaderPhase::starting;
  out.set_timer(kServerStartup, now + config_.server_startup_ns);
}

// A quorum holds the initial history durably under the new epoch: it is committed, the leader
// applies it and serves, and the learners that acknowledged NEWLEADER may serve too.
void ZabPeer::establish(Time now, Effects& out) {
  LeaderState& l = *leader_;
  l.phase = LeaderPhase::broadcast;
  out.cancel_timer(kLeaderPhase);
  history_.commit_upto(history_.last_zxid());
  // The counter starts at 1 in a new epoch; only with reuse_epoch can our log already hold
  // zxids of this epoch, and then the counter goes on after them so that zxids still increase.
  if (epoch_of(last_zxid()) == l.epoch) l.next_counter = counter_of(last_zxid()) + 1;
  assert(bugs_.reuse_epoch || l.next_counter == 1);
  if (synced_) deliver_committed(out);  // continues this process's delivery sequence
  else resync_applied_state(out);       // restarted: its applied state starts here
  activate_seen_config(out);
  out.observe_that(LeaderEstablished{l.epoch});
  start_session_tracking(now);
  for (auto& [id, link] : l.learners) {
    if (link.stage != Stage::newleader_acked) continue;
    out.send(id, UpToDate{});
    link.stage = Stage::serving;
  }
  out.set_timer(kLeaderTick, now + config_.tick_ns / 2);
  out.set_timer(kSessionExpiry, next_expiry_boundary_ns(now));
}

// The learner's applied state is about to be replaced by the leader's: nothing more is delivered
// from it until UPTODATE, when the checkers are told where the new state stands.
void ZabPeer::begin_learner_sync(LearnerState::SyncMode mode) {
  synced_ = false;
  learner_->sync_started = true;
  learner_->sync_mode = mode;
  learner_->unacked.clear();
}

// DIFF: the learner's log is a prefix of the leader's history, so all of it is committed.
void ZabPeer::on_diff() {
  if (learner_->phase != LearnerPhase::syncing || learner_->sync_started) return request_election();
  begin_learner_sync(LearnerState::SyncMode::diff);
  history_.commit_upto(history_.last_zxid());
}

// TRUNC: the log loses its tail at once (FileTxnLog.truncate), then the database is loaded again
// from the snapshot and the truncated log (ZKDatabase.truncateLog), the learner's thread reading
// nothing else meanwhile.
void ZabPeer::on_trunc(Time now, const Trunc& trunc, Effects& out) {
  if (learner_->phase != LearnerPhase::syncing || learner_->sync_started) return request_election();
  // ZooKeeper exits when it cannot truncate to the leader's zxid; we re-sync from scratch instead,
  // the disk untouched.
  if (trunc.zxid != 0 && !history_.contains(trunc.zxid)) return request_election();
  if (trunc.zxid < history_.base_zxid() || history_.base_zxid() > files_.newest_snapshot_zxid()) return request_election();
  begin_learner_sync(LearnerState::SyncMode::trunc);
  persist(TruncateAfter{trunc.zxid}, out);
  forget_seen_config_after(trunc.zxid);
  history_.truncate_after(trunc.zxid);
  history_.commit_upto(trunc.zxid);
  reload_tree_upto(trunc.zxid, out);
  learner_->blocked = true;
  begin_data_work(now, DiskTask::Kind::restore_database, restore_bytes(), out);
}

// SNAP: the tree arrives whole (deserialized as it is read) and replaces ours; the log restarts
// after it. Nothing is logged until the snapshot of it is written, at NEWLEADER.
void ZabPeer::on_snap(const Snap& snap, Effects& out) {
  if (learner_->phase != LearnerPhase::syncing || learner_->sync_started) return request_election();
  begin_learner_sync(LearnerState::SyncMode::snap);
  learner_->sync_bytes = snap.size_bytes;
  history_.install(snap.zxid);
  forget_seen_config_after(snap.zxid);
  tree_ = DataTree::from_image(snap.image);
  applied_zxid_ = tree_base_zxid_ = snap.zxid;
  config_scanned_zxid_ = snap.zxid;
  if (snap.config && snap.config->version > quorums_.active().version) activate(*snap.config, kNoNode, 0, out);
}

// ZooKeeper 3.8: after a SNAP or TRUNC the learner writes a snapshot of its tree (synchronously),
// then logs what the sync brought and its new epoch, and acknowledges NEWLEADER once that is
// durable (ZOOKEEPER-3911: the ACK waits for the fsync).
void ZabPeer::on_newleader(Time now, const NewLeader& newleader, Effects& out) {
  LearnerState& ls = *learner_;
  if (ls.phase != LearnerPhase::syncing || !ls.sync_started || epoch_of(newleader.zxid) != ls.epoch)
    return request_election();
  ls.newleader_zxid = newleader.zxid;
  if (ls.sync_mode == LearnerState::SyncMode::diff) return acknowledge_newleader(now, out);
  ls.blocked = true;
  SaveSnapshot saved = snapshot_of_tree(ls.sync_mode == LearnerState::SyncMode::snap);
  const std::uint64_t bytes = saved.file.size_bytes;
  begin_data_work(now, DiskTask::Kind::write_snapshot, bytes, out, {std::move(saved)});
}

void ZabPeer::acknowledge_newleader(Time now, Effects& out) {
  LearnerState& ls = *learner_;
  for (const Txn& txn : ls.unlogged) log_txn(now, txn, out);
  ls.unlogged.clear();
  current_epoch_ = ls.epoch;
  persist(SetCurrentEpoch{ls.epoch}, out);
  out.send(ls.leader, Ack{ls.newleader_zxid});
  ls.phase = LearnerPhase::synced;
  out.set_timer(kLearnerRead, now + ticks_ns(config_.sync_limit_ticks));  // syncLimit from now on
}

// The learner's disk work is done (the reload after TRUNC, the snapshot at NEWLEADER): it reads
// on, starting with what the leader sent meanwhile.
void ZabPeer::on_learner_disk_done(Time now, DiskTask::Kind kind, Effects& out) {
  LearnerState& ls = *learner_;
  ls.blocked = false;
  if (kind == DiskTask::Kind::write_snapshot) acknowledge_newleader(now, out);
  replay_deferred(now, out);
}

void ZabPeer::replay_deferred(Time now, Effects& out) {
  while (learner_ && !learner_->blocked && !learner_->deferred.empty() && !wants_election_) {
    const Message message = std::move(learner_->deferred.front());
    learner_->deferred.pop_front();
    on_learner_message(now, learner_->leader, message, out);
  }
  if (learner_ && !learner_->blocked && learner_->lost_while_blocked) request_election();
}

void ZabPeer::on_uptodate(Time now, Effects& out) {
  LearnerState& ls = *learner_;
  if (ls.phase != LearnerPhase::synced) return request_election();
  ls.phase = LearnerPhase::serving;
  resync_applied_state(out);
  activate_seen_config(out);
  const auto kind = ls.sync_mode == LearnerState::SyncMode::snap    ? DataWorkDone::Kind::sync_snap
                    : ls.sync_mode == LearnerState::SyncMode::trunc ? DataWorkDone::Kind::sync_trunc
                                                                    : DataWorkDone::Kind::sync_diff;
  out.observe_that(DataWorkDone{kind, ls.sync_bytes, ls.sync_started_ns, history_.committed_zxid()});
  (void)now;
}

}  // namespace models::zab
