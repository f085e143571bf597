#include "models/core/input.hpp"

#include "models/core/node.hpp"

namespace models {

namespace {
struct Feeder {
  Node& node;
  Time now_ns;
  Effects operator()(const StartInput&) const { return node.on_start(now_ns); }
  Effects operator()(const MessageInput& in) const { return node.on_message(now_ns, in.from, in.message); }
  Effects operator()(const TimerInput& in) const { return node.on_timer(now_ns, in.timer); }
  Effects operator()(const PersistedInput& in) const { return node.on_persisted(now_ns, in.batch); }
  Effects operator()(const PeerLostInput& in) const { return node.on_peer_lost(now_ns, in.peer); }
  Effects operator()(const PeerConnectedInput& in) const { return node.on_peer_connected(now_ns, in.peer); }
  Effects operator()(const DiskDoneInput& in) const { return node.on_disk_done(now_ns, in.kind); }
  Effects operator()(const ControlInput& in) const { return node.on_control(now_ns, in.control); }
};

}  // namespace

Effects feed(Node& node, Time now_ns, const Input& input) { return std::visit(Feeder{node, now_ns}, input); }

}  // namespace models
