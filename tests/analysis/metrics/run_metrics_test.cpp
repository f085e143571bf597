// The documents' formulas from a synthetic observation stream, against answers computed by hand.
#include <doctest/doctest.h>

#include "analysis/metrics/run_metrics.hpp"

using namespace models;
using analysis::MetricsWindow;
using analysis::RunMetrics;

namespace {

// Window: warm-up until 2 s, end at 10 s, 1 s intervals: 8 s measured.
RunMetrics make_metrics() { return RunMetrics(MetricsWindow{sec(2), sec(10), sec(1)}); }

void complete(RunMetrics& m, Time at_ns, Time latency_ns, OpKind kind = OpKind::read, Status status = Status::ok) {
  m.record(at_ns, kFirstClientId, RequestCompleted{1, 0, kind, status, at_ns - latency_ns, 0});
}

}  // namespace

TEST_CASE("metrics: throughput counts ok requests of the measured window only, over the measured time") {
  RunMetrics m = make_metrics();
  complete(m, ms(1500), ms(1));                          // in the warm-up: not measured
  for (int i = 0; i < 16; ++i) complete(m, sec(2) + ms(500) * i, ms(2));
  complete(m, sec(9), ms(2), OpKind::write, Status::connection_loss);
  m.finish();
  CHECK(m.ok() == 16);
  CHECK(m.failed() == 1);
  CHECK(m.measured_seconds() == 8.0);
  CHECK(m.throughput_per_s() == 2.0);  // Throughput = Requests / Time = 16 / 8
  CHECK(m.client_availability() == doctest::Approx(16.0 / 17));
  // Latency = Time / Requests: 16 requests of 2 ms each.
  CHECK(m.latency().mean_ns() == doctest::Approx(ms(2)));
  // The warm-up request still shows in its interval's series.
  CHECK(m.intervals()[1].ok == 1);
}

TEST_CASE("metrics: percentiles take the smallest value with at least q of the requests at or below it") {
  RunMetrics m = make_metrics();
  // Latencies 1..100 ms, one each: p50 = 50 ms, p90 = 90, p99 = 99, max = 100 (each within the
  // histogram's bounded relative error, reported upper bucket edges).
  for (int i = 1; i <= 100; ++i) complete(m, sec(3), ms(i));
  m.finish();
  const auto& h = m.latency(OpKind::read);
  const double error = h.relative_error();
  for (auto [q, expected_ms] : {std::pair{0.5, 50.0}, {0.9, 90.0}, {0.99, 99.0}, {1.0, 100.0}}) {
    const double got_ms = to_ms(h.percentile_ns(q));
    CHECK(got_ms >= expected_ms);
    CHECK(got_ms <= expected_ms * (1 + error));
  }
  CHECK(m.latency(OpKind::write).count() == 0);
  CHECK(m.latency(OpKind::write).percentile_ns(0.99) == 0);  // empty: zeros, not garbage
}

TEST_CASE("metrics: service availability is the share of the window with an established leader") {
  RunMetrics m = make_metrics();
  m.record(ms(500), 3, LeaderEstablished{1});
  m.record(sec(4), 3, ProcessStopped{false});       // down from 4 s ...
  m.record(ms(4300), 2, LeaderEstablished{2});      // ... to 4.3 s
  m.record(sec(6), 2, ProcessPaused{sec(1)});       // a frozen leader commits nothing: 6 s ...
  m.record(sec(7), 2, ProcessResumed{});            // ... to 7 s
  m.finish();
  // Down 0.3 s + 1 s of the 8 s measured.
  CHECK(m.service_availability() == doctest::Approx((8.0 - 1.3) / 8.0));
  REQUIRE(m.outages().size() == 2);
  CHECK(m.outages()[0].start_ns == sec(4));
  CHECK(m.outages()[0].end_ns == ms(4300));
  CHECK(m.outages()[1].end_ns == sec(7));
  // The 4..5 s interval had a leader for 0.7 s.
  CHECK(m.intervals()[4].leader_ns == ms(700));
  // Each leader's term, with the epoch it led.
  REQUIRE(m.leaderships().size() == 2);
  CHECK(m.leaderships()[0].server == 3);
  CHECK(m.leaderships()[0].to_ns == sec(4));
  CHECK_FALSE(m.leaderships()[1].to_ns.has_value());
}

