// ZAB phase 2, synchronization (LearnerHandler.syncFollower, Learner.syncWithLeader): the leader
// brings each learner's log to its own history with DIFF (the missing transactions), TRUNC (drop
// a tail the leader does not have) or SNAP (a full state transfer when the learner is more than
// the committed log window behind), then NEWLEADER; once a quorum has acknowledged NEWLEADER the
// leader's initial history is committed and it serves, and UPTODATE lets each learner serve too.
#include <cassert>

#include "models/zab/peer.hpp"

namespace models::zab {

void ZabPeer::sync_learner(NodeId id, LearnerLink& link, Effects& out) {
  const LeaderState& l = *leader_;
  // Before establishment the leader's whole log is the new epoch's initial history; afterwards
  // only the committed part is, and the outstanding proposals follow as plain proposals.
  const Zxid sync_zxid = established_leader() ? history_.committed_zxid() : history_.last_zxid();
  const Zxid peer_zxid = link.last_zxid;
  if (peer_zxid == sync_zxid) {
    send_sync(id, Diff{sync_zxid}, Probe::diff_sent, out);
  } else if (peer_zxid > sync_zxid) {
    if (bugs_.skip_trunc) send_sync(id, Diff{sync_zxid}, Probe::diff_sent, out);
    else send_sync(id, Trunc{sync_zxid}, Probe::trunc_sent, out);
  } else if (history_.count_between(peer_zxid, sync_zxid) > kCommitLogCount) {
    auto prefix = history_.prefix_upto(sync_zxid);
    const std::uint64_t size_bytes = DataTree::replay(*prefix, prefix->size()).snapshot_bytes();
    send_sync(id, Snap{sync_zxid, size_bytes, std::move(prefix)}, Probe::snap_sent, out);
  } else {
    // The learner's last zxid may be one the leader never had (a proposal of an older epoch that
    // did not survive): truncate to the last common zxid first, then send the difference.
    const Zxid common = bugs_.skip_trunc ? peer_zxid : history_.floor_zxid(peer_zxid);
    if (common == peer_zxid) send_sync(id, Diff{sync_zxid}, Probe::diff_sent, out);
    else send_sync(id, Trunc{common}, Probe::trunc_sent, out);
    send_committed_between(id, common, sync_zxid, out);
  }
  send_outstanding(id, link, out);
  out.send(id, NewLeader{make_zxid(l.epoch, 0), quorums_.latest().version});
  link.stage = Stage::syncing;
}

// The first message of a learner's sync, and the probe that says which it was.
void ZabPeer::send_sync(NodeId to, Message first, Probe probe, Effects& out) const {
  out.send(to, std::move(first));
  out.observe_that(ProbeReached{probe, to});
}

void ZabPeer::send_committed_between(NodeId to, Zxid from, Zxid upto, Effects& out) const {
  for (std::size_t i = history_.upper_index(from); i < history_.size(); ++i) {
    const Txn& txn = history_.at(i);
    if (txn.zxid > upto) break;
    out.send(to, Proposal{txn});
    out.send(to, Commit{txn.zxid});
  }
}

// Leader.startForwarding: proposals still waiting for a quorum go to followers (observers get
// them later as INFORM), so that the new follower can acknowledge them.
void ZabPeer::send_outstanding(NodeId to, const LearnerLink& link, Effects& out) const {
  if (link.observer) return;
  for (const auto& [zxid, acks] : leader_->outstanding) out.send(to, Proposal{*history_.find(zxid)});
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
void ZabPeer::begin_learner_sync() {
  synced_ = false;
  learner_->sync_started = true;
  learner_->unacked.clear();
}

// DIFF: the learner's log is a prefix of the leader's history, so all of it is committed.
void ZabPeer::on_diff() {
  if (learner_->phase != LearnerPhase::syncing || learner_->sync_started) return request_election();
  begin_learner_sync();
  history_.commit_upto(history_.last_zxid());
}

void ZabPeer::on_trunc(const Trunc& trunc, Effects& out) {
  if (learner_->phase != LearnerPhase::syncing || learner_->sync_started) return request_election();
  // ZooKeeper exits when it cannot truncate to the leader's zxid; we re-sync from scratch instead.
  if (trunc.zxid != 0 && !history_.contains(trunc.zxid)) return request_election();
  begin_learner_sync();
  history_.truncate_after(trunc.zxid);
  history_.commit_upto(trunc.zxid);
  out.persist.emplace_back(TruncateAfter{trunc.zxid});
}

void ZabPeer::on_snap(const Snap& snap, Effects& out) {
  if (learner_->phase != LearnerPhase::syncing || learner_->sync_started) return request_election();
  begin_learner_sync();
  history_.install(snap.history, snap.zxid);
  out.persist.emplace_back(InstallSnapshot{Snapshot{snap.zxid, snap.size_bytes, snap.history}});
}

// ZooKeeper 3.8 (ZOOKEEPER-3911): everything received during the sync is logged and the new
// epoch written before NEWLEADER is acknowledged; the ACK waits for that fsync.
void ZabPeer::on_newleader(Time now, const NewLeader& newleader, Effects& out) {
  LearnerState& ls = *learner_;
  if (ls.phase != LearnerPhase::syncing || !ls.sync_started || epoch_of(newleader.zxid) != ls.epoch)
    return request_election();
  current_epoch_ = ls.epoch;
  out.persist.emplace_back(SetCurrentEpoch{ls.epoch});
  out.send(ls.leader, Ack{newleader.zxid});
  ls.phase = LearnerPhase::synced;
  out.set_timer(kLearnerRead, now + ticks_ns(config_.sync_limit_ticks));  // syncLimit from now on
}

void ZabPeer::on_uptodate(Effects& out) {
  if (learner_->phase != LearnerPhase::synced) return request_election();
  learner_->phase = LearnerPhase::serving;
  resync_applied_state(out);
}

}  // namespace models::zab
