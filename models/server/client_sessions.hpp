#pragma once
// The client connections of one server and the order their requests are answered in. ZooKeeper's
// CommitProcessor keeps each session's requests in order: a read waits behind an earlier write of
// the same session until that write is applied, then is served from the local tree.
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "models/core/effects.hpp"
#include "models/zab/data_tree.hpp"

namespace models {

class ClientSessions {
 public:
  // A session's queue is bounded by what its client keeps outstanding; beyond this the client is
  // misbehaving and its connection is closed.
  static constexpr std::size_t kMaxQueuedPerSession = 100'000;

  bool connected(NodeId client) const { return queues_.count(client) != 0; }
  std::size_t size() const { return queues_.size(); }
  void connect(NodeId client);
  void disconnect(NodeId client) { queues_.erase(client); }
  // The server stops serving: every client is told, and fails what it has in flight.
  void close_all(Effects& out);
  // Queues a request in its session's order; false if the session's queue is full.
  bool enqueue(NodeId client, const ClientRequest& request);
  // Serves the reads at the head of the session's queue, up to the first write still pending.
  void answer_reads(NodeId client, const zab::DataTree& tree, Zxid applied_zxid, Effects& out);
  // A write this server accepted has been applied: answer it, then the reads queued behind it.
  void on_write_applied(const Txn& txn, const zab::DataTree& tree, Zxid applied_zxid, Effects& out);
  void check_invariants() const;
  // Membership hook: the connected clients, in id order (told of a new configuration).
  std::vector<NodeId> clients() const {
    std::vector<NodeId> ids;
    for (const auto& [id, queue] : queues_) ids.push_back(id);
    return ids;
  }

 private:
  struct Request {
    std::uint64_t cxid = 0;
    Op op;
  };
  std::map<NodeId, std::deque<Request>> queues_;
};

}  // namespace models
