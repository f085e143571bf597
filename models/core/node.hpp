#pragma once
// The one interface every protocol participant implements, and both runtimes (SimGrid in sim/,
// the in-memory harness in tests/harness) drive. A node is a pure state machine: it sees time and
// inputs only as arguments, and acts only through the Effects it returns.
#include "models/core/effects.hpp"
#include "models/core/ids.hpp"
#include "models/core/messages.hpp"
#include "models/core/storage.hpp"
#include "models/core/time.hpp"

namespace models {

class Node {
 public:
  virtual ~Node() = default;
  virtual NodeId id() const = 0;
  // Called once, on a fresh node or on one rebuilt from its durable state after a restart.
  virtual Effects on_start(Time now) = 0;
  virtual Effects on_message(Time now, NodeId from, const Message& message) = 0;
  virtual Effects on_timer(Time now, TimerId timer) = 0;
  // The fsync covering every storage operation returned so far (up to zxid upto) has completed.
  virtual Effects on_persisted(Time now, Zxid upto) = 0;
  // The connection to peer was reset (the peer's process died); not called on silent failures.
  virtual Effects on_peer_lost(Time now, NodeId peer) = 0;
  // Asserts the node's own invariants; the runtimes call it after every step in checked builds.
  virtual void check_invariants() const {}
};

}  // namespace models
