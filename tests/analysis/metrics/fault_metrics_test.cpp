// What the clients saw of each fault, from hand-made observation streams, against figures worked
// out by hand.
#include <doctest/doctest.h>

#include "analysis/metrics/fault_metrics.hpp"

#include <algorithm>

using namespace models;
using analysis::FaultKind;
using analysis::FaultMetrics;

namespace {

constexpr NodeId kClient1 = kFirstClientId, kClient2 = kFirstClientId + 1, kClient3 = kFirstClientId + 2;

// Observations given in any order, played to the metrics in time order (ties as given), as the
// runtimes' recorder does.
class TimeOrderedStream {
 public:
  explicit TimeOrderedStream(FaultMetrics& m) : m_(m) {}
  ~TimeOrderedStream() { play(); }
  void record(Time at_ns, NodeId node, Observation what) { held_.push_back({at_ns, node, std::move(what)}); }
  void play() {
    std::stable_sort(held_.begin(), held_.end(), [](const auto& a, const auto& b) { return a.time_ns < b.time_ns; });
    for (const auto& e : held_) m_.record(e.time_ns, e.node, e.what);
    held_.clear();
  }

 private:
  FaultMetrics& m_;
  std::vector<analysis::MemoryRecorder::Entry> held_;
};

void completed(TimeOrderedStream& m, Time at_ns, NodeId client, OpKind kind, Status status = Status::ok) {
  m.record(at_ns, client, RequestCompleted{1, 0, kind, status, at_ns - ms(1), 0});
}
void established(TimeOrderedStream& m, Time at_ns, NodeId client, NodeId server = 1, bool fresh = false) {
  m.record(at_ns, client, SessionEstablished{server, 7, fresh});
}
// Every process starts at 0 (first starts are no faults) and the clients connect.
void start(TimeOrderedStream& m, std::initializer_list<NodeId> clients) {
  for (NodeId server : {1u, 2u, 3u}) m.record(0, server, ProcessStarted{});
  for (NodeId client : clients) established(m, ms(10), client, 1, true);
}

}  // namespace

TEST_CASE("fault metrics: a leader crash and its restart share one write gap; reads go on") {
  FaultMetrics metrics(sec(1));
  TimeOrderedStream m(metrics);
  start(m, {kClient1, kClient2});
  completed(m, sec(1), kClient1, OpKind::write);
  completed(m, sec(2), kClient1, OpKind::write);
  for (Time t = ms(500); t <= sec(8); t += ms(500)) completed(m, t, kClient2, OpKind::read);
  m.record(sec(3), 3, ProcessStopped{false});
  completed(m, ms(3001), kClient1, OpKind::write, Status::connection_loss);  // its server's reset
  m.record(sec(4), 3, ProcessStarted{});
  established(m, ms(5500), kClient1, 2);
  completed(m, sec(6), kClient1, OpKind::write);
  completed(m, ms(6100), kClient1, OpKind::write);
  m.play();
  metrics.finish(sec(10));
  REQUIRE(metrics.faults().size() == 2);
  const auto& crash = metrics.faults()[0];
  const auto& restart = metrics.faults()[1];
  CHECK(crash.kind == FaultKind::crash);
  CHECK(crash.target == "server 3");
  CHECK(crash.at_ns == sec(3));
  CHECK(restart.kind == FaultKind::restart);
  CHECK(restart.at_ns == sec(4));
  for (const auto* f : {&crash, &restart}) {  // (2, 6) holds both events
    CHECK(f->write_gap.start_ns == sec(2));
    CHECK(f->write_gap.length_ns == sec(4));
    CHECK(f->read_gap.length_ns == ms(500));
  }
  CHECK(crash.clients_disconnected == 1);
  CHECK(crash.clients_not_reconnected == 0);
  REQUIRE(crash.last_reconnected_ns);
  CHECK(*crash.last_reconnected_ns - crash.at_ns == ms(2500));
  CHECK(restart.clients_disconnected == 0);
  CHECK(crash.sessions_expired == 0);
}

TEST_CASE("fault metrics: a follower's freeze that no client notices") {
  FaultMetrics metrics(sec(1));
  TimeOrderedStream m(metrics);
  start(m, {kClient1});
  for (Time t = ms(100); t <= sec(10); t += ms(100)) completed(m, t, kClient1, t % ms(200) ? OpKind::write : OpKind::read);
  m.record(ms(5050), 2, ProcessPaused{sec(2)});
  m.record(ms(7050), 2, ProcessResumed{});
  m.play();
  metrics.finish(sec(10));
  REQUIRE(metrics.faults().size() == 1);
  const auto& freeze = metrics.faults()[0];
  CHECK(freeze.kind == FaultKind::freeze);
  CHECK(freeze.duration_ns == sec(2));
  CHECK(freeze.write_gap.length_ns == ms(200));  // writes at odd tenths, reads at even ones
  CHECK(freeze.read_gap.length_ns == ms(200));
  CHECK(freeze.clients_disconnected == 0);
  CHECK(!freeze.last_reconnected_ns);
  CHECK(freeze.sessions_expired == 0);
}

