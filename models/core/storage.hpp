#pragma once
// What a server keeps on disk, and the operations that change it. The runtime applies a batch of
// operations to the durable copy only when the fsync covering them completes, so a crash loses
// exactly what was not yet synced; a restarted server is rebuilt from this state alone.
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/txn.hpp"
#include "models/core/configuration.hpp"

namespace models {

struct Snapshot {
  Zxid zxid = 0;
  std::uint64_t size_bytes = 0;
  std::shared_ptr<const std::vector<Txn>> history;  // the committed transactions it contains
};

struct PersistentState {
  Epoch accepted_epoch = 0;  // ZooKeeper's acceptedEpoch file
  Epoch current_epoch = 0;   // ZooKeeper's currentEpoch file
  Snapshot snapshot;
  std::vector<Txn> log;      // transactions after the snapshot, in zxid order
  // The last configuration activated (ZooKeeper's dynamic config file); empty until the first
  // reconfig, when the server's static configuration is in force.
  Configuration config;
  Zxid last_zxid() const;
};

struct AppendTxn { Txn txn; };
struct TruncateAfter { Zxid zxid = 0; };  // drop every logged transaction above zxid
struct SetAcceptedEpoch { Epoch epoch = 0; };
struct SetCurrentEpoch { Epoch epoch = 0; };
struct InstallSnapshot { Snapshot snapshot; };  // replaces the log as well
struct SetConfiguration { Configuration config; };  // a reconfig was activated
using StorageOp = std::variant<AppendTxn, TruncateAfter, SetAcceptedEpoch, SetCurrentEpoch, InstallSnapshot,
                               SetConfiguration>;

void apply(PersistentState& state, const StorageOp& op);
// Bytes written to the disk by an operation: what the disk model charges for.
std::uint64_t storage_bytes(const StorageOp& op);

}  // namespace models
