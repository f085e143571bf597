#include "models/server/client_sessions.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace models {

SessionId ClientSessions::session_of(NodeId client) const {
  auto it = connections_.find(client);
  return it == connections_.end() ? 0 : it->second.session;
}

void ClientSessions::connect_new(NodeId client, SessionId session, std::uint64_t attempt) {
  disconnect(client);
  Op create;
  create.kind = OpKind::write;
  create.code = OpCode::create_session;
  connections_[client] = Connection{session, {Request{0, create}}, attempt};
  touch(client);
}

void ClientSessions::connect(NodeId client, SessionId session) {
  disconnect(client);
  connections_[client] = Connection{session, {}};
  touch(client);
}

void ClientSessions::disconnect(NodeId client) {
  connections_.erase(client);
  watches_.remove_client(client);
}

void ClientSessions::close_all(Effects& out) {
  for (const auto& [client, connection] : connections_) out.send_now(client, CloseConnection{});
  connections_.clear();
  watches_.clear();
}

bool ClientSessions::enqueue(NodeId client, const ClientRequest& request) {
  std::deque<Request>& queue = connections_.at(client).queue;
  if (queue.size() >= kMaxQueuedPerSession) return false;
  // A session's requests arrive in cxid order (one TCP connection), and a create_session only
  // opens one: checked here, once per request, since only the front is ever taken.
  assert(queue.empty() || (queue.back().cxid < request.cxid && request.op.code != OpCode::create_session));
  queue.push_back({request.cxid, request.op});
  touch(client);
  return true;
}

// getData, exists and getChildren from the local tree, leaving the watch asked for. The
// workload's keyed znodes all exist for reading (empty until first set), as its keys always did.
ClientReply ClientSessions::read_reply(NodeId client, const Request& read, const DataTree& tree, Zxid applied_zxid) {
  ClientReply reply{read.cxid, OpKind::read, Status::ok, applied_zxid};
  const Op& op = read.op;
  const Znode* node = tree.find(op);
  if (node) reply.version = node->version;
  if (op.code == OpCode::exists) {
    if (!node) reply.status = Status::no_node;
    if (op.watch) watches_.watch_data(path_of(op), client);  // an exists watch waits for the creation too
  } else if (op.code == OpCode::children) {
    if (!node) reply.status = Status::no_node;
    else {
      reply.children = node->children;
      reply.value_bytes = static_cast<std::uint32_t>(node->children_name_bytes);
      reply.names = tree.children(path_of(op));
    }
    if (node && op.watch) watches_.watch_children(path_of(op), client);
  } else {
    assert(op.code == OpCode::data);
    if (node) reply.value_bytes = node->data_bytes;
    else if (!op.path.empty()) reply.status = Status::no_node;
    if ((node || op.path.empty()) && op.watch) watches_.watch_data(path_of(op), client);
  }
  return reply;
}

void ClientSessions::answer_reads(NodeId client, const DataTree& tree, Zxid applied_zxid, Effects& out) {
  auto it = connections_.find(client);
  if (it == connections_.end()) return;
  std::deque<Request>& queue = it->second.queue;
  while (!queue.empty() && queue.front().op.kind == OpKind::read) {
    out.send(client, read_reply(client, queue.front(), tree, applied_zxid));
    out.observe_that(RequestServed{client, OpKind::read});
    queue.pop_front();
  }
}

void ClientSessions::on_write_applied(const Txn& txn, const DataTree& tree, Zxid applied_zxid, Effects& out) {
  auto it = connections_.find(txn.client);
  // The client may have left (and failed the write itself) or reconnected since: nothing to answer.
  if (it == connections_.end() || it->second.queue.empty()) return;
  const Request& head = it->second.queue.front();
  if (head.op.kind != OpKind::write || head.cxid != txn.cxid || head.op.code != txn.op.code) return;
  if (txn.op.code == OpCode::create_session) {
    if (txn.session != it->second.session) return;
    out.send(txn.client,
             ConnectResponse{txn.session, txn.session_timeout_ns, true, false, txn.zxid, it->second.attempt});
  } else {
    ClientReply reply{txn.cxid, OpKind::write, txn.status, txn.zxid, 0};
    if (txn.op.code == OpCode::create && txn.status == Status::ok) reply.path = path_of(txn.op);
    reply.version = txn.version;
    out.send(txn.client, std::move(reply));
    out.observe_that(RequestServed{txn.client, OpKind::write});
  }
  it->second.queue.pop_front();
  touch(txn.client);
  answer_reads(txn.client, tree, applied_zxid, out);
}

void ClientSessions::on_tree_event(const TreeEvent& event, Effects& out) {
  for (NodeId client : watches_.trigger(event)) out.send(client, WatchEvent{event.type, event.path, event.zxid});
}

// DataTree.setWatches: a watch whose znode changed while the client was away fires now, with the
// event it missed; the others wait here as if the client had just set them.
void ClientSessions::set_watches(NodeId client, const SetWatches& request, const DataTree& tree, Zxid applied_zxid,
                                 Effects& out) {
  const auto fire = [&](WatchEventType type, const std::string& path) { out.send(client, WatchEvent{type, path, applied_zxid}); };
  for (const std::string& path : request.data) {
    const Znode* node = tree.find(path);
    if (!node) fire(WatchEventType::deleted, path);
    else if (node->mzxid > request.relative_zxid) fire(WatchEventType::data_changed, path);
    else watches_.watch_data(path, client);
  }
  for (const std::string& path : request.exist) {
    if (tree.find(path)) fire(WatchEventType::created, path);
    else watches_.watch_data(path, client);
  }
  for (const std::string& path : request.child) {
    const Znode* node = tree.find(path);
    if (!node) fire(WatchEventType::deleted, path);
    else if (node->pzxid > request.relative_zxid) fire(WatchEventType::children_changed, path);
    else watches_.watch_children(path, client);
  }
}

// ZooKeeper closes the connection of an expired session; the client hears of the expiry when it
// connects again.
void ClientSessions::on_session_closed(SessionId session, Effects& out) {
  for (auto it = connections_.begin(); it != connections_.end(); ++it) {
    if (it->second.session != session) continue;
    out.send(it->first, CloseConnection{});
    disconnect(it->first);
    return;
  }
}

// Remembers a changed connection for the next invariant check. Bounded without a check (a runtime
// may check rarely, or never): repeated ids are folded once the list outgrows the connections.
void ClientSessions::touch(NodeId client) {
  touched_.push_back(client);
  if (touched_.size() <= 2 * connections_.size() + 64) return;
  std::sort(touched_.begin(), touched_.end());
  touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
}

// Incremental: only the connections changed since the last check (a new one, a request queued,
// a write answered) are looked at, so that a server with thousands of clients can be checked after
// every step of a long run.
void ClientSessions::check_invariants() const {
  for (const NodeId client : std::exchange(touched_, {})) {
    auto it = connections_.find(client);
    if (it == connections_.end()) continue;
    const Connection& connection = it->second;
    const std::deque<Request>& queue = connection.queue;
    assert(is_client(client) && connection.session != 0);
    assert(queue.size() <= kMaxQueuedPerSession);
    assert(queue.empty() || queue.front().op.kind == OpKind::write);  // reads at the head are answered at once
    assert(queue.empty() || queue.front().cxid <= queue.back().cxid);  // the order: see enqueue
  }
  assert(watches_.size() <= connections_.size());
}

}  // namespace models
