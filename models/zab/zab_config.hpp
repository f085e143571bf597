#pragma once
// What ZAB needs of a server's static settings: who it is, ZooKeeper's timing knobs and its
// snapshot and purge settings. Who votes is not here: that is the server's QuorumSystem
// (models/membership), which ZAB reads.
#include <cstdint>

#include "models/core/ids.hpp"
#include "models/core/time.hpp"

namespace models::zab {

// When a server snapshots its tree, how it synchronizes a learner from disk, and what it purges
// (ZooKeeper's zookeeper.* system properties and zoo.cfg's autopurge.*).
struct SnapshotSettings {
  // zookeeper.snapCount: the log rolls and a snapshot starts after snapCount / 2 + a random draw
  // in [0, snapCount / 2) logged transactions, drawn again at each snapshot.
  std::uint64_t snap_count = 100'000;
  // zookeeper.snapSizeLimitInKb (4 GiB by default; 0: no limit): likewise, once the log files
  // written since the last roll pass half of it plus a random draw up to the other half.
  std::uint64_t snap_size_limit_bytes = 4ull << 30;
  // zookeeper.snapshotSizeFactor: a learner missing more than the in-memory committed log may be
  // sent a DIFF from the log files if they weigh at most this much of the newest snapshot
  // (negative: never).
  double snapshot_size_factor = 0.33;
  std::uint32_t snap_retain_count = 3;  // autopurge.snapRetainCount (at least 3)
  Time purge_interval_ns = 0;           // autopurge.purgeInterval (in hours in zoo.cfg; 0: off)
  bool operator==(const SnapshotSettings&) const = default;
};

struct ZabConfig {
  NodeId id = kNoNode;
  Time tick_ns = ms(2000);   // tickTime
  int init_limit_ticks = 10;  // initLimit
  int sync_limit_ticks = 5;   // syncLimit
  // How long a new leader's zk.startup() takes once a quorum acknowledged NEWLEADER (creating the
  // session tracker and request processor threads, registering JMX beans), measured against a
  // real ensemble (tests/validation/README.md); 0 starts serving at once.
  Time server_startup_ns = 0;
  SnapshotSettings snapshots;
  std::uint64_t seed = 0;  // the run's seed: the snapshot threshold draws derive from it
};

}  // namespace models::zab
