#include "models/server/fixed_leader_server.hpp"

#include <cassert>

namespace models {

FixedLeaderServer::FixedLeaderServer(ServerConfig config, PersistentState durable)
    : config_(std::move(config)),
      leader_(config_.voters.empty() ? kNoNode : config_.voters.back()),
      epoch_(1) {
  assert(!config_.voters.empty());
  for (const Txn& txn : durable.log) {
    uncommitted_.emplace(txn.zxid, txn);
    last_logged_ = txn.zxid;
    next_counter_ = counter_of(txn.zxid) + 1;
  }
}

Effects FixedLeaderServer::on_start(Time) {
  Effects out;
  out.persist.push_back(SetCurrentEpoch{epoch_});
  out.observe_that(StateChanged{leading() ? PeerState::leading
                                          : (config_.is_observer() ? PeerState::observing
                                                                   : PeerState::following)});
  if (leading()) out.observe_that(LeaderEstablished{epoch_});
  if (last_logged_ == 0) out.observe_that(StateSynced{0});  // no recovery in this slice
  return out;
}

Effects FixedLeaderServer::on_message(Time, NodeId from, const Message& message) {
  Effects out;
  if (const auto* m = std::get_if<ClientRequest>(&message)) {
    on_client_request(from, *m, out);
  } else if (const auto* m = std::get_if<ConnectRequest>(&message)) {
    out.send(from, ConnectResponse{m->session == 0 ? from : m->session, m->session_timeout_ns, true});
  } else if (const auto* m = std::get_if<ClientPing>(&message)) {
    if (!m->reply) out.send(from, ClientPing{true});
  } else if (const auto* m = std::get_if<ForwardedRequest>(&message)) {
    if (leading()) propose(m->client, m->cxid, m->op, from, out);
  } else if (const auto* m = std::get_if<Proposal>(&message)) {
    on_proposal(*m, out);
  } else if (const auto* m = std::get_if<Ack>(&message)) {
    on_ack(from, m->zxid, out);
  } else if (const auto* m = std::get_if<Commit>(&message)) {
    apply_commit(m->zxid, out);
  } else if (const auto* m = std::get_if<Inform>(&message)) {
    uncommitted_.emplace(m->txn.zxid, m->txn);
    apply_commit(m->txn.zxid, out);
  }
  return out;
}

void FixedLeaderServer::on_client_request(NodeId client, const ClientRequest& request, Effects& out) {
  if (request.op.kind == OpKind::read) {  // reads are served locally, possibly stale
    if (session_order_.admit_read(client, {request.cxid, request.op})) answer_read(client, request.cxid, request.op, out);
    return;
  }
  session_order_.admit_write(client, {request.cxid, request.op});
  if (leading()) {
    propose(client, request.cxid, request.op, config_.id, out);
  } else {
    out.send(leader_, ForwardedRequest{client, request.cxid, request.op});
  }
}

void FixedLeaderServer::answer_read(NodeId client, std::uint64_t cxid, const Op& op, Effects& out) {
  auto it = value_bytes_by_key_.find(op.key);
  const std::uint32_t bytes = it == value_bytes_by_key_.end() ? 0 : it->second;
  out.send(client, ClientReply{cxid, OpKind::read, Status::ok, last_committed_, bytes});
  out.observe_that(RequestServed{client, OpKind::read});
}

void FixedLeaderServer::propose(NodeId client, std::uint64_t cxid, const Op& op, NodeId origin,
                                Effects& out) {
  const Txn txn{make_zxid(epoch_, next_counter_++), client, cxid, origin, op};
  uncommitted_.emplace(txn.zxid, txn);
  ack_sets_[txn.zxid];
  last_logged_ = txn.zxid;
  out.persist.push_back(AppendTxn{txn});
  for (NodeId voter : config_.voters)
    if (voter != config_.id) out.send_now(voter, Proposal{txn});  // in parallel with our own fsync
}

// Followers log first; the ACK leaves only once the log is durable (see on_persisted).
void FixedLeaderServer::on_proposal(const Proposal& proposal, Effects& out) {
  if (proposal.txn.zxid <= last_logged_) return;  // a duplicate after a reconnect
  uncommitted_.emplace(proposal.txn.zxid, proposal.txn);
  last_logged_ = proposal.txn.zxid;
  unacked_.push_back(proposal.txn.zxid);
  out.persist.push_back(AppendTxn{proposal.txn});
}

Effects FixedLeaderServer::on_persisted(Time, Zxid upto) {
  Effects out;
  if (leading()) {
    for (auto& [zxid, acks] : ack_sets_)
      if (zxid <= upto) acks.insert(config_.id);
    commit_ready(out);
    return out;
  }
  while (!unacked_.empty() && unacked_.front() <= upto) {  // one ACK per transaction, as ZooKeeper
    out.send(leader_, Ack{unacked_.front()});
    unacked_.pop_front();
  }
  return out;
}

void FixedLeaderServer::on_ack(NodeId from, Zxid zxid, Effects& out) {
  auto it = ack_sets_.find(zxid);
  if (!leading() || it == ack_sets_.end()) return;  // already committed
  it->second.insert(from);
  commit_ready(out);
}

// Commits strictly in zxid order: a proposal with a quorum waits for every earlier one.
void FixedLeaderServer::commit_ready(Effects& out) {
  while (!ack_sets_.empty() && ack_sets_.begin()->second.size() >= config_.quorum_size()) {
    const Zxid zxid = ack_sets_.begin()->first;
    ack_sets_.erase(ack_sets_.begin());
    const Txn txn = uncommitted_.at(zxid);
    for (NodeId voter : config_.voters)
      if (voter != config_.id) out.send(voter, Commit{zxid});
    for (NodeId observer : config_.observers) out.send(observer, Inform{txn});
    apply_commit(zxid, out);
  }
}

void FixedLeaderServer::apply_commit(Zxid zxid, Effects& out) {
  auto it = uncommitted_.find(zxid);
  if (it == uncommitted_.end() || zxid <= last_committed_) return;  // missed while down: no sync yet
  const Txn txn = it->second;
  uncommitted_.erase(it);
  last_committed_ = zxid;
  value_bytes_by_key_[txn.op.key] = txn.op.value_bytes;
  out.deliver.push_back(txn);
  if (txn.origin_server != config_.id) return;
  const auto released = session_order_.write_applied(txn.client, txn.cxid);
  if (!released) return;
  out.send(txn.client, ClientReply{txn.cxid, OpKind::write, Status::ok, zxid, 0});
  out.observe_that(RequestServed{txn.client, OpKind::write});
  for (const auto& read : *released) answer_read(txn.client, read.cxid, read.op, out);
}

Effects FixedLeaderServer::on_timer(Time, TimerId) { return {}; }

Effects FixedLeaderServer::on_peer_lost(Time, NodeId) { return {}; }

void FixedLeaderServer::check_invariants() const {
  assert(last_committed_ <= last_logged_);
  assert(!leading() || uncommitted_.empty() || uncommitted_.begin()->first > last_committed_);
}

}  // namespace models
