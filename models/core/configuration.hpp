#pragma once
// A configuration of the ensemble (ZooKeeper 3.5+'s QuorumVerifier with its dynamic config file):
// who votes, who observes, and the version, which is the zxid of the reconfig transaction that
// created it (0 for the static configuration a server is started with). Versions order
// configurations: a server activates a configuration only if it is newer than its own.
//
// It lives in core, below membership, because core types carry it: a reconfig Txn holds the
// configuration it proposes, and PersistentState holds the last one activated. What is decided
// about configurations (quorums, reconfig requests, hand-offs) is models/membership's.
#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "models/core/ids.hpp"

namespace models {

struct Configuration {
  std::uint64_t version = 0;
  std::vector<NodeId> voters;     // participants, sorted, no duplicates
  std::vector<NodeId> observers;  // non-voting members, sorted, disjoint from voters

  bool empty() const { return voters.empty() && observers.empty(); }
  bool is_voter(NodeId id) const { return std::binary_search(voters.begin(), voters.end(), id); }
  bool is_observer(NodeId id) const { return std::binary_search(observers.begin(), observers.end(), id); }
  bool is_member(NodeId id) const { return is_voter(id) || is_observer(id); }
  // ZooKeeper's QuorumMaj: more than half of the voting members.
  std::size_t quorum_size() const { return voters.size() / 2 + 1; }
  std::size_t voters_in(const std::set<NodeId>& ids) const {
    return static_cast<std::size_t>(std::count_if(ids.begin(), ids.end(), [&](NodeId id) { return is_voter(id); }));
  }
  bool is_quorum(const std::set<NodeId>& ids) const { return voters_in(ids) >= quorum_size(); }
  // Every member, sorted: the server list clients are given.
  std::vector<NodeId> servers() const {
    std::vector<NodeId> all = voters;
    all.insert(all.end(), observers.begin(), observers.end());
    std::sort(all.begin(), all.end());
    return all;
  }
  // Same members (the version aside).
  bool same_members(const Configuration& other) const {
    return voters == other.voters && observers == other.observers;
  }
  // What the configuration costs on the wire and on disk: ZooKeeper's config lines are about
  // 40 bytes a server ("server.12=10.0.0.12:2888:3888:participant;2181").
  std::uint32_t wire_bytes() const { return 8 + 40 * static_cast<std::uint32_t>(voters.size() + observers.size()); }
  bool operator==(const Configuration&) const = default;
};

}  // namespace models
