// The membership section's counts on a hand-made observation stream.
#include <doctest/doctest.h>

#include <memory>

#include "analysis/metrics/membership_metrics.hpp"
#include "analysis/report/membership_report.hpp"

using namespace models;

TEST_CASE("membership: sessions moved counts the moves the change caused, not reconnects after failures") {
  analysis::MembershipMetrics m(sec(1));
  const std::size_t change = m.begin_change(sec(2), "add_servers", "add 2", 0);
  m.add_request(change, 7);
  auto config = std::make_shared<const Configuration>(Configuration{1, {1, 2, 3, 4, 5}, {}});
  m.record(sec(2), 1, ReconfigEvent{ReconfigPhase::requested, 7, 0, ReconfigRefusal::none, nullptr, nullptr});
  m.record(sec(3), 1, ReconfigEvent{ReconfigPhase::committed, 7, 1, ReconfigRefusal::none, nullptr, config});
  const NodeId client = kFirstClientId;
  m.record(ms(3100), client, SessionMoved{1, 4, MoveCause::rebalance});
  m.record(ms(3200), client + 1, SessionMoved{2, 5, MoveCause::rebalance});
  m.record(ms(3300), client + 2, SessionMoved{3, 1, MoveCause::reconnect});  // its server crashed
  m.record(ms(3400), client + 3, SessionMoved{3, 2, MoveCause::strategy});
  m.finish(sec(10));
  REQUIRE(m.changes().size() == 1);
  CHECK(m.changes()[0].sessions_moved == 2);
}

TEST_CASE("membership: a change in a read-only phase reports no write stall; with writes waiting, their gap") {
  for (const bool writes : {false, true}) {
    CAPTURE(writes);
    analysis::MembershipMetrics m(sec(1));
    const std::size_t change = m.begin_change(sec(2), "add_servers", "add 2", 0);
    m.add_request(change, 7);
    auto config = std::make_shared<const Configuration>(Configuration{1, {1, 2, 3, 4, 5}, {}});
    m.record(sec(2), 1, ReconfigEvent{ReconfigPhase::requested, 7, 0, ReconfigRefusal::none, nullptr, nullptr});
    if (writes) m.record(ms(2500), kFirstClientId, RequestIssued{1, 1, OpKind::write});
    m.record(sec(3), 1, ReconfigEvent{ReconfigPhase::committed, 7, 1, ReconfigRefusal::none, nullptr, config});
    m.finish(sec(10));
    const auto stall = analysis::membership_json(m)["changes"][0]["write_stall_ms"];
    CHECK(stall.is_null() == !writes);
    if (writes) CHECK(stall.get<double>() > 0);  // issued, never answered: stalled to the window's end
  }
}
