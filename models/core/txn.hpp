#pragma once
// Client operations and the transactions that writes become once the leader orders them.
#include <cstdint>

#include "models/core/ids.hpp"

namespace models {

enum class OpKind : std::uint8_t { read, write };
const char* op_kind_name(OpKind kind);

enum class Status : std::uint8_t { ok, connection_loss, not_leader, timeout };
const char* status_name(Status status);

// What a client asks for. Keys are numbers (the data tree names them /k/<key>) so that a request
// costs no allocation; the value size is what the network and the disk are charged for.
struct Op {
  OpKind kind = OpKind::read;
  std::uint64_t key = 0;
  std::uint32_t value_bytes = 0;
  bool operator==(const Op&) const = default;  // Txn's defaulted == needs it (clang deletes it otherwise)
};

// A write after the leader has ordered it. The origin server is the one the client is connected
// to: it answers the client once it applies the commit.
struct Txn {
  Zxid zxid = 0;
  NodeId client = kNoNode;
  std::uint64_t cxid = 0;  // the client's own request counter, for FIFO order
  NodeId origin_server = kNoNode;
  Op op;
  bool operator==(const Txn&) const = default;
};

constexpr std::uint32_t kTxnHeaderBytes = 40;
inline std::uint32_t txn_wire_bytes(const Txn& txn) { return kTxnHeaderBytes + txn.op.value_bytes; }

}  // namespace models
