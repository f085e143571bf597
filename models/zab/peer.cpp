#include "models/zab/peer.hpp"

#include <algorithm>
#include <cassert>

#include "models/core/visit.hpp"

namespace models::zab {

namespace {
constexpr std::uint64_t kSnapshotStream = 0x5a4b'0000'0000ull;
}  // namespace

// ZKDatabase.loadDataBase (FileTxnSnapLog.restore): the newest snapshot, then every logged
// transaction after it, committed or not. Its time is paid by the restore_database disk task the
// server starts before it elects.
ZabPeer::ZabPeer(const ZabConfig& config, const PersistentState& durable, const membership::QuorumSystem& quorums,
                 membership::ConfigurationOwner& owner, ProtocolBugs bugs)
    : config_(config),
      bugs_(bugs),
      fresh_(durable.last_zxid() == 0 && durable.current_epoch == 0 && durable.accepted_epoch == 0 && !durable.image),
      accepted_epoch_(durable.accepted_epoch),
      current_epoch_(durable.current_epoch),
      history_(durable),
      files_(durable.files),
      image_(durable.image),
      tree_(DataTree::from_image(durable.image)),
      rng_(Rng::for_stream(config.seed, kSnapshotStream + config.id)),
      quorums_(quorums),
      owner_(owner),
      config_scanned_zxid_(history_.committed_zxid()),
      last_seen_config_(durable.next_config) {
  applied_zxid_ = tree_base_zxid_ = files_.newest_snapshot_zxid();
  fast_forward_tree();
}

void ZabPeer::start(Time now, Effects& out) {
  // Each process draws its own snapshot thresholds (SyncRequestProcessor's ThreadLocalRandom).
  for (Time t = now; t > 0; t /= 2) rng_.next_u64();
  draw_snapshot_thresholds();
  if (config_.snapshots.purge_interval_ns > 0) out.set_timer(kPurge, now);  // scheduleAtFixedRate(task, 0, interval)
  if (!fresh_) return;
  synced_ = true;  // the empty state is the committed history up to zxid 0
  delivered_zxid_ = 0;
  out.observe_that(StateSynced{0});
}

void ZabPeer::stop(Effects& out, bool close_connections) {
  if (established_leader()) out.observe_that(LeadershipLost{leader_->epoch});
  // Closing our end of every quorum connection: peers see it at once, as a TCP FIN.
  if (leader_ && close_connections)
    for (const auto& [id, link] : leader_->learners) out.send_now(id, CloseConnection{});
  if (leader_ && close_connections)
    for (const auto& [id, info] : leader_->backlog) out.send_now(id, CloseConnection{});
  if (learner_ && close_connections) out.send_now(learner_->leader, CloseConnection{});
  if (leader_ && quorums_.pending()) out.observe_that(ProbeReached{Probe::reconfig_abandoned});
  owner_.drop_pending_configuration();  // only a leader counts with a pending configuration
  handoff_target_ = kNoNode;
  for (TimerId t : {kLeaderTick, kLeaderPhase, kLearnerRead, kConnectRetry, kSessionExpiry, kServerStartup}) out.cancel_timer(t);
  leader_.reset();
  learner_.reset();
  role_ = Role::none;
  wants_election_ = false;
}

bool ZabPeer::established_leader() const {
  return role_ == Role::leading && leader_ && leader_->phase == LeaderPhase::broadcast;
}

bool ZabPeer::serving() const {
  if (role_ == Role::leading) return established_leader();
  return learner_ && learner_->phase == LearnerPhase::serving;
}

NodeId ZabPeer::leader() const {
  if (role_ == Role::leading) return config_.id;
  return learner_ ? learner_->leader : kNoNode;
}

// Membership hook: the quorums are those of the configuration in force (and of the pending one
// during a reconfig), see models/membership/quorum_system.hpp.
bool ZabPeer::is_voter(NodeId id) const { return quorums_.is_voter(id); }

// The leader's every count (commit, epoch and NEWLEADER acks, the synced check) goes through here.
bool ZabPeer::is_quorum(const std::set<NodeId>& ids) const { return quorums_.is_quorum(ids); }

// A proposal's acknowledgements: the broken variant majority_for_hierarchical counts a plain
// majority of the voters, while epochs are established under the configured rule: a majority and
// a hierarchical quorum need not intersect.
bool ZabPeer::is_commit_quorum(const std::set<NodeId>& ids) const {
  return bugs_.majority_for_hierarchical ? quorums_.is_majority_quorum(ids) : quorums_.is_quorum(ids);
}

void ZabPeer::on_message(Time now, NodeId from, const Message& message, Effects& out) {
  if (role_ == Role::leading) {
    on_leader_message(now, from, message, out);
  } else if (learner_ && from == learner_->leader) {
    learner_->last_heard_ns = now;
    if (learner_->blocked) return learner_->deferred.push_back(message);  // read once the disk work is done
    on_learner_message(now, from, message, out);
  } else if (learner_ && bugs_.accept_older_epoch && std::holds_alternative<Proposal>(message)) {
    on_proposal(now, from, std::get<Proposal>(message), out);  // the bug: any leader's proposal is taken
  } else {
    on_stray_message(from, message, out);
  }
}

// A message on a connection that no longer exists on our side: a LOOKING server refuses quorum
// connections, and a peer that still writes to a closed connection gets a reset.
void ZabPeer::on_stray_message(NodeId from, const Message& message, Effects& out) {
  if (std::holds_alternative<CloseConnection>(message)) return;
  if (const auto* p = std::get_if<Proposal>(&message); p && epoch_of(p->txn.zxid) < accepted_epoch_)
    out.observe_that(ProbeReached{Probe::older_epoch_proposal_refused, from});
  out.send(from, CloseConnection{});
}

void ZabPeer::on_leader_message(Time now, NodeId from, const Message& message, Effects& out) {
  // Every kind but FOLLOWERINFO comes on a learner's connection: it proves the learner alive, or
  // it is a stray on a connection we no longer have.
  const auto from_learner = [&] {
    auto it = leader_->learners.find(from);
    if (it == leader_->learners.end()) {
      on_stray_message(from, message, out);
      return false;
    }
    it->second.tick_of_next_ack_deadline = leader_->tick + static_cast<std::uint64_t>(config_.sync_limit_ticks);
    return true;
  };
  dispatch(message, Overloaded{
      [&](const FollowerInfo& m) { on_follower_info(now, from, m, out); },
      [&](const AckEpoch& m) { if (from_learner()) on_ack_epoch(now, from, m, out); },
      [&](const Ack& m) { if (from_learner()) on_ack(now, from, m.zxid, out); },
      // Besides proving the learner alive (from_learner), a ping reports its clients' sessions.
      [&](const Ping& m) { if (from_learner()) on_learner_ping(now, m); },
      [&](const CloseConnection&) {
        std::erase_if(leader_->backlog, [from](const auto& waiting) { return waiting.first == from; });
        if (from_learner()) drop_learner(from);
      },
      // What a leader is never sent by a learner.
      each<Notification, LeaderInfo, Diff, Trunc, Snap, NewLeader, UpToDate, Proposal, Commit, Inform,
           CommitAndActivate, InformAndActivate, ForwardedRequest, ConnectRequest, ConnectResponse,
           ClientRequest, ClientReply, ClientPing, WatchEvent, ReconfigRequest, ConfigChanged, AppRequest,
           AppReply, SetWatches, Revalidate>([&](const auto&) { from_learner(); }),
  });
}

void ZabPeer::on_learner_message(Time now, NodeId, const Message& message, Effects& out) {
  dispatch(message, Overloaded{
      [&](const Proposal& m) { on_proposal(now, learner_->leader, m, out); },
      [&](const Commit& m) { on_commit(m.zxid, out); },
      [&](const Inform& m) { on_inform(now, m.txn, out); },
      [&](const CommitAndActivate& m) { on_commit_and_activate(m, out); },
      [&](const InformAndActivate& m) { on_inform_and_activate(now, m, out); },
      [&](const Ping&) { on_ping(learner_->leader, out); },
      [&](const LeaderInfo& m) { on_leader_info(now, m, out); },
      [&](const Diff&) { on_diff(); },
      [&](const Trunc& m) { on_trunc(now, m, out); },
      [&](const Snap& m) { on_snap(m, out); },
      [&](const NewLeader& m) { on_newleader(now, m, out); },
      [&](const UpToDate&) { on_uptodate(now, out); },
      [&](const CloseConnection&) {
        if (learner_->phase == LearnerPhase::connecting) return on_connect_refused(now, out);
        request_election();
      },
      // What a learner is never sent by its leader.
      ignore<Notification, FollowerInfo, AckEpoch, Ack, ForwardedRequest, ConnectRequest, ConnectResponse,
             ClientRequest, ClientReply, ClientPing, WatchEvent, ReconfigRequest, ConfigChanged, AppRequest,
             AppReply, SetWatches, Revalidate>(),
  });
}

void ZabPeer::on_timer(Time now, TimerId timer, Effects& out) {
  if (timer == kLeaderTick && established_leader()) on_leader_tick(now, out);
  if (timer == kSessionExpiry && established_leader()) on_session_expiry_tick(now, out);
  if (timer == kServerStartup && leader_ && leader_->phase == LeaderPhase::starting) establish(now, out);
  if (timer == kLeaderPhase && leader_ && !established_leader()) on_leader_phase_timeout();
  if (timer == kLearnerRead && learner_) on_learner_read_timeout(now, out);
  if (timer == kConnectRetry && learner_ && learner_->phase == LearnerPhase::connecting) send_follower_info(out);
  if (timer == kPurge) on_purge_timer(now, out);
}

void ZabPeer::on_persisted(Time, Zxid upto, Effects& out) {
  if (role_ == Role::leading) leader_persisted(upto, out);
  if (learner_) learner_persisted(upto, out);
}

void ZabPeer::on_peer_lost(Time, NodeId peer, Effects&) {
  if (learner_ && learner_->leader == peer && learner_->blocked) learner_->lost_while_blocked = true;
  else if (learner_ && learner_->leader == peer) request_election();
  if (leader_ && leader_->learners.count(peer)) drop_learner(peer);
  if (leader_) std::erase_if(leader_->backlog, [peer](const auto& waiting) { return waiting.first == peer; });
}

// Delivers, in zxid order, every committed transaction not yet delivered by this synced state. A
// transaction the tree already holds (read back at the end of a role) is delivered, not applied
// again.
void ZabPeer::deliver_committed(Effects& out) {
  if (!synced_) return;
  const Zxid committed = history_.committed_zxid();
  for (std::size_t i = history_.upper_index(delivered_zxid_); i < history_.size(); ++i) {
    const Txn& txn = history_.at(i);
    if (txn.zxid > committed) break;
    if (txn.zxid > applied_zxid_) {
      tree_.apply(txn, &tree_events_);
      applied_zxid_ = txn.zxid;
    }
    out.deliver.push_back(txn);
    delivered_zxid_ = txn.zxid;
  }
}

// The applied state jumps to the committed history as a whole (after a sync, or when a restarted
// server becomes leader): the tree catches up with the committed log, and the checkers restart
// this server's delivery sequence from here.
void ZabPeer::resync_applied_state(Effects& out) {
  const Zxid committed = history_.committed_zxid();
  assert(applied_zxid_ <= committed && applied_zxid_ >= history_.base_zxid());
  bool session_closed = false;  // a session expired while this server was out, learnt by its sync
  for (std::size_t i = history_.upper_index(applied_zxid_); i < history_.size() && history_.at(i).zxid <= committed; ++i) {
    session_closed = session_closed || history_.at(i).op.code == OpCode::close_session;
    tree_.apply(history_.at(i));
  }
  if (learner_ && session_closed) out.observe_that(ProbeReached{Probe::session_expired_during_sync});
  tree_events_.clear();  // nobody watches across a sync: the server closed its clients before it
  applied_zxid_ = committed;
  synced_ = true;
  delivered_zxid_ = committed;
  out.observe_that(StateSynced{committed});
}

void ZabPeer::check_invariants() const {
  history_.check_invariants();
  quorums_.check_invariants();
  assert(!quorums_.pending() || role_ == Role::leading);
  assert(accepted_epoch_ >= current_epoch_);
  assert(!synced_ || delivered_zxid_ <= history_.committed_zxid());
  assert(!synced_ || delivered_zxid_ <= applied_zxid_);
  assert(applied_zxid_ <= history_.last_zxid() && tree_base_zxid_ <= applied_zxid_);
  assert(applied_zxid_ >= history_.base_zxid() || applied_zxid_ == history_.last_zxid());  // the tree can catch up
  assert((role_ == Role::leading) == leader_.has_value());
  assert((role_ == Role::following || role_ == Role::observing) == learner_.has_value());
  if (leader_) {
    const LeaderState& l = *leader_;
    assert(l.phase <= LeaderPhase::discovery || l.epoch == accepted_epoch_);
    // The map orders its keys; what is left to see is that the first one is uncommitted and that
    // those not yet checked are this epoch's proposals in the history.
    assert(l.outstanding.empty() || l.outstanding.begin()->first > history_.committed_zxid());
    for (auto it = l.outstanding.upper_bound(l.outstanding_checked_zxid); it != l.outstanding.end(); ++it)
      assert(epoch_of(it->first) == l.epoch && history_.contains(it->first));
    const Zxid newest = l.outstanding.empty() ? history_.committed_zxid() : l.outstanding.rbegin()->first;
    l.outstanding_checked_zxid = std::max(l.outstanding_checked_zxid, newest);
    assert(l.phase != LeaderPhase::broadcast || history_.last_zxid() == std::max(history_.committed_zxid(), newest));
  }
  if (learner_)
    for (std::size_t i = 1; i < learner_->unacked.size(); ++i) assert(learner_->unacked[i - 1] < learner_->unacked[i]);
}

}  // namespace models::zab
