#include <doctest/doctest.h>

#include <string>

#include "analysis/checkers/safety_checker.hpp"

using namespace models;
using analysis::SafetyChecker;
using analysis::ViolationKind;

namespace {

constexpr NodeId kClientA = kFirstClientId;
constexpr NodeId kClientB = kFirstClientId + 1;

constexpr Zxid z1(std::uint32_t counter) { return make_zxid(1, counter); }
constexpr Zxid z2(std::uint32_t counter) { return make_zxid(2, counter); }

// A synthetic observation stream: each call records one observation, 1 ms after the previous one,
// and returns its position so that tests can say which observation must be blamed.
struct Stream {
  Stream() = default;
  explicit Stream(analysis::SafetyCheckerOptions options) : checker(options) {}
  SafetyChecker checker;
  Time time_ns = 0;
  std::uint64_t next = 0;

  std::uint64_t add(NodeId node, const Observation& what) {
    time_ns += ms(1);
    checker.record(time_ns, node, what);
    return next++;
  }
  std::uint64_t leader(NodeId node, Epoch epoch) { return add(node, LeaderEstablished{epoch}); }
  std::uint64_t synced(NodeId node, Zxid zxid) { return add(node, StateSynced{zxid}); }
  std::uint64_t deliver(NodeId node, Zxid zxid, NodeId client, std::uint64_t cxid) {
    return add(node, TxnDelivered{zxid, client, cxid});
  }
  std::uint64_t issued(NodeId client, std::uint64_t cxid, OpKind kind = OpKind::write) {
    return add(client, RequestIssued{1, cxid, kind});
  }
  std::uint64_t completed(NodeId client, std::uint64_t cxid, Zxid zxid, Status status = Status::ok,
                          OpKind kind = OpKind::write) {
    return add(client, RequestCompleted{1, cxid, kind, status, 0, zxid});
  }
  // Every server in servers syncs at 0, then delivers z1(1..count), each written by client A with
  // cxid = counter, each server in turn.
  void common_prefix(std::initializer_list<NodeId> servers, std::uint32_t count) {
    for (NodeId s : servers) synced(s, 0);
    for (std::uint32_t c = 1; c <= count; ++c)
      for (NodeId s : servers) deliver(s, z1(c), kClientA, c);
  }
  void expect_clean() {
    INFO(checker.summary());
    CHECK_FALSE(checker.violated());
  }
  void expect(ViolationKind kind, NodeId node, std::uint64_t position) {
    INFO(checker.summary());
    REQUIRE(checker.violated());
    CHECK(checker.first_violation()->kind == kind);
    CHECK(checker.first_violation()->node == node);
    CHECK(checker.first_violation()->position == position);
    CHECK(checker.first_violation()->time_ns == ms(static_cast<std::int64_t>(position) + 1));
  }
};

}  // namespace

TEST_CASE("checker: at most one server establishes leadership per epoch") {
  Stream ok;
  ok.leader(3, 1);
  ok.leader(3, 1);  // the same leader telling it again is fine
  ok.leader(2, 2);
  ok.expect_clean();

  Stream broken;
  broken.leader(3, 1);
  broken.leader(2, 2);
  const auto at = broken.leader(1, 1);
  broken.expect(ViolationKind::two_leaders_in_epoch, 1, at);
  CHECK(broken.checker.first_violation()->message.find("epoch 1") != std::string::npos);
  CHECK(broken.checker.first_violation()->message.find("server 3") != std::string::npos);
}

TEST_CASE("checker: agreement, the same zxid carries the same transaction everywhere") {
  Stream ok;
  ok.common_prefix({1, 2, 3}, 4);
  ok.expect_clean();
  CHECK(ok.checker.history().size() == 4);

  Stream broken;
  broken.common_prefix({1, 2, 3}, 2);
  broken.deliver(3, z1(3), kClientA, 3);
  const auto at = broken.deliver(1, z1(3), kClientB, 3);
  broken.expect(ViolationKind::conflicting_delivery, 1, at);

  SUBCASE("a server that never synced is still checked for agreement") {
    Stream s;
    s.common_prefix({3}, 2);
    const auto bad = s.deliver(1, z1(2), kClientA, 99);
    s.expect(ViolationKind::conflicting_delivery, 1, bad);
  }
}

