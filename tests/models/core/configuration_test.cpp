// The quorum rules of a configuration, QuorumMaj and QuorumHierarchical, with the configurations
// of ZooKeeper 3.8's own tests (HierarchicalQuorumTest, FLEZeroWeightTest, ReconfigTest
// testQuorumSystemChange, ReconfigFailureCasesTest), their numbers kept. zksim's server ids start
// at 1, so FLEZeroWeightTest's servers 0..8 are 1..9 here.
#include <doctest/doctest.h>

#include "models/core/configuration.hpp"

using namespace models;

namespace {

Configuration hierarchical(std::vector<NodeId> voters, std::vector<VoterGroup> groups, std::vector<VoterWeight> weights = {},
                           std::vector<NodeId> observers = {}) {
  Configuration c{0, std::move(voters), std::move(observers), std::move(groups), std::move(weights)};
  normalize_layout(c);
  return c;
}

// HierarchicalQuorumTest: group.1=1:2:3, group.2=4:5, weight.1..3=1, weight.4=weight.5=0.
Configuration hierarchical_quorum_test() {
  return hierarchical({1, 2, 3, 4, 5}, {{1, {1, 2, 3}}, {2, {4, 5}}}, {{1, 1}, {2, 1}, {3, 1}, {4, 0}, {5, 0}});
}

// FLEZeroWeightTest: group.1=0:1:2, group.2=3:4:5, group.3=6:7:8; weight 1 for 0, 1, 2 and 0 for
// the others (here 1..9).
Configuration fle_zero_weight_test() {
  std::vector<VoterWeight> weights;
  for (NodeId id = 4; id <= 9; ++id) weights.push_back({id, 0});
  return hierarchical({1, 2, 3, 4, 5, 6, 7, 8, 9}, {{1, {1, 2, 3}}, {2, {4, 5, 6}}, {3, {7, 8, 9}}}, weights);
}

// ReconfigTest.testQuorumSystemChange and ReconfigFailureCasesTest: group.1=3:4:5, group.2=1:2,
// weight.1=weight.2=0, weight.3..5=1.
Configuration quorum_system_change() {
  return hierarchical({1, 2, 3, 4, 5}, {{1, {3, 4, 5}}, {2, {1, 2}}}, {{1, 0}, {2, 0}, {3, 1}, {4, 1}, {5, 1}});
}

// Three datacenters of three servers, a group each, every weight 1 (QuorumHierarchical's own
// javadoc example).
Configuration three_by_three() {
  return hierarchical({1, 2, 3, 4, 5, 6, 7, 8, 9}, {{1, {1, 2, 3}}, {2, {4, 5, 6}}, {3, {7, 8, 9}}});
}

}  // namespace

TEST_CASE("quorums: QuorumMaj counts more than half of the voters, observers never") {
  const Configuration c{0, {1, 2, 3, 4, 5}, {6, 7}};
  CHECK(!c.hierarchical());
  CHECK(c.is_quorum({1, 2, 3}));
  CHECK(!c.is_quorum({1, 2, 6, 7}));  // observers do not count
  CHECK(!c.is_quorum({}));
  CHECK(c.weight(1) == 1);
  CHECK(c.weight(6) == 0);  // an observer
  CHECK(layout_problem(c).empty());
  CHECK(describe_layout(c) == "majority");
}

TEST_CASE("quorums: HierarchicalQuorumTest's groups: zero-weight servers and their group count for nothing") {
  const Configuration c = hierarchical_quorum_test();
  REQUIRE(layout_problem(c).empty());
  // numGroups = 2 - 1 (group 2 weighs 0): one counted group is a quorum; group 1 (weight 3)
  // counts from weight 2 (> 3 / 2 = 1).
  CHECK(c.is_quorum({1, 2}));
  CHECK(c.is_quorum({2, 3}));
  CHECK(!c.is_quorum({3}));
  CHECK(!c.is_quorum({3, 4, 5}));   // a majority of the five, no hierarchical quorum
  CHECK(c.is_majority_quorum({3, 4, 5}));
  CHECK(c.is_quorum({1, 3, 4}));
  CHECK(!c.is_quorum({4, 5}));
  CHECK(c.weight(4) == 0);
  CHECK(c.weight(1) == 1);
  CHECK(c.group_of(5) == 2);
  // Weights of 1 are the default: the canonical form lists only the others.
  CHECK(c.weights == std::vector<VoterWeight>{{4, 0}, {5, 0}});
  CHECK(describe_layout(c) == "hierarchical: 2 groups {1,2,3} {4,5}, weights 4:0 5:0");
}

TEST_CASE("quorums: FLEZeroWeightTest's three groups, two of them weighing nothing") {
  const Configuration c = fle_zero_weight_test();
  REQUIRE(layout_problem(c).empty());
  CHECK(c.is_quorum({1, 2}));
  CHECK(!c.is_quorum({1, 4, 5, 6, 7, 8, 9}));  // seven of nine, only one server of weight
  for (NodeId id = 4; id <= 9; ++id) CHECK(c.weight(id) == 0);
}

