#pragma once
// TCP's guarantees for every pair of nodes, on top of SimGrid's comms (which may complete out of
// order when sizes differ): the sender numbers the messages of a connection, the receiver
// releases them strictly in that order, and a connection is reset when either end restarts, so
// nothing sent to or by an earlier incarnation is ever delivered.
#include <cstdint>
#include <map>
#include <unordered_map>
#include <memory>
#include <utility>
#include <vector>

#include "models/core/ids.hpp"
#include "sim/runtime/envelope.hpp"

namespace sim {

// One direction of a connection between two nodes (Connections' own).
struct ConnectionLink {
  std::uint64_t from_incarnation = 0;
  std::uint64_t to_incarnation = 0;
  std::uint64_t next_seq = 0;      // sender side
  std::uint64_t expected_seq = 0;  // receiver side
  std::map<std::uint64_t, std::unique_ptr<Envelope>> early;  // arrived ahead of their turn
};

class Connections {
 public:
  // Stamps an envelope for sending on (from, to) given both ends' current incarnations.
  void stamp(Envelope& envelope, std::uint64_t from_incarnation, std::uint64_t to_incarnation);
  // Takes an arrived envelope; appends the envelopes now deliverable, in order, to ready (possibly
  // none). Envelopes of an older connection are dropped.
  void arrive(std::unique_ptr<Envelope> envelope, std::uint64_t from_incarnation, std::uint64_t to_incarnation,
              std::vector<std::unique_ptr<Envelope>>& ready);

 private:
  using Link = ConnectionLink;
  Link& link(models::NodeId from, models::NodeId to, std::uint64_t from_inc, std::uint64_t to_inc);
  static void renew(Link& link, std::uint64_t from_inc, std::uint64_t to_inc);
  // Hashed by (from, to) packed in 64 bits and never iterated, so its order cannot matter (a
  // std::map here was 4% of a run). Looked up once per message: the envelope keeps its link for
  // the arrival (entries are never erased, and a hashed map's elements do not move).
  std::unordered_map<std::uint64_t, Link> links_;
};

}  // namespace sim
