// Leader failures and how they are detected: a crash resets connections (noticed at once), a
// power-off or an isolation closes nothing (noticed only by syncLimit timeouts).
#include <doctest/doctest.h>

#include "tests/models/server/ensemble.hpp"

using namespace models;
using zk_test::Ensemble;
using zk_test::EnsembleOptions;
using zk_test::with;

namespace {

bool has_other_leader(Ensemble& e, NodeId old) {
  for (NodeId id : e.established_leaders())
    if (id != old) return true;
  return false;
}

// Kills the leader (crash or power-off), measures how long until another leader is established,
// checks writes resume and the old leader rejoins as a follower. Returns the outage.
Time fail_leader_and_recover(Ensemble& e, bool crash) {
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(2));
  const NodeId old = e.leader();
  const Epoch old_epoch = e.server(old).zab().current_epoch();
  const Time failed_at = e.cluster().now();
  if (crash) e.cluster().crash(old);
  else e.cluster().power_off(old);
  REQUIRE(e.wait_until([&] { return has_other_leader(e, old); }, sec(30), ms(1)));
  const Time outage_ns = e.cluster().now() - failed_at;
  const NodeId successor = e.leader();
  CHECK(e.server(successor).zab().current_epoch() > old_epoch);
  const std::size_t acked = e.acknowledged_writes();
  e.cluster().advance_by(sec(6));
  CHECK(e.acknowledged_writes() > acked + 50);  // writes resume under the new leader
  e.cluster().restart(old);
  REQUIRE(e.wait_stable(sec(5)));
  CHECK(e.server(old).state() == PeerState::following);
  e.cluster().advance_by(sec(1));
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
  return outage_ns;
}

}  // namespace

TEST_CASE("zab: a leader process crash is noticed at once, and a new leader takes over and the old one rejoins") {
  for (int n : {3, 5}) {
    CAPTURE(n);
    Ensemble e(with(n, 3, sec(6)));
    const Time outage_ns = fail_leader_and_recover(e, true);
    CHECK(outage_ns < ms(1000));  // the election's finalize wait and a few round trips
  }
}

TEST_CASE("zab: a leader power-off is noticed only by timeouts, about syncLimit x tickTime later") {
  for (int n : {3, 5}) {
    CAPTURE(n);
    Ensemble crashed(with(n, 3, sec(6)));
    const Time crash_outage_ns = fail_leader_and_recover(crashed, true);
    Ensemble powered_off(with(n, 3, sec(6)));
    const Time outage_ns = fail_leader_and_recover(powered_off, false);
    const Time sync_timeout_ns = powered_off.options().tick_ns * powered_off.options().sync_limit_ticks;
    CHECK(outage_ns >= sync_timeout_ns - powered_off.options().tick_ns);
    CHECK(outage_ns <= sync_timeout_ns + sec(2));
    CHECK(outage_ns > crash_outage_ns);
  }
}

