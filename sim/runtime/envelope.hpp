#pragma once
// What travels through a SimGrid mailbox: a protocol message with the routing and connection
// stamps the transport needs to give each connection TCP's guarantees (FIFO, reset on restart).
#include <cstdint>
#include <memory>
#include <vector>

#include "models/core/input.hpp"
#include "models/core/messages.hpp"

namespace sim {

enum class EnvelopeKind : std::uint8_t {
  message,    // a protocol message from one node to another
  peer_lost,  // control: the connection to `from` was reset (its process died)
  freeze,     // the host's process pauses for `freeze_ns` (a long GC pause)
  control,    // `control` for node `to`, or for every node of the host that takes it (`to` kNoNode)
  wake,       // empty: wakes the host's actor for a packet in its inbox (sim/runtime/wire.hpp)
};

struct ConnectionLink;

struct Envelope {
  EnvelopeKind kind = EnvelopeKind::message;
  models::NodeId from = models::kNoNode;
  models::NodeId to = models::kNoNode;  // for peer_lost: every node of the receiving host
  std::uint64_t from_incarnation = 0;
  std::uint64_t to_incarnation = 0;
  std::uint64_t seq = 0;                // position on the connection (from, to)
  ConnectionLink* link = nullptr;       // that connection's state, where stamp() found it
  models::Message message;
  models::Time extra_delay_ns = 0;  // a clogged interface on the way: held this long on arrival
  models::Time freeze_ns = 0;       // freeze only
  models::Time arrived_ns = -1;     // when the receiving host took it (or a hold released it)
  // The first message of a new election connection: its receiver sees the connection established
  // (models::PeerConnectedInput) before the message.
  bool opens_election_connection = false;
  std::shared_ptr<const models::Control> control;  // control only: shared by every host it goes to
  // Messages sent by the same host to the same host at the same simulated instant travel as one
  // SimGrid comm (see HostActor::flush_sends): this envelope's message first, then these, in order.
  std::vector<std::unique_ptr<Envelope>> batched;
};

}  // namespace sim