TEST_CASE("metrics: a hand-over from one leader to the next leaves no gap, and empty intervals stay empty") {
  RunMetrics m = make_metrics();
  m.record(0, 1, LeaderEstablished{1});
  m.record(sec(5), 2, LeaderEstablished{2});
  m.finish();
  CHECK(m.service_availability() == 1.0);
  CHECK(m.outages().empty());
  CHECK(m.intervals().size() == 10);
  CHECK(m.intervals()[7].ok == 0);
  CHECK(m.intervals()[7].latency.count() == 0);
  CHECK(m.throughput_per_s() == 0);
}

TEST_CASE("metrics: per-server load counts what each server answered in the window (L = R / S)") {
  RunMetrics m = make_metrics();
  for (int i = 0; i < 6; ++i) m.record(sec(3), 1, RequestServed{kFirstClientId, OpKind::read});
  for (int i = 0; i < 2; ++i) m.record(sec(3), 2, RequestServed{kFirstClientId, OpKind::write});
  m.record(sec(1), 2, RequestServed{kFirstClientId, OpKind::read});  // warm-up
  m.finish();
  CHECK(m.served_by_server().at(1) == 6);
  CHECK(m.served_by_server().at(2) == 2);
}

TEST_CASE("metrics: S of L = R / S counts the servers that served in the measured window, not every one that existed") {
  RunMetrics m = make_metrics();
  for (NodeId id : {1u, 2u, 3u, 4u}) m.record(ms(100), id, StateChanged{PeerState::following});
  m.record(sec(1), 3, ProcessStopped{});                       // gone before the window: not counted
  m.record(sec(1), 4, StateChanged{PeerState::looking});       // looking from before the window on
  m.record(sec(5), 5, StateChanged{PeerState::looking});       // added, never served
  m.record(sec(6), 2, ProcessStopped{});                       // served part of the window: counted
  m.record(sec(11), 6, StateChanged{PeerState::observing});    // after the end: not counted
  m.finish();
  CHECK(m.servers_serving() == 2);  // servers 1 and 2
}

TEST_CASE("metrics: a server a membership change removed is shown as removed") {
  RunMetrics m = make_metrics();
  auto five = std::make_shared<const Configuration>(Configuration{2, {1, 2, 3, 4}, {}});
  m.record(sec(3), 1, ReconfigEvent{ReconfigPhase::activated, 1, 2, ReconfigRefusal::none, nullptr, five});
  m.record(sec(4), 6, ProcessStopped{false, true});  // an observer removed, then shut down
  m.finish();
  CHECK(m.removed(5));
  CHECK(m.removed(6));
  CHECK_FALSE(m.removed(4));
}

TEST_CASE("metrics: a leader cut from its quorum is down from the cut, not from when it notices, with the cause") {
  RunMetrics m = make_metrics();
  m.set_configuration(models::Configuration{0, {1, 2, 3, 4, 5}, {}});
  for (NodeId id : {1u, 2u, 3u, 4u}) m.record(ms(100), id, StateChanged{PeerState::following});
  m.record(ms(100), 5, StateChanged{PeerState::leading});
  m.record(ms(200), 5, LeaderEstablished{1});
  m.record(sec(4), kNoNode, NetworkPartitioned{{{5, 1}, {2, 3, 4}}, -1, false});  // 5 reaches 2 of 5
  m.record(sec(6), 5, StateChanged{PeerState::looking});                          // it notices at last
  m.record(sec(7), 4, StateChanged{PeerState::leading});
  m.record(sec(7), 4, LeaderEstablished{2});
  m.record(sec(8), 2, ProcessPaused{sec(1)});   // 4 still reaches 3 and itself: a quorum
  m.record(sec(8), 3, ProcessPaused{sec(1)});   // now 4 reaches only itself
  m.record(sec(9), 2, ProcessResumed{});
  m.record(sec(9), 3, ProcessResumed{});  // 4, 2 and 3: a quorum again (1 is cut, 5 looking)
  m.finish();
  REQUIRE(m.outages().size() == 2);
  CHECK(m.outages()[0].start_ns == sec(4));
  CHECK(m.outages()[0].end_ns == sec(7));
  CHECK(m.outages()[0].cause == "leader 5 reaches 2 of 5 voters (partition)");
  CHECK(m.outages()[1].start_ns == sec(8));
  CHECK(m.outages()[1].end_ns == sec(9));
  CHECK(m.outages()[1].cause.find("followers paused") != std::string::npos);
  // Up from 2 s to 4, 7 to 8, 9 to 10: 4 s of the 8 measured.
  CHECK(m.service_availability() == doctest::Approx(0.5));
}

