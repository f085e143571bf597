#include "sim/trace/trace_input.hpp"

#include "models/client/app_client.hpp"
#include "models/client/client.hpp"
#include "sim/trace/decode_error.hpp"

namespace sim::trace {

namespace {
struct Feeder {
  models::Node& node;
  models::Time now_ns;
  models::Effects operator()(const StartInput&) const { return node.on_start(now_ns); }
  models::Effects operator()(const MessageInput& in) const { return node.on_message(now_ns, in.from, in.message); }
  models::Effects operator()(const TimerInput& in) const { return node.on_timer(now_ns, in.timer); }
  models::Effects operator()(const PersistedInput& in) const { return node.on_persisted(now_ns, in.upto); }
  models::Effects operator()(const PeerLostInput& in) const { return node.on_peer_lost(now_ns, in.peer); }
  models::Effects operator()(const SetRateInput& in) const {
    auto* client = dynamic_cast<models::Client*>(&node);
    if (!client) throw DecodeError("set_rate given to node " + std::to_string(node.id()) + ", which is not a client");
    return client->set_rate(now_ns, in.rate_per_s, in.read_ratio);
  }
  models::Effects operator()(const SetStrategyInput& in) const {
    if (auto* client = dynamic_cast<models::Client*>(&node)) return client->set_strategy(now_ns, in.name, in.options);
    if (auto* app = dynamic_cast<models::AppClient*>(&node)) return app->set_strategy(now_ns, in.name, in.options);
    throw DecodeError("set_strategy given to node " + std::to_string(node.id()) + ", which is not a client");
  }
};
}  // namespace

models::Effects feed(models::Node& node, models::Time now_ns, const Input& input) {
  return std::visit(Feeder{node, now_ns}, input);
}

}  // namespace sim::trace