TEST_CASE("fault metrics: a client that never reconnects leaves the reconnection time unknown") {
  FaultMetrics metrics(sec(1));
  TimeOrderedStream m(metrics);
  start(m, {kClient1, kClient2});
  completed(m, sec(1), kClient1, OpKind::write);
  m.record(sec(2), 1, ProcessStopped{true});
  completed(m, ms(2500), kClient1, OpKind::write, Status::connection_loss);
  completed(m, ms(2600), kClient1, OpKind::write, Status::connection_loss);  // queued while away: counted once
  completed(m, sec(3), kClient2, OpKind::read, Status::connection_loss);
  established(m, sec(4), kClient2, 2);
  m.play();
  metrics.finish(sec(10));
  const auto& off = metrics.faults()[0];
  CHECK(off.kind == FaultKind::power_off);
  CHECK(off.clients_disconnected == 2);
  CHECK(off.clients_not_reconnected == 1);
  CHECK(!off.last_reconnected_ns);
  CHECK(off.write_gap.start_ns == sec(1));  // no write since: the gap runs to the end
  CHECK(off.write_gap.length_ns == sec(9));
  CHECK(off.read_gap.length_ns == sec(10));  // no read ever succeeded
}

TEST_CASE("fault metrics: idle clients, expired sessions and losses noticed late count for the latest fault") {
  FaultMetrics metrics(sec(1));
  TimeOrderedStream m(metrics);
  start(m, {kClient1, kClient2, kClient3});
  m.record(sec(10), 2, ProcessStopped{true});
  established(m, sec(12), kClient1, 3);  // nothing in flight: lost and back at once
  completed(m, sec(15), kClient2, OpKind::read, Status::connection_loss);  // noticed by its read timeout
  m.record(sec(20), 2, ProcessStarted{});
  completed(m, sec(21), kClient3, OpKind::write, Status::connection_loss);
  m.record(sec(21) + ms(500), 1, SessionClosed{7, 2, true});  // the leader expired it
  m.record(sec(22), kClient3, SessionExpired{3, 7, 4, false});
  established(m, sec(23), kClient3, 3, true);
  established(m, sec(25), kClient2, 3);  // its loss was the power-off's, not the restart's
  m.play();
  metrics.finish(sec(30));
  REQUIRE(metrics.faults().size() == 2);
  const auto& off = metrics.faults()[0];
  const auto& restart = metrics.faults()[1];
  CHECK(off.clients_disconnected == 2);
  REQUIRE(off.last_reconnected_ns);
  CHECK(*off.last_reconnected_ns == sec(25));
  CHECK(restart.clients_disconnected == 1);
  CHECK(restart.sessions_expired == 1);
  CHECK(restart.ephemerals_deleted == 2);
  CHECK(restart.expiries_seen_by_clients == 1);
  CHECK(restart.watches_lost == 4);
  CHECK(off.sessions_expired == 0);
  REQUIRE(restart.last_reconnected_ns);
  CHECK(*restart.last_reconnected_ns - restart.at_ns == sec(3));
}

TEST_CASE("fault metrics: a running process restarted is one restart; first starts and losses before any fault are none") {
  FaultMetrics metrics(sec(1));
  TimeOrderedStream m(metrics);
  start(m, {kClient1});
  m.record(sec(1), kClient1, ProcessStarted{});  // a client process starting: no fault
  completed(m, sec(2), kClient1, OpKind::write, Status::connection_loss);  // before any fault
  established(m, sec(3), kClient1, 2);
  m.record(sec(5), 3, ProcessStopped{false});
  m.record(sec(5), 3, ProcessStarted{});
  m.record(sec(6), kNoNode, NetworkPartitioned{{{1, 2}, {3}}, 1, false});
  m.record(sec(7), kNoNode, NetworkPartitioned{{{1}, {2, 3}}, -1, true});
  m.play();
  metrics.finish(sec(8));
  REQUIRE(metrics.faults().size() == 3);
  CHECK(metrics.faults()[0].kind == FaultKind::restart);
  CHECK(metrics.faults()[0].clients_disconnected == 0);
  CHECK(metrics.faults()[1].kind == FaultKind::partition);
  CHECK(metrics.faults()[1].node == kNoNode);
  CHECK(metrics.faults()[1].target == "{1,2} | {3}, clients with {3}");
  CHECK(metrics.faults()[2].target == "{1} -> {2,3}");
}

TEST_CASE("fault metrics: the operator's shutdown of a removed server is no fault; a crash is") {
  FaultMetrics m;
  m.record(sec(2), 5, ProcessStopped{false, true});  // removed by a membership change, then shut down
  m.record(sec(4), 1, ProcessStopped{false, false});
  m.finish(sec(6));
  REQUIRE(m.faults().size() == 1);
  CHECK(m.faults()[0].node == 1);
  CHECK(m.faults()[0].kind == FaultKind::crash);
}

TEST_CASE("fault metrics: the expiry storm is the most expiries within one second, per fault and over the run") {
  FaultMetrics metrics(sec(1));
  TimeOrderedStream m(metrics);
  m.record(sec(1), 1, SessionClosed{1, 0, true});  // before any fault: the run's only
  m.record(sec(2), 2, ProcessStopped{false});
  for (int i = 0; i < 3; ++i) m.record(sec(10) + ms(400 * i), 1, SessionClosed{SessionId(10 + i), 1, true});  // 0.8 s apart at most
  m.record(sec(11) + ms(100), 1, SessionClosed{20, 0, true});  // the first of those is 1.1 s before
  m.record(sec(12), 1, SessionClosed{21, 0, false});  // a client's own close is no expiry
  m.play();
  metrics.finish(sec(20));
  REQUIRE(metrics.faults().size() == 1);
  CHECK(metrics.faults()[0].sessions_expired == 4);
  CHECK(metrics.faults()[0].ephemerals_deleted == 3);
  CHECK(metrics.faults()[0].expiry_storm.peak_per_s() == 3);
  CHECK(metrics.faults()[0].expiry_storm.peak_start_ns() == sec(10));
  CHECK(metrics.sessions_expired() == 5);
  CHECK(metrics.expiry_storm().peak_per_s() == 3);
}
