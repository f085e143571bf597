#include "models/core/connection_book.hpp"

#include <algorithm>
#include <cassert>
#include <utility>
#include <vector>

namespace models {

Channel channel_of(NodeId from, NodeId to, const Message& message) {
  if (is_client(from) || is_client(to)) return Channel::client;
  return std::holds_alternative<Notification>(message) ? Channel::election : Channel::quorum;
}

bool opens_connection(const Message& message) {
  return std::holds_alternative<ConnectRequest>(message) || std::holds_alternative<FollowerInfo>(message) ||
         std::holds_alternative<Notification>(message);
}

namespace {
std::uint64_t key_of(NodeId a, NodeId b, Channel channel) {
  const auto [low, high] = std::minmax(a, b);
  assert(high < (1u << 30));
  return (static_cast<std::uint64_t>(low) << 32) | (static_cast<std::uint64_t>(high) << 2) |
         static_cast<std::uint64_t>(channel);
}
}  // namespace

ConnectionBook::Verdict ConnectionBook::on_send(NodeId from, std::uint64_t from_inc, NodeId to, std::uint64_t to_inc,
                                                const Message& message) {
  const std::uint64_t key = key_of(from, to, channel_of(from, to, message));
  const Ends now = from < to ? Ends{from_inc, to_inc} : Ends{to_inc, from_inc};
  auto [it, inserted] = open_.try_emplace(key, now);
  if (inserted) return Verdict::opened;
  Ends& ends = it->second;
  const std::uint64_t known_from = from < to ? ends.low_inc : ends.high_inc;
  const std::uint64_t known_to = from < to ? ends.high_inc : ends.low_inc;
  if (known_from == from_inc && known_to == to_inc) return Verdict::existing;
  // A restarted sender knows no old connection; a sender that opens one starts afresh.
  if (known_from != from_inc || opens_connection(message)) {
    ends = now;
    return Verdict::opened;
  }
  open_.erase(it);  // the far end's host answers with a reset; the next message opens anew
  return Verdict::reset;
}

void ConnectionBook::close_all_of(NodeId id) {
  std::vector<std::uint64_t> closed;
  for (const auto& [key, ends] : open_) {
    const auto low = static_cast<NodeId>(key >> 32);
    const auto high = static_cast<NodeId>((key & 0xffffffffu) >> 2);
    if (low == id || high == id) closed.push_back(key);
  }
  for (std::uint64_t key : closed) open_.erase(key);  // the order of erasing cannot matter
}

}  // namespace models
