#pragma once
// The static settings of one ensemble server: who it is, the configuration it is started with,
// and ZooKeeper's timing knobs. The voters and observers here are only where membership starts
// from: once running, the server's QuorumSystem (models/membership) is the one membership.
#include <cstdint>
#include <vector>

#include "models/core/configuration.hpp"
#include "models/core/ids.hpp"
#include "models/core/time.hpp"
#include "models/zab/zab_config.hpp"

namespace models {

struct ServerConfig {
  NodeId id = kNoNode;
  std::vector<NodeId> voters;     // participants of the static configuration
  std::vector<NodeId> observers;  // non-voting members of the static configuration
  Time tick_ns = ms(2000);        // tickTime
  int init_limit_ticks = 10;      // initLimit
  int sync_limit_ticks = 5;       // syncLimit
  std::uint64_t seed = 0;         // the run's seed; each node derives its own stream from it
  Time server_startup_ns = 0;     // a new leader's zk.startup() (zab::ZabConfig)
  zab::SnapshotSettings snapshots;  // snapCount, snapSizeLimitInKb, snapshotSizeFactor, autopurge
  std::vector<VoterGroup> groups;   // hierarchical quorums of the static configuration (empty: majority)
  std::vector<VoterWeight> weights; // the weights other than 1 of its voters

  // The static configuration (version 0), normalized.
  Configuration static_configuration() const {
    Configuration c{0, voters, observers, groups, weights};
    normalize_layout(c);
    return c;
  }

  zab::ZabConfig zab_config() const {
    return zab::ZabConfig{id, tick_ns, init_limit_ticks, sync_limit_ticks, server_startup_ns, snapshots, seed};
  }
};

}  // namespace models
