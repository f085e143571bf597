#pragma once
// What travels through a SimGrid mailbox: a protocol message with the routing and connection
// stamps the transport needs to give each connection TCP's guarantees (FIFO, reset on restart).
#include <cstdint>
#include <memory>
#include <vector>

#include "models/core/messages.hpp"

namespace sim {

enum class EnvelopeKind : std::uint8_t {
  message,    // a protocol message from one node to another
  peer_lost,  // control: the connection to `from` was reset (its process died)
  set_rate,   // control: every client of the host now offers `rate_per_s`
  freeze,     // control: the host's process pauses for `freeze_ns` (a long GC pause)
  set_strategy,  // control: the host's clients (or app clients) switch to `event`'s strategy
  inject,     // control: an operator's `message` (a reconfig) to node `to`, from outside the ensemble
};

struct Event;
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
  double rate_per_s = 0;            // set_rate only
  double read_ratio = 0;            // set_rate only
  models::Time freeze_ns = 0;       // freeze only
  std::shared_ptr<const Event> event;  // set_strategy only
  // Messages sent by the same host to the same host at the same simulated instant travel as one
  // SimGrid comm (see HostActor::flush_sends): this envelope's message first, then these, in order.
  std::vector<std::unique_ptr<Envelope>> batched;
};

}  // namespace sim
