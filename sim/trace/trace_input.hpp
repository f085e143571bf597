#pragma once
// The inputs a runtime gives a state machine, as values: what a trace records before each step,
// and what the replayer feeds back. One alternative per entry point of models::Node (plus the
// client's set_rate and set_strategy); a start carries the durable state the node was built from.
#include <variant>

#include <string>

#include "models/balancing/registry.hpp"
#include "models/core/node.hpp"
#include "models/core/storage.hpp"

namespace sim::trace {

struct StartInput {
  models::PersistentState durable;
};
struct MessageInput {
  models::NodeId from = models::kNoNode;
  models::Message message;
};
struct TimerInput {
  models::TimerId timer = 0;
};
struct PersistedInput {
  models::Zxid upto = 0;
};
struct PeerLostInput {
  models::NodeId peer = models::kNoNode;
};
struct SetRateInput {
  double rate_per_s = 0;
  double read_ratio = 0;
};
// A strategy event reached a client or an app client (Client / AppClient::set_strategy).
struct SetStrategyInput {
  std::string name;
  models::balancing::StrategyOptions options;
};
using Input = std::variant<StartInput, MessageInput, TimerInput, PersistedInput, PeerLostInput, SetRateInput,
                           SetStrategyInput>;

// Gives node one input, exactly as the runtime does, and returns what it asks for. A start input
// expects a node just built from that input's durable state; set_rate expects a client.
models::Effects feed(models::Node& node, models::Time now_ns, const Input& input);

}  // namespace sim::trace