TEST_CASE("checker: a synced server delivers the history without gaps, zxids increasing") {
  Stream ok;
  ok.common_prefix({1, 2}, 3);
  ok.synced(3, z1(2));  // a late joiner synced (DIFF) up to z1(2)
  ok.deliver(3, z1(3), kClientA, 3);
  ok.deliver(1, z1(4), kClientA, 4);
  ok.deliver(3, z1(4), kClientA, 4);
  ok.deliver(2, z1(4), kClientA, 4);
  ok.deliver(2, z2(1), kClientB, 1);  // a new epoch continues the history
  ok.deliver(1, z2(1), kClientB, 1);
  ok.expect_clean();

  SUBCASE("a skipped zxid is a gap") {
    Stream s;
    s.common_prefix({1, 2}, 3);
    s.synced(3, z1(1));
    const auto at = s.deliver(3, z1(3), kClientA, 3);
    s.expect(ViolationKind::delivery_gap, 3, at);
    CHECK(s.checker.first_violation()->message.find(analysis::zxid_text(z1(2))) != std::string::npos);
  }
  SUBCASE("delivering a zxid twice is not increasing") {
    Stream s;
    s.common_prefix({1, 2}, 2);
    const auto at = s.deliver(2, z1(2), kClientA, 2);
    s.expect(ViolationKind::zxid_not_increasing, 2, at);
  }
  SUBCASE("a zxid the history passes over is a fork") {
    Stream s;
    s.common_prefix({1}, 1);
    s.deliver(1, z2(1), kClientA, 2);
    s.synced(2, z1(1));
    const auto at = s.deliver(2, z1(2), kClientB, 1);  // an old-epoch txn that was never committed
    s.expect(ViolationKind::divergent_history, 2, at);
  }
  SUBCASE("syncing to a zxid the history does not contain is a fork") {
    Stream s;
    s.common_prefix({1}, 1);
    s.deliver(1, z2(1), kClientA, 2);
    const auto at = s.synced(2, z1(2));
    s.expect(ViolationKind::divergent_history, 2, at);
  }
  SUBCASE("the same gap from a server that is not synced proves nothing") {
    Stream s;
    s.common_prefix({1, 2}, 3);
    s.deliver(3, z1(1), kClientA, 1);
    s.deliver(3, z1(3), kClientA, 3);
    s.expect_clean();
  }
}

TEST_CASE("checker: restarts start a server over, unsynced until its next StateSynced") {
  Stream ok;
  ok.common_prefix({1, 2}, 3);
  ok.add(2, ProcessStopped{false});
  ok.add(2, ProcessStarted{});
  ok.deliver(2, z1(1), kClientA, 1);  // replaying its log
  ok.deliver(2, z1(2), kClientA, 2);
  ok.deliver(1, z1(4), kClientA, 4);
  ok.synced(2, z1(2));
  ok.deliver(2, z1(3), kClientA, 3);
  ok.deliver(2, z1(4), kClientA, 4);
  ok.add(1, ProcessStarted{});
  ok.synced(1, 0);  // a wiped server starts from nothing
  ok.deliver(1, z1(1), kClientA, 1);
  ok.expect_clean();

  SUBCASE("a replay with other contents still breaks agreement") {
    Stream s;
    s.common_prefix({1, 2}, 2);
    s.add(2, ProcessStarted{});
    const auto at = s.deliver(2, z1(2), kClientB, 7);
    s.expect(ViolationKind::conflicting_delivery, 2, at);
  }
  SUBCASE("after a restart the server is checked against its new StateSynced") {
    Stream s;
    s.common_prefix({1, 2}, 3);
    s.add(2, ProcessStarted{});
    s.synced(2, z1(1));
    const auto at = s.deliver(2, z1(3), kClientA, 3);
    s.expect(ViolationKind::delivery_gap, 2, at);
  }
  SUBCASE("an unsynced delivery that the history later passes over is a fork") {
    Stream s;
    s.common_prefix({1, 2}, 1);
    s.add(2, ProcessStarted{});
    s.deliver(2, z1(2), kClientB, 5);  // before any synced server delivered z1(2)
    const auto at = s.deliver(1, z2(1), kClientA, 2);
    s.expect(ViolationKind::divergent_history, 1, at);
    CHECK(s.checker.first_violation()->message.find("server 2") != std::string::npos);
  }
}

