#pragma once
// Which TCP connections exist between nodes, as both runtimes (the SimGrid host actors and the
// test harness) need to know it to give a restart's consequences: a message on a connection whose
// far end restarted since it was opened meets a host that no longer knows it and answers with a
// reset (RST); a message that opens a connection (a client's connect, a learner's FOLLOWERINFO, an
// election notification, which QuorumCnxManager sends after connecting on demand) starts a new
// one, and a new election connection makes its acceptor send its last notification again
// (QuorumCnxManager's SendWorker). One copy of these rules, beside the executor of the contract.
#include <cstdint>
#include <unordered_map>

#include "models/core/ids.hpp"
#include "models/core/messages.hpp"

namespace models {

// The three kinds of connection a ZooKeeper server keeps: election (QuorumCnxManager), quorum
// (Learner / LearnerHandler) and client.
enum class Channel : std::uint8_t { election, quorum, client };
Channel channel_of(NodeId from, NodeId to, const Message& message);
bool opens_connection(const Message& message);

class ConnectionBook {
 public:
  enum class Verdict : std::uint8_t {
    existing,  // the connection is there: the message travels on it
    opened,    // a new connection carries it (the receiver sees it established)
    reset,     // the far end restarted since: the message is lost and the sender sees a reset
  };
  // A message from `from` (in its incarnation from_inc) to `to` (in to_inc) is sent now.
  Verdict on_send(NodeId from, std::uint64_t from_inc, NodeId to, std::uint64_t to_inc, const Message& message);
  // Whether the receiver sees a connection established (models::PeerConnectedInput) before this
  // message: the first message of a new election connection.
  static bool announces_connection(Verdict verdict, const Message& message) {
    return verdict == Verdict::opened && std::holds_alternative<Notification>(message);
  }
  // `id`'s process ended and its peers were told (their connections to it are reset).
  void close_all_of(NodeId id);

 private:
  struct Ends {
    std::uint64_t low_inc;   // incarnation of the end with the lower id when the connection opened
    std::uint64_t high_inc;  // and of the other end
  };
  // Keyed by (lower id, higher id, channel) packed in 64 bits (ids are below 2^30); never
  // iterated where order matters.
  std::unordered_map<std::uint64_t, Ends> open_;
};

}  // namespace models
