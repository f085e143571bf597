#pragma once
// Every input a node can receive, as one type: what a runtime gives a state machine, what a trace
// records before each step, and what the replayer feeds back. One alternative per entry point of
// models::Node; `feed` is the one dispatch from an Input to that entry point.
#include <cstdint>
#include <string>
#include <variant>

#include "models/core/effects.hpp"
#include "models/core/ids.hpp"
#include "models/core/messages.hpp"
#include "models/core/storage.hpp"
#include "models/core/strategy_options.hpp"
#include "models/core/time.hpp"
#include "models/core/txn.hpp"

namespace models {

class Node;

// What the scenario or an operator asks of a node, as opposed to what its peers send it.
struct SetRate {  // a client's request rate and read fraction change (a rate event)
  double rate_per_s = 0;
  double read_ratio = 0;
};
struct SetStrategy {  // a client's balancing strategy changes (a strategy event)
  std::string name;
  StrategyOptions options;
};
struct RequestReconfig {  // an operator's reconfig command, given to the leader
  ReconfigRequest request;
};
struct Submit {  // one client operation given directly (tests drive clients this way)
  Op op;
};
using Control = std::variant<SetRate, SetStrategy, RequestReconfig, Submit>;

// The durable state the node was built from: a trace needs it to rebuild the node.
struct StartInput {
  PersistentState durable;
};
struct MessageInput {
  NodeId from = kNoNode;
  Message message;
};
struct TimerInput {
  TimerId timer = 0;
};
// Every persist request of the node numbered up to `batch` is durable (see Effects::persist).
struct PersistedInput {
  std::uint64_t batch = 0;
};
// The connection to `peer` was reset (its process died); never given on silent failures.
struct PeerLostInput {
  NodeId peer = kNoNode;
};
// A connection from `peer` was established (its first message since it, or we, started, or since
// the last reset): ZooKeeper's QuorumCnxManager starts a SendWorker for it, which sends the last
// message queued for that peer again. Only between servers.
struct PeerConnectedInput {
  NodeId peer = kNoNode;
};
// The oldest disk task of the node (Effects::disk) finished.
struct DiskDoneInput {
  DiskTask::Kind kind = DiskTask::Kind::load_database;
};
struct ControlInput {
  Control control;
};
using Input = std::variant<StartInput, MessageInput, TimerInput, PersistedInput, PeerLostInput, PeerConnectedInput,
                           DiskDoneInput, ControlInput>;

// Gives node one input and returns what it asks for. A start input expects a node just built
// from that input's durable state.
Effects feed(Node& node, Time now_ns, const Input& input);


}  // namespace models
