#pragma once
// Identifiers shared by every protocol: server and client ids, epochs, zxids, timers, sessions.
#include <cstdint>

namespace models {

// Servers are numbered 1..n as ZooKeeper's sids are; clients live in a range of their own so that a
// single id space routes every message and no id is ever reused by a different kind of node.
using NodeId = std::uint32_t;
constexpr NodeId kNoNode = 0;
constexpr NodeId kFirstClientId = 1u << 20;
constexpr bool is_client(NodeId id) { return id >= kFirstClientId; }
constexpr bool is_server(NodeId id) { return id != kNoNode && id < kFirstClientId; }

using Epoch = std::uint32_t;

// A zxid is ZooKeeper's transaction id: the high 32 bits are the epoch of the leader that proposed
// it, the low 32 bits a counter within that epoch. Ordering zxids as integers orders them first by
// epoch, then by counter, which is exactly the order ZAB needs.
using Zxid = std::uint64_t;
constexpr Zxid make_zxid(Epoch epoch, std::uint32_t counter) {
  return (static_cast<Zxid>(epoch) << 32) | counter;
}
constexpr Epoch epoch_of(Zxid zxid) { return static_cast<Epoch>(zxid >> 32); }
constexpr std::uint32_t counter_of(Zxid zxid) { return static_cast<std::uint32_t>(zxid & 0xffffffffu); }

// Timers are named by the node that owns them; the runtime keeps at most one deadline per name.
using TimerId = std::uint32_t;

using SessionId = std::uint64_t;

}  // namespace models
