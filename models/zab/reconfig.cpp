// Dynamic membership inside ZAB (ZooKeeper 3.5+: Leader.propose of a reconfig, tryToCommit with
// COMMITANDACTIVATE / INFORMANDACTIVATE, QuorumPeer.processReconfig). A reconfig is an ordinary
// transaction that carries its configuration; what is special is counted elsewhere:
//  - from its proposal until it commits, quorums are joint (membership::QuorumSystem);
//  - its commit activates the configuration on the leader and, through COMMITANDACTIVATE (or
//    INFORMANDACTIVATE for observers), on each learner; a server that learns of a committed
//    reconfig otherwise (a sync, a DIFF, an establishment) activates it as it commits it;
//  - when the new configuration does not keep the leader as a voter, the commit names a
//    designated leader, and everybody moves to it without an election (see zk_server_reconfig).
#include <algorithm>
#include <cassert>

#include "models/membership/reconfig.hpp"
#include "models/zab/peer.hpp"

namespace models::zab {

// The followers connected, synced and heard from within syncLimit, the leader included: the
// servers a new configuration may count on (observers do not acknowledge proposals).
std::set<NodeId> ZabPeer::synced_followers() const {
  std::set<NodeId> synced_ids{config_.id};
  for (const auto& [id, link] : leader_->learners)
    if (!link.observer && link.stage == Stage::serving && synced(link)) synced_ids.insert(id);
  return synced_ids;
}

void ZabPeer::on_reconfig_request(Time now, const ReconfigRequest& request, Effects& out) {
  assert(established_leader());
  LeaderState& l = *leader_;
  const Configuration next = membership::requested_config(quorums_.active(), request);
  const ReconfigRefusal refusal = membership::check_request(quorums_, request, next, synced_followers());
  if (refusal != ReconfigRefusal::none) {
    out.observe_that(membership::reconfig_event(ReconfigPhase::refused, request.request_id, quorums_.latest(),
                                                &next, refusal));
    return;
  }
  if (l.next_counter == UINT32_MAX) return request_election();  // as in propose()
  const Txn txn = membership::reconfig_txn(make_zxid(l.epoch, l.next_counter++), request.request_id, next);
  owner_.propose_configuration(*txn.config);
  append_and_propose(now, txn, out);
  out.observe_that(membership::reconfig_event(ReconfigPhase::proposed, request.request_id, quorums_.active(),
                                              txn.config.get()));
}

// As propose(): logged, and sent to the followers while the leader's own write is in progress.
void ZabPeer::append_and_propose(Time now, const Txn& txn, Effects& out) {
  history_.append(txn);
  leader_->outstanding[txn.zxid];
  log_txn(now, txn, out);
  for (const auto& [id, link] : leader_->learners)
    if (!link.observer && link.stage >= Stage::syncing) out.send_now(id, Proposal{txn});
}

// A new leader whose log ends with an uncommitted reconfig counts with both configurations until
// it commits it (ZooKeeper's lastSeenQuorumVerifier in Leader.lead): the reconfig may have been
// committed by its predecessor under joint quorums, so the new configuration must agree too.
// A restarted server's snapshot may hold the reconfig (the new leader snapshots its whole log, and
// a snapshot counts as committed): the last seen configuration says so.
bool ZabPeer::restore_pending_config() {
  owner_.drop_pending_configuration();
  for (std::size_t i = history_.size(); i > history_.upper_index(history_.committed_zxid()); --i) {
    const Txn& txn = history_.at(i - 1);
    if (!txn.config || txn.config->version <= quorums_.active().version) continue;
    owner_.propose_configuration(*txn.config);
    return true;
  }
  if (last_seen_config_.version <= quorums_.active().version) return false;
  owner_.propose_configuration(last_seen_config_);
  return true;
}

// Its proposal was truncated or replaced by a SNAP: it was never committed (what a leader
// truncates is not), so it is no configuration to count with.
void ZabPeer::forget_seen_config_after(Zxid zxid) {
  if (last_seen_config_.version > zxid) last_seen_config_ = Configuration{};
}

// Leader.tryToCommit for a reconfig: COMMITANDACTIVATE to followers, INFORMANDACTIVATE to
// observers, both naming the leader of the new configuration; then the leader activates it.
void ZabPeer::commit_reconfig(const Txn& txn, const std::set<NodeId>& acks, Effects& out) {
  assert(txn.config && role_ == Role::leading);
  const NodeId designated = membership::designated_leader(config_.id, *txn.config, acks, leader_->outstanding);
  assert(designated != kNoNode || bugs_.commit_without_quorum);
  for (const auto& [id, link] : leader_->learners) {
    if (link.stage < Stage::syncing) continue;
    if (link.observer) out.send(id, InformAndActivate{txn, designated});
    else out.send(id, CommitAndActivate{txn.zxid, designated});
  }
  out.observe_that(membership::reconfig_event(ReconfigPhase::committed, txn.cxid, quorums_.active(), txn.config.get()));
  activate(*txn.config, designated, txn.cxid, out);
}

void ZabPeer::on_commit_and_activate(const CommitAndActivate& m, Effects& out) {
  on_commit(m.zxid, out);
  activate_committed(m.zxid, m.designated_leader, out);
}

void ZabPeer::on_inform_and_activate(Time now, const InformAndActivate& m, Effects& out) {
  on_inform(now, m.txn, out);
  activate_committed(m.txn.zxid, m.designated_leader, out);
}

void ZabPeer::activate_committed(Zxid zxid, NodeId designated, Effects& out) {
  if (wants_election_ || history_.committed_zxid() < zxid) return;  // the commit itself failed
  const Txn* txn = history_.find(zxid);
  if (txn == nullptr || !txn->config) return request_election();  // not a reconfig: a broken stream
  activate_committed_configs(out);  // any older reconfig first, in zxid order
  activate(*txn->config, designated, txn->cxid, out);
}

void ZabPeer::activate_committed_configs(Effects& out) {
  const Zxid committed = history_.committed_zxid();
  if (committed > config_scanned_zxid_) {
    // A SNAP brings the configuration with the tree; the log after it is scanned.
    for (std::size_t i = history_.upper_index(std::max(config_scanned_zxid_, history_.base_zxid())); i < history_.size(); ++i) {
      const Txn& txn = history_.at(i);
      if (txn.zxid > committed) break;
      if (txn.config) activate(*txn.config, kNoNode, txn.cxid, out);
    }
    config_scanned_zxid_ = committed;
  }
}

// A reconfig inside the snapshot this process loaded, which activate_committed_configs cannot see:
// an establishment (or, for a learner, UPTODATE from an established leader) commits everything up
// to it, and the configuration comes into force then.
void ZabPeer::activate_seen_config(Effects& out) {
  if (last_seen_config_.version <= quorums_.active().version || last_seen_config_.version > history_.committed_zxid())
    return;
  activate(last_seen_config_, kNoNode, 0, out);
}

// QuorumPeer.processReconfig: the configuration is in force from now on, and durable (the
// dynamic config file) so that a restart recovers it.
void ZabPeer::activate(const Configuration& next, NodeId designated, std::uint64_t request_id, Effects& out) {
  const Configuration old = quorums_.active();
  if (!owner_.activate_configuration(next)) {  // already active: only the hand-off may be news
    if (next.version == old.version) choose_handoff(next, designated);
    return;
  }
  config_scanned_zxid_ = std::max(config_scanned_zxid_, next.version);
  out.persist.push_back(SetConfiguration{next});
  out.observe_that(membership::reconfig_event(ReconfigPhase::activated, request_id, old, &next));
  choose_handoff(next, designated);
}

// Who this server works with under the new configuration. A leader that is no longer a voter
// hands over to the designated leader; without one (a reconfig committed by an establishment,
// which names nobody) it steps down to an election. A learner moves to a designated leader other
// than its own, and reconnects to its leader when its own role (observer or not) changed.
void ZabPeer::choose_handoff(const Configuration& next, NodeId designated) {
  if (role_ == Role::leading) {
    if (next.is_voter(config_.id)) return;
    if (designated != kNoNode && designated != config_.id) handoff_target_ = designated;
    else request_election();
    return;
  }
  if (!learner_) return;
  if (designated != kNoNode && designated != learner_->leader) {
    handoff_target_ = designated;
  } else if ((role_ == Role::observing) != next.is_observer(config_.id)) {
    handoff_target_ = learner_->leader;
  }
}

}  // namespace models::zab