TEST_CASE("metrics: without the voters known, an established leader counts as up until it steps down") {
  RunMetrics m = make_metrics();
  m.record(ms(200), 5, LeaderEstablished{1});
  m.record(sec(4), kNoNode, NetworkPartitioned{{{5}, {1, 2}}, -1, false});
  m.finish();
  CHECK(m.outages().empty());
  CHECK(m.service_availability() == 1.0);
}

TEST_CASE("metrics: with the callers' deadline, a request answered late or never fails at its deadline") {
  RunMetrics m(MetricsWindow{sec(2), sec(10), sec(1), ms(500)});
  const auto sent = [&](Time at_ns, std::uint64_t cxid) { m.record(at_ns, kFirstClientId, RequestIssued{1, cxid, OpKind::write}); };
  const auto answered = [&](Time at_ns, std::uint64_t cxid, Time issued_ns) {
    m.record(at_ns, kFirstClientId, RequestCompleted{1, cxid, OpKind::write, Status::ok, issued_ns, 0});
  };
  sent(sec(3), 1);
  answered(sec(3) + ms(100), 1, sec(3));  // in time
  sent(sec(4), 2);
  answered(sec(6) + ms(200), 2, sec(4));  // 2.2 s: failed for its caller at 4.5 s
  sent(sec(5), 5);  // lost a second later: failed at 5.5 s, when its caller gave up
  m.record(sec(6), kFirstClientId, RequestCompleted{1, 5, OpKind::write, Status::connection_loss, sec(5), 0});
  sent(sec(7), 3);                        // never answered: failed at 7.5 s
  sent(sec(9) + ms(800), 4);              // its deadline is past the end: not counted
  m.finish();
  CHECK(m.ok() == 1);
  CHECK(m.failed() == 3);
  CHECK(m.failed_by_deadline() == 3);
  CHECK(m.intervals()[5].failed == 1);
  CHECK(m.latency().count() == 1);  // the late answer's caller had stopped waiting
  CHECK(m.intervals()[4].failed == 1);
  CHECK(m.intervals()[6].ok == 0);
  CHECK(m.intervals()[7].failed == 1);
}

TEST_CASE("metrics: an interval in which requests waited and none was answered is marked, one without requests is not") {
  RunMetrics m = make_metrics();
  m.record(sec(3), kFirstClientId, RequestIssued{1, 1, OpKind::write});
  m.record(sec(5) + ms(500), kFirstClientId, RequestCompleted{1, 1, OpKind::write, Status::ok, sec(3), 0});
  m.record(sec(8) + ms(100), kFirstClientId, RequestIssued{1, 2, OpKind::read});  // open at the end
  m.finish();
  const auto& i = m.intervals();
  CHECK(!i[2].waited);
  CHECK(i[3].waited);
  CHECK(i[4].waited);  // no answer in it: stuck, drawn as zero availability
  CHECK(i[5].waited);
  CHECK(!i[6].waited);  // nothing asked: nothing to say
  CHECK(!i[7].waited);
  CHECK(i[8].waited);
  CHECK(i[9].waited);
}
