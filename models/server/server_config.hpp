#pragma once
// The static settings of one ensemble server: who it is, who votes, and ZooKeeper's timing knobs.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/time.hpp"

namespace models {

struct ServerConfig {
  NodeId id = kNoNode;
  std::vector<NodeId> voters;     // participants, sorted
  std::vector<NodeId> observers;  // non-voting members, sorted
  Time tick_ns = ms(2000);        // tickTime
  int init_limit_ticks = 10;      // initLimit
  int sync_limit_ticks = 5;       // syncLimit
  std::uint64_t seed = 0;         // the run's seed; each node derives its own stream from it

  bool is_observer() const {
    return std::find(observers.begin(), observers.end(), id) != observers.end();
  }
  // ZooKeeper's majority rule: more than half of the voting members.
  std::size_t quorum_size() const { return voters.size() / 2 + 1; }
};

}  // namespace models
