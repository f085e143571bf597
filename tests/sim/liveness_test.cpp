// The strict liveness judge of zksim check (sim/check/liveness.hpp), on hand-made observation
// streams: the bounds a configuration implies, a late leader, a member that never synchronized.
#include <doctest/doctest.h>

#include "sim/check/liveness.hpp"

using namespace models;
using sim::check::LivenessWatch;

TEST_CASE("liveness: the bounds come from the exit, the election's polls, initLimit x tick and the start-up") {
  const auto b = sim::check::liveness_bounds(2000, 10, 20, 19);
  CHECK(b.leader_s == doctest::Approx(0.02 + 0.2 + 0.2 + 0.4 + 0.8 + 20 + 0.019));
  CHECK(b.synced_s == doctest::Approx(b.leader_s + 20));
  sim::Scenario s;
  s.ensemble.tick_ms = 500;
  s.ensemble.overrides.push_back({2, 14, 0, -1});  // the largest initLimit counts
  CHECK(sim::check::liveness_bounds(s).leader_s == doctest::Approx(0.02 + 1.6 + 7 + 0.019));
}

TEST_CASE("liveness: the watch sees the first leader after the heal, and every member's sync") {
  LivenessWatch w(sec(10), sec(20), Configuration{0, {1, 2, 3}, {}});
  for (NodeId id : {1u, 2u, 3u}) w.record(sec(1), id, ProcessStarted{});
  w.record(sec(2), 3, LeaderEstablished{1});  // before the heal: not counted
  for (NodeId id : {1u, 2u, 3u}) {
    w.record(sec(10), id, ProcessStopped{});
    w.record(sec(10), id, ProcessStarted{});
    w.record(sec(10), id, StateChanged{PeerState::looking});
  }
  CHECK_FALSE(w.first_leader_ns());
  w.record(sec(11), 3, StateChanged{PeerState::leading});
  w.record(sec(12), 3, LeaderEstablished{2});
  w.record(sec(12), 1, StateChanged{PeerState::following});
  w.record(ms(12'100), 1, StateSynced{5});
  REQUIRE(w.first_leader_ns());
  CHECK(*w.first_leader_ns() == sec(12));
  // Server 2 is still LOOKING: it never synchronized after the heal.
  const auto unsynced = w.unsynced_member(sec(30));
  REQUIRE(unsynced);
  CHECK(unsynced->find("server 2 never synchronized") != std::string::npos);
  w.record(sec(25), 2, StateChanged{PeerState::following});
  w.record(sec(26), 2, StateSynced{5});
  CHECK(w.unsynced_member(sec(30)) == std::nullopt);
  CHECK(w.unsynced_member(sec(20))->find("server 2 synchronized 16.0 s after the final heal") != std::string::npos);
  // Server 1 leaves its role again and does not sync back by the end.
  w.record(sec(28), 1, StateChanged{PeerState::looking});
  CHECK(w.unsynced_member(sec(30))->find("server 1 is not synchronized at the end") != std::string::npos);
  // A server stopped at the end is not live: it is not judged.
  w.record(sec(29), 1, ProcessStopped{});
  CHECK(w.unsynced_member(sec(30)) == std::nullopt);
}

TEST_CASE("liveness: the members are those of the newest configuration activated") {
  LivenessWatch w(sec(10), sec(20), Configuration{0, {1, 2, 3}, {}});
  for (NodeId id : {1u, 2u, 3u, 4u}) w.record(sec(1), id, ProcessStarted{});
  ReconfigEvent activated{ReconfigPhase::activated};
  activated.new_config = std::make_shared<const Configuration>(Configuration{5, {1, 2, 4}, {}});
  w.record(sec(5), 1, activated);
  for (NodeId id : {1u, 2u, 4u}) {
    w.record(sec(12), id, StateChanged{PeerState::following});
    w.record(sec(13), id, StateSynced{9});
  }
  CHECK(w.unsynced_member(sec(30)) == std::nullopt);  // 3 was removed: its LOOKING does not count
  w.record(sec(14), 1, RequestCompleted{1, 7, OpKind::write, Status::ok, 0, 9});
  w.record(sec(21), 1, RequestCompleted{1, 8, OpKind::write, Status::ok, 0, 10});
  w.record(sec(22), 1, RequestCompleted{1, 9, OpKind::read, Status::ok, 0, 10});
  CHECK(w.ok_writes() == 1);  // writes from the final window on
}

TEST_CASE("liveness: a leader elected after the heal that refuses a more recent voter it saw wastes a round") {
  LivenessWatch w(sec(10), sec(20), Configuration{0, {1, 2, 3}, {4}});
  for (NodeId id : {1u, 2u, 3u, 4u}) w.record(sec(10), id, StateChanged{PeerState::looking});
  w.record(sec(5), 3, ProbeReached{Probe::newer_learner_refused, 1});  // before the heal: not judged
  w.record(ms(10'500), 3, ElectionFinished{3, 1, 1, sec(10)});
  w.record(sec(11), 3, ProbeReached{Probe::newer_learner_refused, 4});  // an observer: it does not vote
  CHECK_FALSE(w.wasted_round());
  w.record(sec(11), 3, ProbeReached{Probe::newer_learner_refused, 2});
  REQUIRE(w.wasted_round());
  CHECK(w.wasted_round()->find("server 3, elected after the final heal, refused server 2") != std::string::npos);
  CHECK(w.wasted_round()->find("it had 500 ms to see") != std::string::npos);
}

TEST_CASE("liveness: a voter whose election began too late to be seen may be refused (it read more back)") {
  LivenessWatch w(sec(10), sec(20), Configuration{0, {1, 2, 3}, {}});
  for (NodeId id : {1u, 3u}) w.record(sec(10), id, StateChanged{PeerState::looking});
  w.record(ms(10'050), 2, StateChanged{PeerState::looking});  // less than a finalize wait before 3 decides
  w.record(ms(10'200), 3, ElectionFinished{3, 1, 1, sec(10)});
  w.record(sec(11), 3, ProbeReached{Probe::newer_learner_refused, 2});
  CHECK_FALSE(w.wasted_round());
}
