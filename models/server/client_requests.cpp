// The client-facing half of the server (NIOServerCnxn, PrepRequestProcessor's session checks,
// FinalRequestProcessor's replies): connecting and sessions, requests in each session's order,
// watches, and what the server does with each transaction it applies.
#include <algorithm>
#include <cassert>

#include "models/server/zk_server.hpp"

namespace models {

// ZooKeeper bounds a session timeout to [2, 20] ticks.
Time ZkServer::negotiated_timeout_ns(Time requested_ns) const {
  return std::clamp(requested_ns, 2 * config_.tick_ns, 20 * config_.tick_ns);
}

// ZooKeeper accepts connections only while it serves, and refuses a client that has seen a newer
// state than its own (the client would otherwise travel back in time). A session this server
// does not know is one that was closed: the client has seen its creation, so we would know it.
void ZkServer::on_connect(Time now, NodeId client, const ConnectRequest& request, Effects& out) {
  const Zxid applied = zab_.delivered_zxid();
  if (!zab_.serving() || request.last_zxid_seen > applied) {
    out.send(client, ConnectResponse{request.session, request.session_timeout_ns, false, false, applied, request.attempt});
    return;
  }
  // A connecting ZooKeeper client re-registers its watch on /zookeeper/config with the last zxid
  // it saw, and the watch fires if the configuration changed since: the client learns a
  // configuration activated while it was between servers. The client ignores one it knows.
  const Configuration& active = quorums_.active();
  if (active.version != 0) out.send(client, ConfigChanged{active.version, active.servers()});
  if (request.session == 0)
    return start_session(now, client, request.attempt, negotiated_timeout_ns(request.session_timeout_ns), out);
  if (!zab_.tree().has_session(request.session)) {
    sessions_.disconnect(client);
    out.send(client, ConnectResponse{request.session, 0, false, true, applied, request.attempt});
    return;
  }
  if (zab_.established_leader()) return accept_session(now, {client, request.attempt}, request.session, out);
  // A learner lets the leader, which alone decides expiry, validate the session first.
  revalidating_[request.session] = {client, request.attempt};
  out.send(zab_.leader(), Revalidate{client, request.session, request.session_timeout_ns, false});
}

void ZkServer::accept_session(Time now, ConnectAttempt attempt, SessionId session, Effects& out) {
  sessions_.connect(attempt.client, session);
  zab_.touch_session(now, session);
  out.send(attempt.client, ConnectResponse{session, zab_.tree().session_timeout_ns(session), true, false,
                                           zab_.delivered_zxid(), attempt.number});
}

// The leader answers a learner's REVALIDATE (LearnerHandler: SessionTracker.touchSession); the
// learner then answers its client (Learner.revalidate), if the client still waits for it.
void ZkServer::on_revalidate(Time now, NodeId from, const Revalidate& m, Effects& out) {
  if (zab_.established_leader()) {
    const bool valid = zab_.tree().has_session(m.session);
    if (valid) zab_.touch_session(now, m.session);
    out.send(from, Revalidate{m.client, m.session, m.session_timeout_ns, valid});
    return;
  }
  auto it = revalidating_.find(m.session);
  if (it == revalidating_.end() || it->second.client != m.client || from != zab_.leader() || !zab_.serving()) return;
  const ConnectAttempt attempt = it->second;
  revalidating_.erase(it);
  if (m.valid) return accept_session(now, attempt, m.session, out);
  out.send(m.client, ConnectResponse{m.session, 0, false, true, zab_.delivered_zxid(), attempt.number});
}

// A new session is a createSession transaction; the client is connected once it is applied here.
void ZkServer::start_session(Time now, NodeId client, std::uint64_t attempt, Time timeout_ns, Effects& out) {
  const SessionId session = next_session_++;
  sessions_.connect_new(client, session, attempt);
  Txn request;
  request.client = client;
  request.origin_server = config_.id;
  request.op.kind = OpKind::write;
  request.op.code = OpCode::create_session;
  request.session = session;
  request.session_timeout_ns = timeout_ns;
  submit(now, request, out);
}

void ZkServer::submit(Time now, const Txn& request, Effects& out) {
  if (zab_.established_leader()) {
    zab_.propose(now, request, out);
    return;
  }
  out.send(zab_.leader(), ForwardedRequest{request.client, request.cxid, request.op, request.session,
                                           request.session_timeout_ns});
}

void ZkServer::on_client_request(Time now, NodeId client, const ClientRequest& request, Effects& out) {
  if (!sessions_.connected(client) || !zab_.serving() || !sessions_.enqueue(client, request)) {
    sessions_.disconnect(client);
    out.send(client, CloseConnection{});
    return;
  }
  const SessionId session = sessions_.session_of(client);
  zab_.touch_session(now, session);
  if (request.op.kind == OpKind::write) {
    Txn write;
    write.client = client;
    write.cxid = request.cxid;
    write.origin_server = config_.id;
    write.op = request.op;
    write.session = session;
    submit(now, write, out);
  }
  sessions_.answer_reads(client, zab_.tree(), zab_.delivered_zxid(), out);
}

void ZkServer::on_client_ping(Time now, NodeId client, const ClientPing& ping, Effects& out) {
  if (ping.reply) return;
  if (const SessionId session = sessions_.session_of(client); session != 0) zab_.touch_session(now, session);
  out.send(client, ClientPing{true});
}

// A learner's client write: only an established leader orders it. One that arrives elsewhere was
// sent to a leader that has since stepped down; the learner will notice and close its clients.
void ZkServer::on_forwarded(Time now, NodeId from, const ForwardedRequest& request, Effects& out) {
  if (!zab_.established_leader()) return;
  Txn write;
  write.client = request.client;
  write.cxid = request.cxid;
  write.origin_server = from;
  write.op = request.op;
  write.session = request.session;
  write.session_timeout_ns = request.session_timeout_ns;
  zab_.propose(now, write, out);
}

// events holds the changes of every transaction delivered in this step, in order; those of txn
// start at next_event.
void ZkServer::on_delivered(const Txn& txn, const std::vector<TreeEvent>& events, std::size_t& next_event,
                            Effects& out) {
  std::uint32_t deleted = 0;
  for (; next_event < events.size() && events[next_event].zxid == txn.zxid; ++next_event) {
    sessions_.on_tree_event(events[next_event], out);
    deleted += events[next_event].type == WatchEventType::deleted;
  }
  if (txn.op.code == OpCode::close_session && txn.status == Status::ok) {
    sessions_.on_session_closed(txn.session, out);
    // The leader's own closeSession is an expiry (models/zab/sessions.cpp); its deletions are the
    // session's ephemerals.
    if (txn.origin_server == config_.id) out.observe_that(SessionClosed{txn.session, deleted, txn.client == kNoNode});
  }
  if (txn.origin_server == config_.id) sessions_.on_write_applied(txn, zab_.tree(), zab_.delivered_zxid(), out);
}

}  // namespace models
