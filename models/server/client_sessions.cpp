#include "models/server/client_sessions.hpp"

#include <cassert>

namespace models {

void ClientSessions::connect(NodeId client) { queues_[client].clear(); }

void ClientSessions::close_all(Effects& out) {
  for (const auto& [client, queue] : queues_) out.send_now(client, CloseConnection{});
  queues_.clear();
}

bool ClientSessions::enqueue(NodeId client, const ClientRequest& request) {
  std::deque<Request>& queue = queues_.at(client);
  if (queue.size() >= kMaxQueuedPerSession) return false;
  queue.push_back({request.cxid, request.op});
  return true;
}

void ClientSessions::answer_reads(NodeId client, const zab::DataTree& tree, Zxid applied_zxid, Effects& out) {
  auto it = queues_.find(client);
  if (it == queues_.end()) return;
  std::deque<Request>& queue = it->second;
  while (!queue.empty() && queue.front().op.kind == OpKind::read) {
    const Request& read = queue.front();
    out.send(client, ClientReply{read.cxid, OpKind::read, Status::ok, applied_zxid, tree.value_bytes(read.op.key)});
    out.observe_that(RequestServed{client, OpKind::read});
    queue.pop_front();
  }
}

void ClientSessions::on_write_applied(const Txn& txn, const zab::DataTree& tree, Zxid applied_zxid, Effects& out) {
  auto it = queues_.find(txn.client);
  // The client may have left (and failed the write itself) or reconnected since: nothing to answer.
  if (it == queues_.end() || it->second.empty()) return;
  const Request& head = it->second.front();
  if (head.op.kind != OpKind::write || head.cxid != txn.cxid) return;
  out.send(txn.client, ClientReply{txn.cxid, OpKind::write, Status::ok, txn.zxid, 0});
  out.observe_that(RequestServed{txn.client, OpKind::write});
  it->second.pop_front();
  answer_reads(txn.client, tree, applied_zxid, out);
}

void ClientSessions::check_invariants() const {
  for (const auto& [client, queue] : queues_) {
    assert(is_client(client));
    assert(queue.size() <= kMaxQueuedPerSession);
    assert(queue.empty() || queue.front().op.kind == OpKind::write);  // reads at the head are answered at once
    for (std::size_t i = 1; i < queue.size(); ++i) assert(queue[i - 1].cxid < queue[i].cxid);
  }
}

}  // namespace models
