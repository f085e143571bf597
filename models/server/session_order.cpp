#include "models/server/session_order.hpp"


namespace models {

bool SessionOrder::admit_read(NodeId client, const Request& read) {
  auto it = queues_.find(client);
  if (it == queues_.end() || it->second.empty()) return true;
  it->second.push_back(read);
  return false;
}

void SessionOrder::admit_write(NodeId client, const Request& write) { queues_[client].push_back(write); }

std::optional<std::vector<SessionOrder::Request>> SessionOrder::write_applied(NodeId client, std::uint64_t cxid) {
  auto it = queues_.find(client);
  if (it == queues_.end() || it->second.empty()) return std::nullopt;
  std::deque<Request>& queue = it->second;
  if (queue.front().op.kind != OpKind::write || queue.front().cxid != cxid) return std::nullopt;
  queue.pop_front();
  std::vector<Request> ready;
  while (!queue.empty() && queue.front().op.kind == OpKind::read) {
    ready.push_back(queue.front());
    queue.pop_front();
  }
  if (queue.empty()) queues_.erase(it);
  return ready;
}

std::size_t SessionOrder::waiting(NodeId client) const {
  auto it = queues_.find(client);
  return it == queues_.end() ? 0 : it->second.size();
}

}  // namespace models
