// Hierarchical quorums (QuorumHierarchical) on the in-memory harness, with the safety checker
// watching: ZooKeeper 3.8's own tests of them replayed with their configurations (FLEZeroWeightTest,
// HierarchicalQuorumTest, ReconfigTest.testQuorumSystemChange,
// ReconfigFailureCasesTest.testIncrementalReconfigInvokedOnHiearchicalQS; zksim's ids start at 1),
// and three groups of three losing a group, or two servers in each of two groups.
#include <doctest/doctest.h>

#include <set>

#include "tests/models/membership/reconfig_fixture.hpp"

using namespace models;
using reconfig_test::Rig;

namespace {

Configuration layout(std::vector<NodeId> voters, std::vector<VoterGroup> groups, std::vector<VoterWeight> weights = {}) {
  Configuration c{0, std::move(voters), {}, std::move(groups), std::move(weights)};
  normalize_layout(c);
  return c;
}

Configuration three_by_three() {
  return layout({1, 2, 3, 4, 5, 6, 7, 8, 9}, {{1, {1, 2, 3}}, {2, {4, 5, 6}}, {3, {7, 8, 9}}});
}

// Writes acknowledged to clients while the harness runs for `duration_ns`.
std::size_t writes_during(Rig& r, Time duration_ns) {
  const std::size_t before = r.e().acknowledged_writes();
  r.e().cluster().advance_by(duration_ns);
  return r.e().acknowledged_writes() - before;
}

void crash_all(Rig& r, std::initializer_list<NodeId> ids) {
  for (NodeId id : ids) r.e().cluster().crash(id);
}

void restart_all(Rig& r, std::initializer_list<NodeId> ids) {
  for (NodeId id : ids) r.e().cluster().restart(id);
}

bool weighted(NodeId id) { return id >= 1 && id <= 3; }

}  // namespace

// FLEZeroWeightTest: group.1=0:1:2, group.2=3:4:5, group.3=6:7:8, only 0, 1, 2 of weight 1; it
// fails when a server of weight 0 is elected. Here also after the first leader crashes.
TEST_CASE("hierarchical: FLEZeroWeightTest: a server of weight 0 is never elected") {
  std::vector<VoterWeight> zero;
  for (NodeId id = 4; id <= 9; ++id) zero.push_back({id, 0});
  Rig r(9, layout({1, 2, 3, 4, 5, 6, 7, 8, 9}, {{1, {1, 2, 3}}, {2, {4, 5, 6}}, {3, {7, 8, 9}}}, zero), 2);
  REQUIRE(r.wait_stable());
  const NodeId first = r.e().leader();
  CHECK(weighted(first));
  // Servers 4 to 9 have the longest logs now: they acknowledged everything too. Still, a server of
  // weight 1 is elected.
  r.e().cluster().crash(first);
  REQUIRE(r.e().wait_until([&] { return r.e().leader() != kNoNode; }, sec(20)));
  CHECK(weighted(r.e().leader()));
  CHECK(r.e().leader() != first);
  REQUIRE(r.wait_stable());
  CHECK(writes_during(r, sec(3)) > 0);
  r.check_clean();
}

// HierarchicalQuorumTest's ensemble (group.1=1:2:3, group.2=4:5, weight.4=weight.5=0) serves its
// clients; the two servers of weight 0 are not needed, two of the others are.
TEST_CASE("hierarchical: HierarchicalQuorumTest: the zero-weight servers are not needed, two of 1, 2, 3 are") {
  Rig r(5, layout({1, 2, 3, 4, 5}, {{1, {1, 2, 3}}, {2, {4, 5}}}, {{4, 0}, {5, 0}}), 3);
  REQUIRE(r.wait_stable());
  CHECK(writes_during(r, sec(3)) > 50);
  crash_all(r, {4, 5});
  r.e().cluster().advance_by(sec(3));  // clients of 4 and 5 reconnect
  CHECK(writes_during(r, sec(3)) > 50);
  restart_all(r, {4, 5});
  REQUIRE(r.wait_stable());
  // 1, 4 and 5 are three of five, a majority, but hold 1 of group 1's weight 3.
  crash_all(r, {2, 3});
  r.e().cluster().advance_by(sec(3));
  CHECK(writes_during(r, sec(15)) == 0);
  CHECK(r.e().leader() == kNoNode);
  restart_all(r, {2, 3});
  REQUIRE(r.wait_stable());
  CHECK(writes_during(r, sec(3)) > 50);
  r.check_clean();
}

// ReconfigTest.testQuorumSystemChange: seven servers switch from majority to group.1=3:4:5,
// group.2=1:2 (weight.1=weight.2=0) by a non-incremental reconfig; with 1, 2, 3, 6 and 7 down,
// servers 4 and 5 work alone; then back to a majority of 1, 2, 3, which work without 4 and 5.
TEST_CASE("hierarchical: testQuorumSystemChange: majority to hierarchical and back, by non-incremental reconfigs") {
  Rig r(7, Configuration{0, {1, 2, 3, 4, 5, 6, 7}, {}}, 3);
  REQUIRE(r.wait_stable());
  const Configuration grouped = layout({1, 2, 3, 4, 5}, {{1, {3, 4, 5}}, {2, {1, 2}}}, {{1, 0}, {2, 0}});
  r.request_members(1, grouped);
  REQUIRE(r.e().wait_until([&] { return r.all_have_voters({1, 2, 3, 4, 5}); }, sec(10)));
  for (NodeId id = 1; id <= 7; ++id) CHECK(r.e().server(id).configuration().hierarchical());
  REQUIRE(r.wait_stable());
  crash_all(r, {1, 2, 3, 6, 7});
  REQUIRE(r.e().wait_until([&] { return r.e().stable({4, 5}); }, sec(20)));
  r.e().cluster().advance_by(sec(3));  // clients reconnect to 4 and 5
  CHECK(writes_during(r, sec(3)) > 50);
  restart_all(r, {1, 2});
  REQUIRE(r.e().wait_until([&] { return r.e().stable({1, 2, 4, 5}); }, sec(20)));
  r.request_members(2, Configuration{0, {1, 2, 3}, {}});
  REQUIRE(r.e().wait_until([&] { return r.all_have_voters({1, 2, 3}); }, sec(10)));
  CHECK(!r.e().server(1).configuration().hierarchical());
  crash_all(r, {4, 5});
  REQUIRE(r.e().wait_until([&] { return r.e().stable({1, 2}); }, sec(20)));
  r.e().cluster().advance_by(sec(3));
  CHECK(writes_during(r, sec(3)) > 50);
  r.check_clean();
}

