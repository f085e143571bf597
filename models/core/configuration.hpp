#pragma once
// A configuration of the ensemble (ZooKeeper 3.5+'s QuorumVerifier with its dynamic config file):
// who votes, who observes, how quorums are counted, and the version, which is the zxid of the
// reconfig transaction that created it (0 for the static configuration a server is started with).
// Versions order configurations: a server activates a configuration only if it is newer than its
// own.
//
// Quorums are counted as ZooKeeper counts them: by a plain majority of the voters (QuorumMaj), or,
// when the configuration has groups, hierarchically (QuorumHierarchical: group.N=a:b:c and
// weight.N=w lines). The hierarchical rule, integer arithmetic included: a group counts for a set
// when the set's weight in the group is > groupWeight / 2 (integer division, so a group of weight
// 0 never counts); the set is a quorum when the counted groups are > numGroups / 2, where
// numGroups leaves out the groups of weight 0. Servers in no group count for nothing.
//
// It lives in core, below membership, because core types carry it: a reconfig Txn holds the
// configuration it proposes, and PersistentState holds the last one activated. What is decided
// about configurations (reconfig requests, hand-offs) is models/membership's.
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "models/core/ids.hpp"

namespace models {

// A group of voters of a hierarchical configuration (group.N=a:b:c).
struct VoterGroup {
  std::uint64_t id = 0;
  std::vector<NodeId> members;  // sorted, no duplicates
  bool operator==(const VoterGroup&) const = default;
};

// A voter's weight (weight.N=w); a voter of a hierarchical configuration without one weighs 1.
struct VoterWeight {
  NodeId id = kNoNode;
  std::uint64_t weight = 1;
  bool operator==(const VoterWeight&) const = default;
};

struct Configuration {
  std::uint64_t version = 0;
  std::vector<NodeId> voters;     // participants, sorted, no duplicates
  std::vector<NodeId> observers;  // non-voting members, sorted, disjoint from voters
  // Hierarchical quorums: empty for a majority configuration. Groups sorted by id, disjoint; the
  // weights list only voters whose weight is not 1, sorted by id (normalize_layout keeps it so, so
  // that equal layouts compare equal).
  std::vector<VoterGroup> groups;
  std::vector<VoterWeight> weights;

  bool empty() const { return voters.empty() && observers.empty(); }
  bool is_voter(NodeId id) const { return std::binary_search(voters.begin(), voters.end(), id); }
  bool is_observer(NodeId id) const { return std::binary_search(observers.begin(), observers.end(), id); }
  bool is_member(NodeId id) const { return is_voter(id) || is_observer(id); }
  bool hierarchical() const { return !groups.empty(); }
  // QuorumVerifier.getWeight: 1 for every voter of a majority configuration; a hierarchical one's
  // weight.N (default 1). 0 for a server that does not vote. A voter of weight 0 is never elected
  // (FastLeaderElection.totalOrderPredicate) and its acknowledgements count for nothing.
  std::uint64_t weight(NodeId id) const;
  // ZooKeeper's QuorumMaj: more than half of the voting members.
  std::size_t quorum_size() const { return voters.size() / 2 + 1; }
  std::size_t voters_in(const std::set<NodeId>& ids) const {
    return static_cast<std::size_t>(std::count_if(ids.begin(), ids.end(), [&](NodeId id) { return is_voter(id); }));
  }
  // containsQuorum under this configuration's rule (majority or hierarchical).
  bool is_quorum(const std::set<NodeId>& ids) const;
  // QuorumMaj.containsQuorum whatever the rule (a deliberately broken variant counts with it).
  bool is_majority_quorum(const std::set<NodeId>& ids) const { return voters_in(ids) >= quorum_size(); }
  // QuorumHierarchical.containsQuorum.
  bool is_hierarchical_quorum(const std::set<NodeId>& ids) const;
  // The group a voter is in (0: none, or a majority configuration).
  std::uint64_t group_of(NodeId id) const;
  // Every member, sorted: the server list clients are given.
  std::vector<NodeId> servers() const {
    std::vector<NodeId> all = voters;
    all.insert(all.end(), observers.begin(), observers.end());
    std::sort(all.begin(), all.end());
    return all;
  }
  // Same members and the same quorum rule (the version aside).
  bool same_members(const Configuration& other) const {
    return voters == other.voters && observers == other.observers && groups == other.groups && weights == other.weights;
  }
  // What the configuration costs on the wire and on disk: ZooKeeper's config lines are about
  // 40 bytes a server ("server.12=10.0.0.12:2888:3888:participant;2181"), a group line about 10
  // bytes plus 3 a member ("group.1=1:2:3"), a weight line about 12 ("weight.12=0").
  std::uint32_t wire_bytes() const;
  bool operator==(const Configuration&) const = default;
};

// Sorts members, groups and weights, and keeps only the weights of voters that are not 1: the
// canonical form every comparison of configurations relies on.
void normalize_layout(Configuration& config);

// What makes a configuration unusable, as QuorumPeerConfig and QuorumHierarchical refuse it (a
// voter in two groups or in none, weights without groups) or as it could never work (a group with
// no voter, a member of a group that does not vote, weights whose every voter together are no
// quorum). Empty when it is usable.
std::string layout_problem(const Configuration& config);

// "majority", or "hierarchical: 3 groups {1,2,3} {4,5,6} {7,8,9}, weights 4:0 5:0": for reports.
std::string describe_layout(const Configuration& config);

}  // namespace models
