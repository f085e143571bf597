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

const char* watch_event_type_name(WatchEventType type) {
  switch (type) {
    case WatchEventType::created: return "created";
    case WatchEventType::deleted: return "deleted";
    case WatchEventType::data_changed: return "data_changed";
    case WatchEventType::children_changed: return "children_changed";
  }
  return "?";
}

std::uint64_t wire_bytes(const Message& message) {
  return std::visit([](const auto& m) -> std::uint64_t { return m.wire_bytes(); }, message);
}

const char* message_name(const Message& message) {
  return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kName; }, message);
}

}  // namespace models
