#pragma once
// The one interface every protocol participant implements, and every runtime (SimGrid in sim/,
// the in-memory harness in tests/harness, trace replay) drives through one executor
// (core/node_driver.hpp). A node is a pure state machine: it sees time and inputs only as
// arguments (core/input.hpp lists them), and acts only through the Effects it returns.
#include <cstdint>

#include "models/core/effects.hpp"
#include "models/core/ids.hpp"
#include "models/core/input.hpp"
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
  // Every persist request this node returned, numbered up to `batch` (1 for the first Effects with
  // a non-empty persist list since on_start, 2 for the next...), is durable. Nodes that never
  // persist keep this default.
  virtual Effects on_persisted(Time /*now*/, std::uint64_t /*batch*/) { return {}; }
  // The connection to peer was reset (the peer's process died); not called on silent failures.
  virtual Effects on_peer_lost(Time now, NodeId peer) = 0;
  // A connection from peer was established (core/input.hpp); only servers care.
  virtual Effects on_peer_connected(Time /*now*/, NodeId /*peer*/) { return {}; }
  // The oldest of this node's disk tasks (Effects::disk) finished; nodes that start none keep this.
  virtual Effects on_disk_done(Time /*now*/, DiskTask::Kind /*kind*/) { return {}; }
  // Whether this node takes the control input (runtimes give a node only the controls it takes).
  virtual bool takes(const Control& /*control*/) const { return false; }
  virtual Effects on_control(Time /*now*/, const Control& /*control*/) { return {}; }
  // Asserts the node's own invariants; the executor calls it at its check cadence.
  virtual void check_invariants() const {}
};

}  // namespace models