TEST_CASE("quorums: testQuorumSystemChange's layout lets servers 4 and 5 work alone") {
  const Configuration c = quorum_system_change();
  REQUIRE(layout_problem(c).empty());
  // "servers 4 and 5 should be able to work independently" once 1, 2, 3 (and 6, 7) are down.
  CHECK(c.is_quorum({4, 5}));
  CHECK(!c.is_quorum({1, 2, 3}));  // three of five, but 1 and 2 weigh nothing
  CHECK(!c.is_quorum({1, 2, 5}));
}

TEST_CASE("quorums: three groups of three survive a group's loss, not two servers lost in each of two") {
  const Configuration c = three_by_three();
  const Configuration majority{0, c.voters, {}};
  const std::set<NodeId> without_dc2{1, 2, 3, 7, 8, 9};
  CHECK(c.is_quorum(without_dc2));
  CHECK(majority.is_quorum(without_dc2));
  // Two servers down in dc1 and in dc2: five of nine are up, a majority; only dc3 holds a majority
  // of its group, 1 counted group is not > 3 / 2.
  const std::set<NodeId> two_down_in_two{1, 4, 7, 8, 9};
  CHECK(majority.is_quorum(two_down_in_two));
  CHECK(!c.is_quorum(two_down_in_two));
  // The smallest hierarchical quorums have four servers: two in each of two groups.
  CHECK(c.is_quorum({1, 2, 4, 5}));
  CHECK(!majority.is_quorum({1, 2, 4, 5}));
}

TEST_CASE("quorums: the integer divisions fall where ZooKeeper's do") {
  // A group of even weight needs more than half: 2 of weight 2, 3 of weight 4.
  const Configuration even = hierarchical({1, 2, 3, 4, 5, 6}, {{1, {1, 2}}, {2, {3, 4, 5, 6}}});
  CHECK(!even.is_quorum({1, 3, 4}));   // 1 > 2 / 2 = 1 is false
  CHECK(!even.is_quorum({1, 2, 3, 4}));  // group 2: 2 > 4 / 2 is false; 1 group > 2 / 2 is false
  CHECK(even.is_quorum({1, 2, 3, 4, 5}));
  // Weights: a server of weight 3 outweighs two of weight 1.
  const Configuration weighted = hierarchical({1, 2, 3}, {{1, {1, 2, 3}}}, {{1, 3}});
  CHECK(weighted.is_quorum({1}));
  CHECK(!weighted.is_quorum({2, 3}));
  // Two groups: both are needed (2 > 2 / 2).
  const Configuration two = hierarchical({1, 2, 3, 4, 5, 6}, {{1, {1, 2, 3}}, {2, {4, 5, 6}}});
  CHECK(!two.is_quorum({1, 2, 3}));
  CHECK(two.is_quorum({1, 2, 4, 5}));
  // Servers in no group are ignored; the empty set is never a quorum.
  CHECK(!two.is_quorum({}));
  CHECK(two.is_quorum({1, 2, 4, 5, 42}));
}

TEST_CASE("quorums: unusable layouts are named") {
  CHECK(layout_problem(hierarchical({1, 2, 3}, {{1, {1, 2}}, {2, {2, 3}}})).find("in two groups") != std::string::npos);
  CHECK(layout_problem(hierarchical({1, 2, 3}, {{1, {1, 2}}})) == "server 3 is a voter in no group");
  CHECK(layout_problem(hierarchical({1, 2, 3}, {{1, {1, 2, 3}}, {2, {}}})) == "group 2 has no voter");
  CHECK(layout_problem(hierarchical({1, 2}, {{1, {1, 2, 4}}}, {}, {4})).find("is not a voter") != std::string::npos);
  CHECK(layout_problem(hierarchical({1, 2}, {{1, {1, 2}}}, {{1, 0}, {2, 0}})).find("never make a quorum") != std::string::npos);
  Configuration weights_only{0, {1, 2, 3}, {}};
  weights_only.weights = {{1, 2}};
  CHECK(layout_problem(weights_only) == "weights need groups (hierarchical quorums)");
}

TEST_CASE("quorums: groups and weights travel with the configuration's size and equality") {
  const Configuration plain{0, {1, 2, 3, 4, 5}, {}};
  const Configuration grouped = hierarchical_quorum_test();
  CHECK(grouped.wire_bytes() > plain.wire_bytes());
  CHECK(grouped.wire_bytes() == plain.wire_bytes() + (10 + 9) + (10 + 6) + 2 * 12);
  CHECK(!grouped.same_members(plain));
  Configuration reweighted = grouped;
  reweighted.weights = {{4, 1}, {5, 1}};
  normalize_layout(reweighted);
  CHECK(reweighted.weights.empty());  // weight 1 is the default
  CHECK(!reweighted.same_members(grouped));
}
