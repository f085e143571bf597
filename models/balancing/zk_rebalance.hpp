#pragma once
// ZOOKEEPER-1355 (Shraer et al., "Dynamic Reconfiguration of Primary/Backup Clusters", ATC 2012,
// section 4): when a ZooKeeper client learns a new server list it moves, or not, with probabilities
// chosen so that the expected number of clients per server is equal again afterwards while as few
// clients as possible move. A pure function so that the probabilities can be tested on their own.
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/rng.hpp"

namespace models::balancing {

// Old list S, new list S', M = S and S', O = S \ M (removed), N = S' \ M (added); `current` must be
// in S. Returns the server to connect to, which is `current` when the client should stay:
// - growing (|S| < |S'|): a client on M moves with probability 1 - |S|/|S'|, a client on O always;
//   either moves to a uniformly random server of N;
// - same size or shrinking: a client on M stays; a client on O moves to a uniformly random one of
//   M with probability |M| (|S| - |S'|) / (|S'| |O|), otherwise to one of N.
NodeId zk_rebalance_target(const std::vector<NodeId>& old_servers,
                           const std::vector<NodeId>& new_servers, NodeId current, Rng& rng);

}  // namespace models::balancing
