#pragma once
// What a cluster-wide safety checker reports when a run breaks one of ZooKeeper's guarantees. A
// violation names the observation that revealed it by its position in the stream (the trace
// position), so that a failure trace can be cut just after it and replayed.
#include <cstdint>
#include <string>

#include "models/core/ids.hpp"
#include "models/core/time.hpp"

namespace analysis {

enum class ViolationKind : std::uint8_t {
  two_leaders_in_epoch,     // two servers established leadership in the same epoch
  conflicting_delivery,     // one zxid delivered with two different transactions
  divergent_history,        // a zxid delivered (or synced to) that the committed history skips
  delivery_gap,             // a synced server skipped a committed zxid
  zxid_not_increasing,      // a synced server delivered a zxid not above its previous one
  lost_acknowledged_write,  // a write the client was told is committed is not (or no longer) there
  client_fifo_order,        // a client's requests completed out of order
};
const char* violation_kind_name(ViolationKind kind);

struct Violation {
  ViolationKind kind = ViolationKind::two_leaders_in_epoch;
  std::string message;  // one sentence naming the nodes, zxids and epochs involved
  models::Time time_ns = 0;
  models::NodeId node = models::kNoNode;  // the node whose observation revealed it
  std::uint64_t position = 0;             // 0-based index of that observation in the stream
};

// One line: "<kind> at position <p> (t=<time> ms, node <n>): <message>".
std::string describe(const Violation& violation);

// ZooKeeper's own spelling of a zxid (hex, epoch in the high 32 bits), as its logs print it.
std::string zxid_text(models::Zxid zxid);

}  // namespace analysis
