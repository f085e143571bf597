#pragma once
// The client connections of one server, the order their requests are answered in, and the
// watches they left here. ZooKeeper's CommitProcessor keeps each session's requests in order: a
// read waits behind an earlier write of the same session until that write is applied, then is
// served from the local tree. A new session's createSession transaction is the head of its queue
// until it is applied, which is when the client is told it is connected.
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "models/core/effects.hpp"
#include "models/datatree/data_tree.hpp"
#include "models/datatree/watch_manager.hpp"

namespace models {

class ClientSessions {
 public:
  // A session's queue is bounded by what its client keeps outstanding; beyond this the client is
  // misbehaving and its connection is closed.
  static constexpr std::size_t kMaxQueuedPerSession = 100'000;

  bool connected(NodeId client) const { return connections_.count(client) != 0; }
  SessionId session_of(NodeId client) const;  // 0 when not connected
  std::size_t size() const { return connections_.size(); }
  // A client that asked for a new session (on its connection attempt `attempt`, which the answer
  // names): it waits for its createSession to be applied.
  void connect_new(NodeId client, SessionId session, std::uint64_t attempt);
  // A client that brought a session this server knows: connected at once.
  void connect(NodeId client, SessionId session);
  void disconnect(NodeId client);
  // The server stops serving: every client is told, and fails what it has in flight.
  void close_all(Effects& out);
  // Queues a request in its session's order; false if the session's queue is full.
  bool enqueue(NodeId client, const ClientRequest& request);
  // Serves the reads at the head of the session's queue, up to the first write still pending.
  void answer_reads(NodeId client, const DataTree& tree, Zxid applied_zxid, Effects& out);
  // A write this server accepted has been applied: answer it, then the reads queued behind it.
  void on_write_applied(const Txn& txn, const DataTree& tree, Zxid applied_zxid, Effects& out);
  // The client re-registers its watches after reconnecting (see SetWatches).
  void set_watches(NodeId client, const SetWatches& request, const DataTree& tree, Zxid applied_zxid, Effects& out);
  // An applied change: the watches it triggers here send their one event each.
  void on_tree_event(const TreeEvent& event, Effects& out);
  // The session was closed (expired): its connection here, if any, is closed.
  void on_session_closed(SessionId session, Effects& out);
  const WatchManager& watches() const { return watches_; }
  void check_invariants() const;
  // Membership hook: the connected clients, in id order (told of a new configuration).
  std::vector<NodeId> clients() const {
    std::vector<NodeId> ids;
    for (const auto& [id, connection] : connections_) ids.push_back(id);
    return ids;
  }

 private:
  struct Request {
    std::uint64_t cxid = 0;
    Op op;
  };
  struct Connection {
    SessionId session = 0;
    std::deque<Request> queue;
    std::uint64_t attempt = 0;  // the client's connection attempt that asked for a new session
  };
  ClientReply read_reply(NodeId client, const Request& read, const DataTree& tree, Zxid applied_zxid);
  void touch(NodeId client);

  std::map<NodeId, Connection> connections_;
  WatchManager watches_;
  mutable std::vector<NodeId> touched_;  // connections changed since the last invariant check
};

}  // namespace models
