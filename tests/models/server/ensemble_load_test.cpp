// How many messages an ensemble with clients exchanges through crashes and restarts. A run of 5
// voters and 4 clients over 15 s of simulated time once did not finish in 500 s of wall time
// while 3 voters was fast. The cause was the client's ping timer: a client disconnected for more
// than s/3 re-armed it at last_sent + s/3, in the past, so it fired forever at one instant; with 5
// voters a client is more often without a server for that long (fixed in models/client; the
// harness now asserts that no deadline is in the past). This test replays that run and bounds
// the messages delivered, not the wall time, so that any other storm (notifications answering
// notifications, clients reconnecting at the same instant) fails it the same way on every machine.
#include <doctest/doctest.h>

#include "analysis/checkers/safety_checker.hpp"
#include "tests/models/server/ensemble.hpp"

using namespace models;
using zk_test::Ensemble;
using zk_test::EnsembleOptions;

namespace {

struct LoadRun {
  std::size_t messages = 0;
  std::size_t acknowledged_writes = 0;
  bool violated = false;
};

// Crashes the leader, then a follower, powers off another, and restarts them all, over 15 s.
LoadRun crashes_and_restarts(int voters, int clients) {
  analysis::SafetyChecker checker;
  EnsembleOptions o;
  o.voters = voters;
  o.clients = clients;
  o.session_timeout_ns = sec(6);
  o.recorder = &checker;
  Ensemble e(o);
  e.cluster().advance_by(sec(3));
  const NodeId first_leader = e.leader();
  REQUIRE(first_leader != kNoNode);
  e.cluster().crash(first_leader);
  e.cluster().advance_by(sec(3));
  const NodeId follower = first_leader == 1 ? 2 : 1;
  const NodeId powered_off = first_leader == 3 ? 2 : 3;
  e.cluster().crash(follower);
  e.cluster().advance_by(sec(2));
  e.cluster().restart(first_leader);
  e.cluster().power_off(powered_off);
  e.cluster().advance_by(sec(2));
  e.cluster().restart(follower);
  e.cluster().restart(powered_off);
  e.cluster().advance_by(sec(5));
  return LoadRun{e.cluster().messages_delivered(), e.acknowledged_writes(), checker.violated()};
}

}  // namespace

// Measured: 3 voters about 8,600 messages and 790 acknowledged writes, 5 voters about 21,700
// and 1,250 (java clients fail what they queued with every refused attempt and pause between
// attempts, so fewer writes go through the faults than when they kept their queue; 4 clients at 50 operations/s, half of them writes: a write costs the client's request
// and reply, a forward, and a proposal, an ack and a commit per follower; plus pings, the
// elections and the syncs). The bounds leave about 40% of headroom; a storm exceeds them by far.
TEST_CASE("server: 5 voters and 4 clients through crashes and restarts deliver a bounded number of messages") {
  for (const auto& [voters, messages_max] : {std::pair{3, std::size_t{22'000}}, std::pair{5, std::size_t{30'000}}}) {
    CAPTURE(voters);
    const LoadRun run = crashes_and_restarts(voters, 4);
    MESSAGE(voters << " voters: " << run.messages << " messages, " << run.acknowledged_writes << " writes acknowledged");
    CHECK(run.messages <= messages_max);
    CHECK(run.acknowledged_writes >= 500);  // the ensemble did serve: the bound is not met by idling
    CHECK_FALSE(run.violated);
  }
}