TEST_CASE("checker: a StateSynced ahead of every delivery is believed, and what it vouches for is committed") {
  // Epoch 1 delivered z1(1..2); z1(3) was logged by a quorum but the old leader crashed before
  // committing it. The new leader 2 syncs to z1(3) without delivering it.
  Stream ok;
  ok.common_prefix({1, 2, 3}, 2);
  ok.synced(2, z1(3));
  ok.leader(2, 2);
  ok.synced(1, z1(2));
  ok.deliver(1, z1(3), kClientA, 3);  // the DIFF's commit teaches the checker z1(3)'s content
  ok.deliver(2, z2(1), kClientB, 1);
  ok.deliver(1, z2(1), kClientB, 1);
  ok.synced(3, z1(3));
  ok.deliver(3, z2(1), kClientB, 1);
  ok.expect_clean();
  CHECK(ok.checker.history().size() == 4);

  SUBCASE("a synced server may not skip it") {
    Stream s;
    s.common_prefix({1, 2, 3}, 2);
    s.synced(2, z1(3));
    s.deliver(2, z2(1), kClientB, 1);
    s.synced(1, z1(2));
    const auto at = s.deliver(1, z2(1), kClientB, 1);
    s.expect(ViolationKind::delivery_gap, 1, at);
    CHECK(s.checker.first_violation()->message.find("server 2's StateSynced") != std::string::npos);
  }
  SUBCASE("its first delivery fixes its content") {
    Stream s;
    s.common_prefix({1, 2, 3}, 2);
    s.synced(2, z1(3));
    s.synced(1, z1(2));
    s.deliver(1, z1(3), kClientA, 3);
    s.synced(3, z1(2));
    const auto at = s.deliver(3, z1(3), kClientB, 3);
    s.expect(ViolationKind::conflicting_delivery, 3, at);
  }
}

TEST_CASE("checker: an acknowledged write is in the history and stays there") {
  Stream ok;
  ok.common_prefix({1, 2, 3}, 1);
  ok.issued(kClientA, 1);
  ok.completed(kClientA, 1, z1(1));
  ok.issued(kClientA, 2);
  ok.completed(kClientA, 2, z1(2));  // acknowledged before any synced server delivered it
  ok.deliver(3, z1(2), kClientA, 2);
  ok.deliver(1, z1(2), kClientA, 2);
  ok.expect_clean();

  SUBCASE("acknowledged at a zxid that holds another write") {
    Stream s;
    s.common_prefix({1, 2, 3}, 1);
    s.issued(kClientB, 4);
    const auto at = s.completed(kClientB, 4, z1(1));
    s.expect(ViolationKind::lost_acknowledged_write, kClientB, at);
  }
  SUBCASE("acknowledged, then another write delivered at its zxid") {
    Stream s;
    s.common_prefix({3}, 1);
    s.issued(kClientB, 1);
    s.completed(kClientB, 1, z1(2));
    const auto at = s.deliver(3, z1(2), kClientA, 2);
    s.expect(ViolationKind::lost_acknowledged_write, 3, at);
  }
  SUBCASE("acknowledged, then the history grows past it without it") {
    Stream s;
    s.common_prefix({1, 2, 3}, 1);
    s.issued(kClientA, 2);
    s.completed(kClientA, 2, z1(2));  // say an unsynced server answered: nobody delivered z1(2)
    const auto at = s.deliver(3, z2(1), kClientB, 1);
    s.expect(ViolationKind::lost_acknowledged_write, 3, at);
    CHECK(s.checker.first_violation()->message.find(analysis::zxid_text(z1(2))) != std::string::npos);
  }
  SUBCASE("acknowledged, then a synced server delivers past it") {
    Stream s;
    s.common_prefix({1, 2}, 3);
    s.issued(kClientA, 2);
    s.completed(kClientA, 2, z1(2));
    s.synced(3, z1(1));
    const auto at = s.deliver(3, z1(3), kClientA, 3);
    s.expect(ViolationKind::lost_acknowledged_write, 3, at);
  }
}

