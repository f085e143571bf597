#include "models/core/messages.hpp"

namespace models {

const char* peer_state_name(PeerState state) {
  switch (state) {
    case PeerState::looking: return "LOOKING";
    case PeerState::following: return "FOLLOWING";
    case PeerState::leading: return "LEADING";
    case PeerState::observing: return "OBSERVING";
  }
  return "?";
}

std::uint32_t wire_bytes(const Message& message) {
  return std::visit([](const auto& m) { return m.wire_bytes(); }, message);
}

const char* message_name(const Message& message) {
  return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kName; }, message);
}

}  // namespace models
