#pragma once
// Client operations and the transactions that writes become once the leader orders them.
#include <cstdint>
#include <memory>
#include <string>

#include "models/core/ids.hpp"
#include "models/core/time.hpp"
#include "models/core/configuration.hpp"

namespace models {

// The class of an operation: a read is served by the server the client is connected to, a write
// goes through the leader. Metrics and the checkers count by this class.
enum class OpKind : std::uint8_t { read, write };
const char* op_kind_name(OpKind kind);

// What a reply (or a transaction's outcome) says. ok .. timeout are the original codes; the rest
// are ZooKeeper's KeeperException codes the data tree and the sessions produce.
enum class Status : std::uint8_t {
  ok,
  connection_loss,
  not_leader,
  timeout,
  no_node,
  node_exists,
  bad_version,
  not_empty,
  session_expired,
  no_children_for_ephemerals,
};
const char* status_name(Status status);

// The operation itself. `data` is the workload's keyed operation: getData for a read, setData for
// a write; the others are ZooKeeper's calls, and the session transactions the servers make.
enum class OpCode : std::uint8_t { data, create, remove, exists, children, create_session, close_session };
const char* op_code_name(OpCode code);
// The class each code belongs to (data may be either, as its kind says).
constexpr OpKind kind_of(OpCode code, OpKind data_kind) {
  switch (code) {
    case OpCode::data: return data_kind;
    case OpCode::exists:
    case OpCode::children: return OpKind::read;
    default: return OpKind::write;
  }
}

// CreateMode bits.
constexpr std::uint8_t kEphemeral = 1;
constexpr std::uint8_t kSequential = 2;
constexpr std::int32_t kAnyVersion = -1;

// What a client asks for. The workload addresses znodes by number (key k is the znode /k/<k>) so
// that its requests cost no allocation; other operations name a path. The value size is what the
// network and the disk are charged for.
struct Op {
  OpKind kind = OpKind::read;
  std::uint64_t key = 0;
  std::uint32_t value_bytes = 0;
  OpCode code = OpCode::data;
  std::string path;                          // empty: the keyed znode /k/<key>
  std::uint8_t flags = 0;                    // create: kEphemeral | kSequential
  std::int32_t expected_version = kAnyVersion;  // setData, delete
  bool watch = false;                        // getData, exists, getChildren: leave a one-shot watch
  bool operator==(const Op&) const = default;  // Txn's defaulted == needs it (clang deletes it otherwise)
};

// A write after the leader has ordered it. The origin server is the one the client is connected
// to: it answers the client once it applies the commit. The leader decides the outcome when it
// proposes (ZooKeeper's PrepRequestProcessor): status, the final path of a sequential create and
// the version the write leaves, so that every server applies exactly the same change.
struct Txn {
  Zxid zxid = 0;
  NodeId client = kNoNode;
  std::uint64_t cxid = 0;  // the client's own request counter, for FIFO order
  NodeId origin_server = kNoNode;
  Op op;
  SessionId session = 0;         // the client's session (the owner of an ephemeral it creates)
  Time session_timeout_ns = 0;   // create_session only
  Status status = Status::ok;    // anything but ok changes nothing (an error transaction)
  std::int32_t version = -1;     // the data version of the znode after the write
  // Set only on a reconfig transaction: the configuration it proposes (its version is the txn's
  // zxid). Shared and immutable, so that copying an ordinary Txn costs no allocation.
  std::shared_ptr<const Configuration> config;
  bool operator==(const Txn&) const = default;
};

// Key-addressed ops keep their path empty, so that the common request carries no string.
std::string keyed_path(std::uint64_t key);
inline std::string path_of(const Op& op) { return op.path.empty() ? keyed_path(op.key) : op.path; }

constexpr std::uint32_t kTxnHeaderBytes = 40;
inline std::uint32_t txn_wire_bytes(const Txn& txn) {
  return kTxnHeaderBytes + txn.op.value_bytes + static_cast<std::uint32_t>(txn.op.path.size()) +
         (txn.config ? txn.config->wire_bytes() : 0);
}

}  // namespace models