TEST_CASE("checker: each client's requests complete in FIFO order") {
  Stream ok;
  ok.common_prefix({1}, 3);
  for (std::uint64_t cxid = 1; cxid <= 4; ++cxid) ok.issued(kClientA, cxid, OpKind::read);
  ok.completed(kClientA, 1, z1(1), Status::ok, OpKind::read);
  ok.completed(kClientA, 2, 0, Status::connection_loss, OpKind::read);
  ok.completed(kClientA, 7, 0, Status::connection_loss);  // rejected locally: never issued
  ok.completed(kClientA, 3, 0, Status::connection_loss, OpKind::read);
  ok.completed(kClientA, 4, z1(3), Status::ok, OpKind::read);
  ok.add(kClientA, ProcessStarted{});  // a new session: cxids start over
  ok.issued(kClientA, 1, OpKind::read);
  ok.completed(kClientA, 1, z1(3), Status::ok, OpKind::read);
  ok.expect_clean();

  SUBCASE("a later request completes first") {
    Stream s;
    s.issued(kClientA, 1, OpKind::read);
    s.issued(kClientA, 2, OpKind::read);
    s.completed(kClientA, 2, 0, Status::timeout, OpKind::read);
    const auto at = s.completed(kClientA, 1, 0, Status::ok, OpKind::read);
    s.expect(ViolationKind::client_fifo_order, kClientA, at);
  }
  SUBCASE("an ok completion overtakes a request issued before it") {
    Stream s;
    s.issued(kClientA, 2, OpKind::read);
    s.issued(kClientA, 1, OpKind::read);
    const auto at = s.completed(kClientA, 1, 0, Status::ok, OpKind::read);
    s.expect(ViolationKind::client_fifo_order, kClientA, at);
  }
  SUBCASE("clients are independent") {
    Stream s;
    s.issued(kClientA, 5, OpKind::read);
    s.issued(kClientB, 1, OpKind::read);
    s.completed(kClientA, 5, 0, Status::ok, OpKind::read);
    s.completed(kClientB, 1, 0, Status::ok, OpKind::read);
    s.expect_clean();
  }
}

