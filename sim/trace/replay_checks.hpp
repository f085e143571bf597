#pragma once
// What replay checks before a trace's record reaches a state machine. The models assert their
// preconditions (TigerBeetle style): a record the run could not have produced (a crafted or
// corrupted trace) must be refused as a bad trace, exit 2, before it can trip one. Each check
// throws DecodeError saying what is wrong.
//
// The principle: a node is only ever given what the replay itself has seen produced. Its
// configuration is checked against the rules the scenario loader enforces; its durable state at a
// start must be the one its earlier incarnations made durable (or empty: a wipe), but for the
// dynamic configuration file an operator may install; a message must be one its sender returned
// as a send effect to this node (the replayed sender, whose effects are verified); a control must
// be one the node takes, with values the scenario loader would accept; a node's times never go
// back.
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "models/core/effects.hpp"
#include "models/core/input.hpp"
#include "models/core/node.hpp"
#include "models/core/storage.hpp"
#include "sim/trace/node_builder.hpp"

namespace sim::trace {

// The header's node configurations: unique ids, servers' voters and observers among the servers,
// positive timing knobs, clients that name servers, valid strategies, a workload in range.
void check_configs(const NodeConfigs& configs);

// A start record's durable state, as recorded (JSON), against the one the replay tracked for the
// node (`tracked`: empty before its first start, when a server may also start with the scenario's
// initial data: one snapshot and nothing else). Returns the state to start from.
models::PersistentState check_start_state(const nlohmann::ordered_json& recorded, const models::PersistentState& tracked,
                                          const NodeConfigs& configs, bool is_server, bool first_start);

// A control input: one the node takes, with values in range.
void check_control(const models::Node& node, const models::Control& control, const NodeConfigs& configs);

// A peer named by a peer_lost or peer_connected input: a node of the run other than the receiver.
void check_peer(models::NodeId node, models::NodeId peer, const NodeConfigs& configs);

// The messages that left and were not yet delivered, per connection (sender, receiver), in the
// order they left (the executor's, which the runtime's connections keep). A delivered message must
// be one of them; those that left before it on the same connection were lost (a crash, a
// partition). A process that stops loses what was on its way to it.
class SentMessages {
 public:
  // The message leaves now (models::DriverPort::send).
  void sent(models::NodeId from, models::Send send);
  // Throws DecodeError when `from` did not send `to` the message the trace delivers, given as the
  // JSON of the input line's "msg".
  void delivered(models::NodeId from, models::NodeId to, const std::string& message_json);
  void stopped(models::NodeId node);

 private:
  // A message is encoded only when a delivery is compared with it: most leave and arrive once,
  // and one that is lost is never encoded.
  struct Sent {
    models::Message message;
    std::string json;  // empty until needed
  };
  std::map<std::pair<models::NodeId, models::NodeId>, std::deque<Sent>> in_flight_;
};

}  // namespace sim::trace