TEST_CASE("zab: a follower crash leaves the leader its quorum") {
  Ensemble e(with(3, 3, sec(6)));
  REQUIRE(e.wait_stable(sec(5)));
  const NodeId leader = e.leader();
  const NodeId follower = leader == 1 ? 2 : 1;
  e.cluster().crash(follower);
  const std::size_t acked = e.acknowledged_writes();
  e.cluster().advance_by(sec(15));
  CHECK(e.leader() == leader);
  CHECK(e.count<LeadershipLost>() == 0);
  CHECK(e.acknowledged_writes() > acked + 100);
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("zab: a leader isolated from all steps down after syncLimit ticks and commits nothing meanwhile") {
  Ensemble e(with(3, 3, sec(6)));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(1));
  const NodeId old = e.leader();
  const Time isolated_at = e.cluster().now();
  e.cluster().isolate(old);
  REQUIRE(e.wait_until([&] { return has_other_leader(e, old); }, sec(30), ms(1)));
  REQUIRE(e.wait_until([&] { return e.server(old).state() == PeerState::looking; }, sec(30), ms(1)));
  const Time stepped_down_at = *e.first_after<LeadershipLost>(old, isolated_at);
  const Time sync_timeout_ns = e.options().tick_ns * e.options().sync_limit_ticks;
  CHECK(stepped_down_at - isolated_at >= sync_timeout_ns - e.options().tick_ns);
  CHECK(stepped_down_at - isolated_at <= sync_timeout_ns + e.options().tick_ns);
  for (const auto& [t, d] : e.all<TxnDelivered>(old)) CHECK((t <= isolated_at + ms(5) || t > stepped_down_at));
  e.cluster().heal();
  REQUIRE(e.wait_stable(sec(10)));
  CHECK(e.server(old).state() == PeerState::following);
  e.cluster().advance_by(sec(1));
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("zab: two leaders' terms overlap in time, but the isolated old leader cannot commit") {
  EnsembleOptions o = with(3, 0, sec(6));
  // The old leader is configured with a longer syncLimit, so it surely outlives the election of
  // its successor: the overlap the protocol must survive, however it comes about.
  o.tweak = [](ServerConfig& c) {
    if (c.id == 3) c.sync_limit_ticks = 10;
  };
  Ensemble e(o);
  REQUIRE(e.wait_stable(sec(5)));
  const NodeId old = e.leader();
  REQUIRE(old == 3);
  e.partition({old}, {1, 2});
  const Time isolated_at = e.cluster().now();
  for (std::uint64_t cxid = 1; cxid <= 20; ++cxid) e.inject_write(old, kFirstClientId + 50, cxid);
  REQUIRE(e.wait_until([&] { return has_other_leader(e, old); }, sec(30), ms(1)));
  CHECK(e.server(old).zab().established_leader());  // two established leaders at once
  const NodeId successor = e.established_leaders().front() == old ? e.established_leaders().back()
                                                                  : e.established_leaders().front();
  for (std::uint64_t cxid = 1; cxid <= 20; ++cxid) e.inject_write(successor, kFirstClientId + 51, cxid);
  e.cluster().advance_by(sec(1));
  CHECK(e.server(old).zab().last_zxid() > e.server(old).zab().history().committed_zxid());  // proposed, never committed
  REQUIRE(e.wait_until([&] { return e.server(old).state() == PeerState::looking; }, sec(30), ms(10)));
  CHECK(e.all<TxnDelivered>(old).empty());
  CHECK(e.first_after<LeadershipLost>(old, isolated_at).has_value());
  e.cluster().heal();
  REQUIRE(e.wait_stable(sec(10)));
  e.cluster().advance_by(sec(1));
  // Its uncommitted proposals are dropped: they are older than the successor's whole log (of a newer
  // epoch), so ZooKeeper 3.8 sends a SNAP (it never truncates across an epoch).
  CHECK(e.received(old, "snap") == 1);
  CHECK(e.server(old).zab().history().committed_zxid() == e.server(e.leader()).zab().history().committed_zxid());
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("zab: a minority partition stops serving and catches up after the heal") {
  Ensemble e(with(5, 4, sec(6)));
  REQUIRE(e.wait_stable(sec(5)));
  const NodeId leader = e.leader();
  std::vector<NodeId> majority{leader}, minority;
  for (NodeId id : e.servers)
    if (id != leader) (majority.size() < 3 ? majority : minority).push_back(id);
  e.partition(majority, minority);
  e.cluster().advance_by(sec(15));
  CHECK(e.leader() == leader);
  for (NodeId id : minority) CHECK_FALSE(e.server(id).serving());
  const std::size_t acked = e.acknowledged_writes();
  e.cluster().advance_by(sec(2));
  CHECK(e.acknowledged_writes() > acked);
  e.cluster().heal();
  REQUIRE(e.wait_stable(sec(10)));
  CHECK(e.leader() == leader);
  e.cluster().advance_by(sec(1));
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("zab: when the leader is cut off with a minority, the majority elects anew and all converge after the heal") {
  Ensemble e(with(5, 4, sec(6)));
  REQUIRE(e.wait_stable(sec(5)));
  const NodeId old = e.leader();
  std::vector<NodeId> with_old{old}, others;
  for (NodeId id : e.servers)
    if (id != old) (with_old.size() < 2 ? with_old : others).push_back(id);
  e.partition(with_old, others);
  REQUIRE(e.wait_until([&] { return has_other_leader(e, old) && !e.server(old).zab().established_leader(); },
                       sec(30), ms(5)));
  const std::size_t acked = e.acknowledged_writes();
  e.cluster().advance_by(sec(3));
  CHECK(e.acknowledged_writes() > acked);
  e.cluster().heal();
  REQUIRE(e.wait_stable(sec(10)));
  CHECK(e.leader() != old);
  e.cluster().advance_by(sec(1));
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}
