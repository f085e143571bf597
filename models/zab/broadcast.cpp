// ZAB phase 3, broadcast (Leader.propose / processAck / commit, Follower.processPacket): the
// leader pipelines proposals, each learner logs them and acknowledges each one once it is
// durable, and the leader commits strictly in zxid order once a quorum has logged a proposal.
#include <cassert>
#include <cstdint>

#include "models/zab/peer.hpp"

namespace models::zab {

void ZabPeer::propose(Time now, Txn txn, Effects& out) {
  assert(established_leader());
  LeaderState& l = *leader_;
  // The counter would roll over into the next epoch's range: ZooKeeper forces a re-election.
  if (l.next_counter == UINT32_MAX) return request_election();
  txn.zxid = make_zxid(l.epoch, l.next_counter++);
  l.proposed.prepare(txn);
  l.proposed.apply(txn);
  if (txn.status == Status::ok && txn.op.code == OpCode::create_session)
    l.sessions.add(txn.session, txn.session_timeout_ns, now);
  if (txn.op.code == OpCode::close_session) l.sessions.remove(txn.session);
  history_.append(txn);
  l.outstanding[txn.zxid];
  log_txn(now, txn, out);
  // The proposal leaves while the leader's own log write is in progress, as in ZooKeeper.
  for (const auto& [id, link] : l.learners)
    if (!link.observer && link.stage >= Stage::syncing) out.send_now(id, Proposal{txn});
  if (bugs_.commit_without_quorum) commit_ready(out);
}

void ZabPeer::on_ack(Time now, NodeId from, Zxid zxid, Effects& out) {
  LeaderState& l = *leader_;
  if (counter_of(zxid) == 0) {  // NEWLEADER is acknowledged with the new epoch's zxid 0
    if (epoch_of(zxid) == l.epoch) on_newleader_ack(now, from, out);
    return;
  }
  const LearnerLink& link = l.learners.at(from);
  if (link.observer || link.stage < Stage::syncing) return;
  auto it = l.outstanding.find(zxid);
  if (it == l.outstanding.end()) return;  // committed already, or not ours
  it->second.insert(from);
  commit_ready(out);
}

// Commits strictly in zxid order: a proposal with a quorum waits for every earlier one.
void ZabPeer::commit_ready(Effects& out) {
  LeaderState& l = *leader_;
  while (!l.outstanding.empty()) {
    auto it = l.outstanding.begin();
    if (!bugs_.commit_without_quorum && !is_commit_quorum(it->second)) break;
    const Zxid zxid = it->first;
    const std::set<NodeId> acks = std::move(it->second);
    l.outstanding.erase(it);
    history_.commit_upto(zxid);
    const Txn& txn = *history_.find(zxid);
    if (txn.config) {  // membership hook: COMMITANDACTIVATE, see reconfig.cpp
      commit_reconfig(Txn(txn), acks, out);
      deliver_committed(out);
      if (handoff_target_ != kNoNode) return;  // this leader's term ends with the hand-off
      continue;
    }
    for (const auto& [id, link] : l.learners) {
      if (link.stage < Stage::syncing) continue;
      if (link.observer) out.send(id, Inform{txn});
      else out.send(id, Commit{zxid});
    }
    deliver_committed(out);
  }
}

void ZabPeer::leader_persisted(Zxid upto, Effects& out) {
  if (!established_leader()) return;
  for (auto& [zxid, acks] : leader_->outstanding) {
    if (zxid > upto) break;
    acks.insert(config_.id);
  }
  commit_ready(out);
}

// Within the leader's epoch, proposals arrive with consecutive counters (one FIFO connection); a
// gap means messages were lost and the log can no longer be trusted to be the leader's.
bool ZabPeer::proposal_in_order(Zxid zxid) const {
  const Zxid last = history_.last_zxid();
  if (zxid <= last) return false;
  if (epoch_of(zxid) != learner_->epoch) return true;  // older history sent during the sync
  const std::uint32_t expected = epoch_of(last) == epoch_of(zxid) ? counter_of(last) + 1 : 1;
  return counter_of(zxid) == expected;
}

void ZabPeer::on_proposal(Time now, NodeId from, const Proposal& proposal, Effects& out) {
  LearnerState& ls = *learner_;
  const Txn& txn = proposal.txn;
  if (from != ls.leader) {  // only with accept_older_epoch: a deposed leader's proposal is taken
    if (txn.zxid > history_.last_zxid()) {
      history_.append(txn);
      log_txn(now, txn, out);
    }
    out.send(from, Ack{txn.zxid});
    return;
  }
  if (!ls.sync_started) return request_election();
  if (!proposal_in_order(txn.zxid)) {
    out.observe_that(ProbeReached{Probe::proposal_gap_resync, from});
    return request_election();
  }
  append_received(now, txn, out);
  if (epoch_of(txn.zxid) != ls.epoch) return;  // old history: nobody waits for its ACK
  if (bugs_.ack_before_fsync) out.send_now(from, Ack{txn.zxid});
  else ls.unacked.push_back(txn.zxid);  // acknowledged once durable, see learner_persisted
}

void ZabPeer::learner_persisted(Zxid upto, Effects& out) {
  LearnerState& ls = *learner_;
  while (!ls.unacked.empty() && ls.unacked.front() <= upto) {  // one ACK per proposal, as ZooKeeper
    out.send(ls.leader, Ack{ls.unacked.front()});
    ls.unacked.pop_front();
  }
}

void ZabPeer::on_commit(Zxid zxid, Effects& out) {
  if (!learner_->sync_started) return request_election();
  if (zxid <= history_.committed_zxid()) return;  // within a DIFF base already known committed
  // ZooKeeper exits on "Committing zxid X but next pending txn Y"; we re-sync instead.
  if (history_.next_uncommitted() != zxid) {
    out.observe_that(ProbeReached{Probe::commit_gap_resync, learner_->leader});
    return request_election();
  }
  history_.commit_upto(zxid);
  deliver_committed(out);
}

// Observers see no proposals: INFORM carries the committed transaction itself.
void ZabPeer::on_inform(Time now, const Txn& txn, Effects& out) {
  if (!learner_->sync_started) return request_election();
  if (txn.zxid > history_.last_zxid()) {
    if (!proposal_in_order(txn.zxid)) return request_election();
    append_received(now, txn, out);
  }
  on_commit(txn.zxid, out);
}

// A transaction from the leader joins the log. Before NEWLEADER it is held in memory and logged
// at NEWLEADER (Learner.syncWithLeader's packetsNotCommitted); afterwards at once.
void ZabPeer::append_received(Time now, const Txn& txn, Effects& out) {
  LearnerState& ls = *learner_;
  history_.append(txn);
  if (ls.phase != LearnerPhase::syncing) return log_txn(now, txn, out);
  ls.unlogged.push_back(txn);
  ls.sync_bytes += txn_wire_bytes(txn);
}

}  // namespace models::zab