// ReconfigFailureCasesTest.testIncrementalReconfigInvokedOnHiearchicalQS: once hierarchical, an
// incremental reconfig is refused with BadArguments; a non-incremental one still works.
TEST_CASE("hierarchical: an incremental reconfig of a hierarchical configuration is refused") {
  Rig r(5, Configuration{0, {1, 2, 3, 4, 5}, {}}, 2);
  REQUIRE(r.wait_stable());
  r.request_members(1, layout({1, 2, 3, 4, 5}, {{1, {3, 4, 5}}, {2, {1, 2}}}, {{1, 0}, {2, 0}}));
  REQUIRE(r.e().wait_until([&] { return !r.events(ReconfigPhase::committed, 1).empty(); }, sec(10)));
  REQUIRE(r.wait_stable());
  r.request(2, {}, {}, {3});
  r.e().cluster().advance_by(ms(100));
  REQUIRE(r.events(ReconfigPhase::refused, 2).size() == 1);
  CHECK(r.events(ReconfigPhase::refused, 2).front().refusal == ReconfigRefusal::incremental_on_hierarchical);
  // A layout whose every voter together is no quorum is refused as invalid.
  r.request_members(3, layout({1, 2, 3, 4, 5}, {{1, {1, 2, 3, 4, 5}}}, {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}}));
  r.e().cluster().advance_by(ms(100));
  REQUIRE(r.events(ReconfigPhase::refused, 3).size() == 1);
  CHECK(r.events(ReconfigPhase::refused, 3).front().refusal == ReconfigRefusal::invalid);
  r.check_clean();
}

// Three datacenters of three servers, a group each: losing a datacenter leaves two groups of
// three, a quorum under both rules; two servers lost in each of two datacenters leave five of
// nine, a majority, but one group only: the hierarchical ensemble stops, the majority one goes on.
TEST_CASE("hierarchical: three groups of three survive a group's loss, but not two servers down in each of two") {
  for (bool grouped : {true, false}) {
    CAPTURE(grouped);
    Rig r(9, grouped ? three_by_three() : Configuration{0, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {}}, 3);
    REQUIRE(r.wait_stable());
    crash_all(r, {4, 5, 6});
    REQUIRE(r.e().wait_until([&] { return r.e().stable({1, 2, 3, 7, 8, 9}); }, sec(20)));
    r.e().cluster().advance_by(sec(3));
    CHECK(writes_during(r, sec(3)) > 50);
    restart_all(r, {4, 5, 6});
    REQUIRE(r.wait_stable());
    crash_all(r, {1, 2, 4, 5});
    r.e().cluster().advance_by(sec(15));  // past syncLimit: a leader without a quorum gives up
    const std::size_t writes = writes_during(r, sec(5));
    if (grouped) {
      CHECK(writes == 0);
      CHECK(r.e().leader() == kNoNode);
    } else {
      CHECK(writes > 50);
      CHECK(r.e().leader() != kNoNode);
    }
    restart_all(r, {1, 2, 4, 5});
    REQUIRE(r.wait_stable());
    r.check_clean();
  }
}

// The deliberately broken variant majority_for_hierarchical: its leader commits with a plain
// majority of acknowledgements. Cut off with its own group and one server of each other group
// (five of nine, a majority, but a majority of one group only), it goes on committing until its
// synced check gives up; the other four (two of each other group, a hierarchical quorum) elect and
// establish a leader of their own without those writes, which truncates them once the partition
// heals: the safety checker reports the acknowledged writes lost. The correct protocol, cut the
// same way, commits nothing on the old leader's side, and the checker stays quiet.
TEST_CASE("hierarchical: a leader counting a plain majority under groups is caught by the safety checker") {
  for (bool broken : {true, false}) {
    CAPTURE(broken);
    ProtocolBugs bugs;
    bugs.majority_for_hierarchical = broken;
    Rig r(9, three_by_three(), 9, bugs);
    REQUIRE(r.wait_stable());
    r.e().cluster().advance_by(sec(2));  // every client connected and writing
    const NodeId leader = r.e().leader();
    const NodeId group_first = (leader - 1) / 3 * 3 + 1;
    std::set<NodeId> side;
    for (NodeId id = 1; id <= 9; ++id)
      if ((id >= group_first && id < group_first + 3) || (id - 1) % 3 == 0) side.insert(id);
    REQUIRE(side.size() == 5);
    for (NodeId a : side)
      for (NodeId b = 1; b <= 9; ++b)
        if (!side.count(b)) r.e().cluster().cut(a, b);
    r.e().cluster().advance_by(sec(20));
    r.e().cluster().heal();
    r.e().cluster().advance_by(sec(20));
    if (broken) {
      CHECK(r.checker.violated());
    } else {
      CHECK_MESSAGE(!r.checker.violated(), r.checker.summary());
    }
  }
}
