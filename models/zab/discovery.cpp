// ZAB phase 1, discovery (Leader.getEpochToPropose / waitForEpochAck, Learner.registerWithLeader):
// the leader learns a quorum's acceptedEpoch and proposes a newer epoch; each learner promises,
// by persisting it as its acceptedEpoch, to follow no leader of an older one.
#include <algorithm>
#include <cassert>
#include <utility>

#include "models/zab/peer.hpp"

namespace models::zab {

// Leader.lead: zk.loadData() (the tree holds the whole log: it was read back when the last role
// ended, or at the process's start) ends with a snapshot of the tree (ZooKeeperServer.takeSnapshot),
// written before the LearnerCnxAcceptor starts; the learners that connect before it are refused
// and retry (Learner.connectToLeader). Its cost is the tree's size at the host's disk and CPU.
void ZabPeer::lead(Time now, Effects& out) {
  assert(role_ == Role::none);
  role_ = Role::leading;
  leader_.emplace();
  leader_->max_accepted_epoch = accepted_epoch_;
  leader_->connected_voters.insert(config_.id);
  // Membership hook: a reconfig left uncommitted needs joint quorums.
  if (restore_pending_config()) out.observe_that(ProbeReached{Probe::reconfig_inherited});
  fast_forward_tree();
  SaveSnapshot saved = snapshot_of_tree(false);
  const std::uint64_t bytes = saved.file.size_bytes;
  begin_data_work(now, DiskTask::Kind::write_snapshot, bytes, out, {std::move(saved)});
}

// getEpochToPropose waits initLimit ticks for a quorum of learners, from when it is called; the
// LearnerCnxAcceptor takes the connections that waited meanwhile first.
void ZabPeer::on_leader_loaded(Time now, Effects& out) {
  leader_->phase = LeaderPhase::discovery;
  out.set_timer(kLeaderPhase, now + ticks_ns(config_.init_limit_ticks));
  for (const auto& [from, info] : std::exchange(leader_->backlog, {})) {
    on_follower_info(now, from, info, out);
    if (role_ != Role::leading || wants_election_) return;
  }
  if (leader_->phase == LeaderPhase::discovery && is_quorum(leader_->connected_voters)) propose_epoch(now, out);
}

void ZabPeer::follow(Time now, NodeId leader, Effects& out) {
  assert(role_ == Role::none && leader != config_.id);
  role_ = quorums_.active().is_observer(config_.id) ? Role::observing : Role::following;
  learner_.emplace();
  learner_->leader = leader;
  learner_->last_heard_ns = now;
  // Until NEWLEADER the learner tolerates initLimit ticks of silence (the socket read timeout).
  out.set_timer(kLearnerRead, now + ticks_ns(config_.init_limit_ticks));
  send_follower_info(out);
}

void ZabPeer::on_follower_info(Time now, NodeId from, const FollowerInfo& info, Effects& out) {
  LeaderState& l = *leader_;
  if (l.phase == LeaderPhase::loading) {  // in the listen backlog until loading ends
    std::erase_if(l.backlog, [from](const auto& waiting) { return waiting.first == from; });
    l.backlog.emplace_back(from, info);
    return;
  }
  l.learners.erase(from);  // a reconnecting learner replaces its old connection
  LearnerLink& link = l.learners[from];
  // Membership hook: the learner's own role decides what it is sent (INFORM or PROPOSAL); the
  // configuration decides whether it counts, so a joiner or a removed server is a non-voting
  // follower that acknowledges proposals without being counted.
  link.observer = info.observer;
  link.accepted_epoch = info.accepted_epoch;
  link.last_zxid = info.last_zxid;
  // getTickOfInitialAckDeadline: the synchronization that follows may take initLimit ticks.
  link.tick_of_next_ack_deadline = l.tick + static_cast<std::uint64_t>(config_.init_limit_ticks + config_.sync_limit_ticks);
  if (l.phase == LeaderPhase::discovery) {
    l.max_accepted_epoch = std::max(l.max_accepted_epoch, info.accepted_epoch);
    if (!link.observer) l.connected_voters.insert(from);
    if (is_quorum(l.connected_voters)) propose_epoch(now, out);
    return;
  }
  // A latecomer gets the epoch already chosen. Before establishment the acceptedEpoch write may
  // still be in flight; writing it again makes this LEADERINFO wait for it, as the first ones did.
  if (!established_leader()) out.persist.emplace_back(SetAcceptedEpoch{l.epoch});
  out.send(from, LeaderInfo{l.epoch});
}

// newEpoch = max(acceptedEpoch of the quorum, ours) + 1, made durable before LEADERINFO leaves.
// The + 1 is what makes the epoch new: every server of the quorum promised no older one, so no
// other leader can ever have been, or be, established in it.
void ZabPeer::propose_epoch(Time now, Effects& out) {
  LeaderState& l = *leader_;
  // reuse_epoch keeps the largest epoch seen (epoch 0 stays reserved for "nothing logged").
  l.epoch = bugs_.reuse_epoch ? std::max<Epoch>(l.max_accepted_epoch, 1) : l.max_accepted_epoch + 1;
  accepted_epoch_ = l.epoch;
  out.persist.emplace_back(SetAcceptedEpoch{l.epoch});
  for (const auto& [id, link] : l.learners) out.send(id, LeaderInfo{l.epoch});
  l.phase = LeaderPhase::epoch_ack;
  l.epoch_acks.insert(config_.id);
  out.set_timer(kLeaderPhase, now + ticks_ns(config_.init_limit_ticks));
  if (is_quorum(l.epoch_acks)) on_epoch_quorum(now, out);
}

void ZabPeer::on_ack_epoch(Time now, NodeId from, const AckEpoch& ack, Effects& out) {
  LeaderState& l = *leader_;
  LearnerLink& link = l.learners.at(from);
  if (l.phase == LeaderPhase::discovery || link.stage != Stage::connected) return;
  link.current_epoch = ack.current_epoch;
  link.last_zxid = ack.last_zxid;
  link.stage = Stage::epoch_acked;
  if (l.phase == LeaderPhase::epoch_ack) {
    // waitForEpochAck: a learner more recent than the leader may not be part of the quorum that
    // starts the epoch; its connection is closed (once the quorum is reached, it is truncated).
    if (std::pair(ack.current_epoch, ack.last_zxid) > std::pair(current_epoch_, last_zxid())) {
      out.observe_that(ProbeReached{Probe::newer_learner_refused, from});
      out.send(from, CloseConnection{});
      drop_learner(from);
      return;
    }
    if (!link.observer) l.epoch_acks.insert(from);
    if (is_quorum(l.epoch_acks)) on_epoch_quorum(now, out);
    return;
  }
  // As for LEADERINFO: the sync of a latecomer waits for the leader's currentEpoch to be durable.
  if (!established_leader()) out.persist.emplace_back(SetCurrentEpoch{current_epoch_});
  sync_learner(from, link, out);
}

// A quorum promised the new epoch: the leader adopts it as its currentEpoch (durable before any
// sync message leaves) and synchronizes every learner that acknowledged it.
void ZabPeer::on_epoch_quorum(Time now, Effects& out) {
  LeaderState& l = *leader_;
  current_epoch_ = l.epoch;
  out.persist.emplace_back(SetCurrentEpoch{l.epoch});
  l.phase = LeaderPhase::newleader_ack;
  // The leader's own NEWLEADER ack: its log and currentEpoch are written by the fsync that every
  // sync message of this step waits for, and no learner can ack NEWLEADER before receiving one.
  l.newleader_acks.insert(config_.id);
  out.set_timer(kLeaderPhase, now + ticks_ns(config_.init_limit_ticks));
  for (auto& [id, link] : l.learners)
    if (link.stage == Stage::epoch_acked) sync_learner(id, link, out);
  if (is_quorum(l.newleader_acks)) start_server(now, out);
}

void ZabPeer::send_follower_info(Effects& out) {
  ++learner_->connect_tries;
  out.send(learner_->leader, FollowerInfo{accepted_epoch_, last_zxid(), role_ == Role::observing});
}

// The leader-to-be is not leading yet (connection refused): retry a few times, as
// Learner.connectToLeader does, then give up and look for a leader again.
void ZabPeer::on_connect_refused(Time now, Effects& out) {
  if (learner_->connect_tries >= kConnectTries) return request_election();
  out.set_timer(kConnectRetry, now + kConnectRetryDelay);
  out.observe_that(ProbeReached{Probe::learner_retried_connect, learner_->leader});
}

void ZabPeer::on_leader_info(Time now, const LeaderInfo& info, Effects& out) {
  LearnerState& ls = *learner_;
  if (ls.phase != LearnerPhase::connecting) return;
  // "Leaders epoch is less than accepted epoch": we promised a newer leader; refuse this one.
  if (info.new_epoch < accepted_epoch_) {
    out.observe_that(ProbeReached{Probe::older_epoch_leader_refused, ls.leader});
    return request_election();
  }
  ls.epoch = info.new_epoch;
  ls.phase = LearnerPhase::syncing;
  out.cancel_timer(kConnectRetry);
  if (info.new_epoch > accepted_epoch_) {
    accepted_epoch_ = info.new_epoch;
    out.persist.emplace_back(SetAcceptedEpoch{info.new_epoch});  // durable before ACKEPOCH leaves
  }
  out.send(ls.leader, AckEpoch{current_epoch_, last_zxid()});
  ls.sync_started_ns = now;
}

}  // namespace models::zab
