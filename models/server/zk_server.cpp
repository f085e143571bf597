#include "models/server/zk_server.hpp"

#include <cassert>
#include <utility>

#include "models/core/visit.hpp"
#include "models/membership/reconfig.hpp"

namespace models {

ZkServer::ZkServer(ServerConfig config, PersistentState durable, ProtocolBugs bugs)
    : config_(std::move(config)),
      quorums_(membership::starting_configuration(config_.static_configuration(), durable)),
      election_(config_.id, quorums_, bugs),
      zab_(config_.zab_config(), durable, quorums_, *this, bugs),
      bugs_(bugs) {
  assert(config_.tick_ns > 0 && config_.init_limit_ticks > 0 && config_.sync_limit_ticks > 0);
  known_config_version_ = quorums_.active().version;  // membership hook: a recovered configuration
}

// QuorumPeer.start: a process with anything on disk loads its database (loadDataBase: the newest
// snapshot and the log after it) before it starts its election; meanwhile it answers nobody.
Effects ZkServer::on_start(Time now) {
  Effects out;
  next_session_ = (static_cast<SessionId>(config_.id) << 56) |
                  ((static_cast<SessionId>(now / kMillisecond) << 24) >> 8);
  zab_.start(now, out);
  if (zab_.restores_at_start()) {
    restoring_ = true;
    zab_.begin_data_work(now, DiskTask::Kind::restore_database, zab_.restore_bytes(), out);
  } else {
    look_for_leader(now, out);
  }
  return numbered(std::move(out));
}

Effects ZkServer::numbered(Effects out) {
  if (!out.persist.empty()) logged_by_request_.push_back(zab_.last_zxid());
  last_notifications_.note(out);
  return out;
}

// QuorumPeer.run after its role ends (Follower.followLeader or Leader.lead returned): the role
// shuts down (Learner.shutdown / Leader.shutdown: the quorum and client connections close), and
// ZooKeeperServer.shutdown reads the database back before the peer goes LOOKING: a follower
// fast-forwards it from its log (ZKDatabase.fastForwardDataBase, which reads the log file holding
// its next transaction from its start), a leader reloads it whole. Meanwhile the server still
// answers election notifications as what it was.
void ZkServer::shut_down_role(Time now, Effects& out) {
  const bool was_leader = zab_.role() == zab::Role::leading;
  zab_.stop(out);
  let_clients_go(out);
  reloading_ = true;
  zab_.begin_data_work(now, DiskTask::Kind::load_database, zab_.read_back_at_role_end(was_leader), out);
}

Effects ZkServer::on_disk_done(Time now, DiskTask::Kind kind) {
  Effects out;
  zab_.on_disk_done(now, kind, out);
  if (kind == DiskTask::Kind::load_database) {
    assert(reloading_);
    reloading_ = false;
    look_for_leader(now, out);
  } else if (kind == DiskTask::Kind::restore_database && restoring_) {
    restoring_ = false;
    look_for_leader(now, out);
    for (const auto& [from, notification] : std::exchange(held_while_restoring_, {}))
      on_notification(now, from, notification, out);
  } else {
    after_zab(now, Mark{}, out);
  }
  return numbered(std::move(out));
}

// QuorumCnxManager's SendWorker for a connection just established sends the last message it
// sent that peer again: a notification the peer missed while it was away reaches it now.
Effects ZkServer::on_peer_connected(Time, NodeId peer) {
  Effects out;
  last_notifications_.resend(peer, out);
  return numbered(std::move(out));
}

// QuorumPeer.closeAllConnections: every client connection closes, those waiting for the leader's
// REVALIDATE answer too (they fail their requests in flight and reconnect elsewhere).
void ZkServer::let_clients_go(Effects& out) {
  sessions_.close_all(out);
  for (const auto& [session, attempt] : revalidating_) out.send(attempt.client, CloseConnection{});
  revalidating_.clear();
}

// QuorumPeer's main loop going LOOKING: the clients' connections are closed (they fail their
// requests in flight and reconnect elsewhere), and the server elects.
void ZkServer::look_for_leader(Time now, Effects& out) {
  zab_.stop(out);
  let_clients_go(out);
  set_state(PeerState::looking, out);
  out.merge(election_.start(now, zab_.last_zxid(), zab_.current_epoch()));
  check_election(now, out);
}

void ZkServer::set_state(PeerState state, Effects& out) {
  state_ = state;
  out.observe_that(StateChanged{state});
}

void ZkServer::on_notification(Time now, NodeId from, const Notification& n, Effects& out) {
  if (restoring_) {  // its election has not started: the peer's connection waits (held_while_restoring_)
    held_while_restoring_[from] = n;
    return;
  }
  if (state_ == PeerState::looking) {
    if (n.config && n.config->version > quorums_.active().version) adopt_configuration(now, *n.config, out);
    out.merge(election_.on_notification(now, from, n));
    check_election(now, out);
    return;
  }
  // A server that is not LOOKING tells a LOOKING peer whom it follows, advertising the epoch ZAB
  // has established since (QuorumPeer.updateElectionVote) so that the latecomer can join.
  if (n.state == PeerState::looking) {
    Notification answer = FastLeaderElection::answer(state_, election_.proposal(), election_.logical_clock(),
                                                     zab_.current_epoch());
    election_.add_configuration(answer);
    out.send(from, answer);
  }
}

void ZkServer::check_election(Time now, Effects& out) {
  if (state_ != PeerState::looking || !election_.outcome()) return;
  finish_election(now, *election_.outcome(), out);
}

void ZkServer::finish_election(Time now, const ElectionOutcome& outcome, Effects& out) {
  assert(outcome.state != PeerState::looking);
  out.observe_that(ElectionFinished{outcome.leader, outcome.peer_epoch, election_.logical_clock(),
                                    election_.started_ns()});
  set_state(outcome.state, out);
  const Mark before = mark(out);
  if (outcome.state == PeerState::leading) zab_.lead(now, out);
  else zab_.follow(now, outcome.leader, out);
  after_zab(now, before, out);
}

void ZkServer::after_zab(Time now, Mark before, Effects& out) {
  if (bugs_.reply_before_commit) answer_logged_writes(before.persisted, out);
  const std::vector<TreeEvent> events = zab_.take_tree_events();
  std::size_t next_event = 0;
  for (std::size_t i = before.delivered; i < out.deliver.size(); ++i) {
    const Txn txn = out.deliver[i];  // a copy: answering may grow out.deliver's neighbours
    on_delivered(txn, events, next_event, out);
  }
  assert(next_event == events.size());
  after_membership_step(now, out);  // membership hook: activations, hand-off
  if (zab_.wants_election()) shut_down_role(now, out);
}

// The reply_before_commit bug: a write is answered as soon as this server logs its proposal (as
// the leader that proposes it, or as the follower that forwarded it), as if logging were
// applying. The answer to it once it commits then finds nothing waiting, as for a client gone.
void ZkServer::answer_logged_writes(std::size_t persisted_before, Effects& out) {
  for (std::size_t i = persisted_before; i < out.persist.size(); ++i) {
    const auto* logged = std::get_if<AppendTxn>(&out.persist[i]);
    if (logged == nullptr || logged->txn.origin_server != config_.id) continue;
    const Txn txn = logged->txn;  // a copy: answering may grow out.persist's neighbours
    sessions_.on_write_applied(txn, zab_.tree(), zab_.delivered_zxid(), out);
  }
}

Effects ZkServer::on_message(Time now, NodeId from, const Message& message) {
  Effects out;
  const Mark before = mark(out);
  bool zab_step = true;  // a notification is the election's alone: nothing of ZAB's to follow up
  // ZAB's own kinds, and kinds no server is ever sent (ZAB answers those as anything unexpected).
  const auto to_zab = [&](const auto&) {
    if (is_server(from)) zab_.on_message(now, from, message, out);
  };
  dispatch(message, Overloaded{
      [&](const Notification& m) {
        on_notification(now, from, m, out);
        zab_step = false;
      },
      [&](const ConnectRequest& m) { on_connect(now, from, m, out); },
      [&](const ClientRequest& m) { on_client_request(now, from, m, out); },
      [&](const ClientPing& m) { on_client_ping(now, from, m, out); },
      [&](const SetWatches& m) {
        if (sessions_.connected(from)) sessions_.set_watches(from, m, zab_.tree(), zab_.delivered_zxid(), out);
      },
      [&](const ForwardedRequest& m) { on_forwarded(now, from, m, out); },
      [&](const Revalidate& m) { on_revalidate(now, from, m, out); },
      [&](const ReconfigRequest& m) { on_reconfig_request(now, from, m, out); },
      [&](const CloseConnection& m) {
        if (is_client(from)) sessions_.disconnect(from);  // the client moved to another server (a rebalance)
        else to_zab(m);
      },
      each<FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap, NewLeader, UpToDate, Proposal, Ack, Commit,
           Inform, Ping, CommitAndActivate, InformAndActivate>(to_zab),
      each<ConnectResponse, ClientReply, WatchEvent, ConfigChanged, AppRequest, AppReply>(to_zab),
  });
  if (zab_step) after_zab(now, before, out);
  return numbered(std::move(out));
}

Effects ZkServer::on_timer(Time now, TimerId timer) {
  Effects out;
  if (is_election_timer(timer)) {
    if (state_ != PeerState::looking) return out;  // a stale timer of a finished round
    out.merge(election_.on_timer(now, timer));
    check_election(now, out);
    return numbered(std::move(out));
  }
  zab_.on_timer(now, timer, out);
  after_zab(now, Mark{}, out);
  return numbered(std::move(out));
}

// ZAB acknowledges by zxid: the batch number becomes the last zxid its requests logged.
Effects ZkServer::on_persisted(Time now, std::uint64_t batch) {
  assert(batch > durable_requests_ && batch - durable_requests_ <= logged_by_request_.size());
  Zxid upto = 0;
  for (; durable_requests_ < batch; ++durable_requests_) {
    upto = logged_by_request_.front();
    logged_by_request_.pop_front();
  }
  Effects out;
  zab_.on_persisted(now, upto, out);
  after_zab(now, Mark{}, out);
  return numbered(std::move(out));
}

Effects ZkServer::on_peer_lost(Time now, NodeId peer) {
  Effects out;
  if (is_client(peer)) {
    sessions_.disconnect(peer);
    return out;
  }
  zab_.on_peer_lost(now, peer, out);
  after_zab(now, Mark{}, out);
  return numbered(std::move(out));
}

Effects ZkServer::on_control(Time now, const Control& control) {
  Effects out;
  const auto* reconfig = std::get_if<RequestReconfig>(&control);
  assert(reconfig && "the runtime gives a node only the controls it takes");
  if (!reconfig) return out;
  const Mark before = mark(out);
  on_reconfig_request(now, kNoNode, reconfig->request, out);
  after_zab(now, before, out);
  return numbered(std::move(out));
}

void ZkServer::check_invariants() const {
  zab_.check_invariants();
  sessions_.check_invariants();
  if (!restoring_) election_.check_invariants();  // not started before the database is loaded
  quorums_.check_invariants();
  assert((state_ == PeerState::looking || reloading_) == (zab_.role() == zab::Role::none));
  assert(!reloading_ || state_ != PeerState::looking);
  assert(!restoring_ || (state_ == PeerState::looking && !reloading_));
  assert(sessions_.size() == 0 || zab_.serving());  // clients are connected only while serving
  assert(revalidating_.empty() || zab_.serving());
  assert(state_ != PeerState::leading || reloading_ || zab_.leader() == config_.id);
}

}  // namespace models