TEST_CASE("checker: the first violation is kept, counted, described and called back once") {
  int calls = 0;
  std::uint64_t called_at = 0;
  Stream s;
  s.checker = SafetyChecker([&](const analysis::Violation& v) {
    ++calls;
    called_at = v.position;
  });
  s.leader(1, 1);
  const auto first = s.leader(2, 1);
  s.leader(3, 1);
  CHECK(calls == 1);
  CHECK(called_at == first);
  CHECK(s.checker.violation_count() == 2);
  CHECK(s.checker.observations_seen() == 3);
  const std::string line = s.checker.summary();
  CHECK(line.rfind("two_leaders_in_epoch at position 1 ", 0) == 0);
  CHECK(line.find("node 2") != std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(Stream{}.checker.summary() == "no violation in 0 observations");
}

// Compaction: with a window of 4 entries and digest blocks of 4, the history folds as soon as
// every live synced server has passed it; the checks still hold over the folded part.
namespace {
analysis::SafetyCheckerOptions folding() { return {4, 1000, 4}; }
}  // namespace

TEST_CASE("checker: compaction folds what every live synced server delivered, and keeps its memory bounded") {
  Stream ok(folding());
  ok.common_prefix({1, 2, 3}, 400);
  ok.expect_clean();
  CHECK(ok.checker.history().compacted_entries() >= 390);
  CHECK(ok.checker.history().size() <= 8);  // the window and one block of new entries
  // A server that stopped holds nothing back; one that is synced but behind does.
  Stream held(folding());
  held.common_prefix({1, 2}, 20);
  held.synced(3, z1(2));  // behind what is folded already: it holds the rest back
  const Zxid folded = held.checker.history().compacted_upto();
  for (std::uint32_t c = 21; c <= 60; ++c)
    for (NodeId s : {1, 2}) held.deliver(s, z1(c), kClientA, c);
  CHECK(held.checker.history().compacted_upto() == folded);
  held.add(3, ProcessStopped{false});
  for (NodeId s : {1, 2}) held.deliver(s, z1(61), kClientA, 61);
  for (std::uint32_t c = 62; c <= 70; ++c)
    for (NodeId s : {1, 2}) held.deliver(s, z1(c), kClientA, c);
  CHECK(held.checker.history().compacted_upto() > z1(50));
  held.expect_clean();
}

TEST_CASE("checker: over the folded history, a server delivering it again is checked block by block") {
  Stream ok(folding());
  ok.common_prefix({1, 2}, 40);
  ok.synced(3, z1(8));  // a block ends at z1(8): z1(9..12) is the next block
  for (std::uint32_t c = 9; c <= 16; ++c) ok.deliver(3, z1(c), kClientA, c);
  ok.expect_clean();

  SUBCASE("other writes than the history's are caught at their block's end") {
    Stream s(folding());
    s.common_prefix({1, 2}, 40);
    s.synced(3, z1(8));
    for (std::uint32_t c = 9; c <= 13; ++c) s.deliver(3, z1(c), kClientA, c);
    s.deliver(3, z1(14), kClientB, 14);
    s.deliver(3, z1(15), kClientA, 15);
    const auto at = s.deliver(3, z1(16), kClientA, 16);
    s.expect(ViolationKind::conflicting_delivery, 3, at);
  }
  SUBCASE("a folded zxid skipped is still a gap") {
    Stream s(folding());
    s.common_prefix({1, 2}, 40);
    s.synced(3, z1(8));
    s.deliver(3, z1(9), kClientA, 9);
    const auto at = s.deliver(3, z1(11), kClientA, 11);
    s.expect(ViolationKind::delivery_gap, 3, at);
  }
  SUBCASE("syncing to a zxid the folded history does not contain is a fork") {
    Stream s(folding());
    s.common_prefix({1, 2}, 40);
    const auto at = s.synced(3, make_zxid(0, 5));  // below every folded run
    s.expect(ViolationKind::divergent_history, 3, at);
  }
}

namespace {
// Client B issues cxid 7, which commits at z1(4) among A's writes; everything up to z1(36) folds
// before B hears back.
void folded_while_waiting(Stream& s) {
  s.issued(kClientB, 7);
  s.common_prefix({1, 2}, 3);
  for (NodeId server : {1, 2}) s.deliver(server, z1(4), kClientB, 7);
  for (std::uint32_t c = 5; c <= 40; ++c)
    for (NodeId server : {1, 2}) s.deliver(server, z1(c), kClientA, c);
  REQUIRE(s.checker.history().compacted_upto() > z1(4));
}
}  // namespace

TEST_CASE("checker: a write acknowledged after its entry was folded is checked against the zxid it had") {
  Stream ok(folding());
  folded_while_waiting(ok);
  ok.completed(kClientB, 7, z1(4));
  ok.expect_clean();

  Stream lost(folding());
  folded_while_waiting(lost);
  const auto at = lost.completed(kClientB, 7, z1(5));  // told the wrong zxid: it holds A's write
  lost.expect(ViolationKind::lost_acknowledged_write, kClientB, at);
}
