// Synchronization of a rejoining follower as ZooKeeper 3.8 chooses it: DIFF when it is inside the
// leader's committed log, TRUNC when it logged proposals the leader does not have, SNAP when it is
// more than the committed log behind and the log files are too big to send; and a crash in the
// middle of an fsync, which loses exactly what was not yet durable.
#include <doctest/doctest.h>

#include "tests/models/server/ensemble.hpp"

using namespace models;
using zk_test::Ensemble;
using zk_test::EnsembleOptions;
using zk_test::with;

namespace {

NodeId some_follower(Ensemble& e) {
  for (NodeId id : e.servers)
    if (id != e.leader()) return id;
  return kNoNode;
}

// Powers a follower off, lets `writes_behind` writes commit without it, restarts it and waits
// until it serves again.
NodeId rejoin_behind(Ensemble& e, std::size_t writes_behind) {
  REQUIRE(e.wait_stable(sec(5)));
  const NodeId follower = some_follower(e);
  // A follower with nothing logged (zxid 0) is below any committed log: it would get a SNAP.
  REQUIRE(e.wait_until([&] { return e.durable(follower).last_zxid() > 0; }, sec(10), ms(10)));
  e.cluster().power_off(follower);
  const Zxid left_at = e.durable(follower).last_zxid();
  const NodeId leader = e.leader();
  const auto behind = [&] {
    const zab::History& h = e.server(leader).zab().history();
    return h.upper_index(h.committed_zxid()) - h.upper_index(left_at);
  };
  REQUIRE(e.wait_until([&] { return behind() >= writes_behind; }, sec(60), ms(10)));
  e.cluster().restart(follower);
  REQUIRE(e.wait_stable(sec(10)));
  e.cluster().advance_by(sec(1));
  return follower;
}

}  // namespace

TEST_CASE("zab: a follower a few transactions behind is brought up to date with a DIFF") {
  Ensemble e(with(3, 3, sec(6)));
  const NodeId follower = rejoin_behind(e, 50);
  CHECK(e.received(follower, "diff") == 1);
  CHECK(e.received(follower, "snap") == 0);
  CHECK(e.received(follower, "trunc") == 0);
  CHECK(e.received(follower, "proposal") >= 50);
  CHECK(e.durable(follower).files.snapshots.empty());  // a DIFF needs no snapshot (snapshotNeeded = false)
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("zab: a follower more than 500 transactions behind gets a SNAP sized like the data tree") {
  Ensemble e(with(3, 3, sec(6)));
  const NodeId follower = rejoin_behind(e, 600);
  CHECK(e.received(follower, "snap") == 1);
  const PersistentState& disk = e.durable(follower);
  // At NEWLEADER it wrote a snapshot of the tree it received, which replaced its old log.
  const SnapshotFile* snapshot = disk.files.newest_snapshot();
  REQUIRE(snapshot);
  CHECK(snapshot->zxid >= e.all<StateSynced>(follower).front().second.zxid);
  REQUIRE(disk.image);
  const DataTree tree = DataTree::from_image(disk.image);
  CHECK(snapshot->size_bytes == tree.snapshot_bytes());
  CHECK(snapshot->size_bytes > 100 * tree.nodes());
  CHECK(disk.log.size() < 600);  // the log restarted after the snapshot
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
  // A restart from the snapshot alone recovers it.
  e.cluster().crash(follower);
  e.cluster().restart(follower);
  REQUIRE(e.wait_stable(sec(10)));
  CHECK(e.received(follower, "diff") == 1);
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("zab: a follower that logged proposals that never committed is truncated when it rejoins") {
  Ensemble e(with(5, 0, sec(6)));
  REQUIRE(e.wait_stable(sec(5)));
  const NodeId old = e.leader();
  const NodeId follower = some_follower(e);
  // The follower still receives the leader's proposals, but its ACKs are lost and the others
  // hear nothing: the leader cannot commit what it proposes now.
  e.cluster().cut_one_way(follower, old);
  for (NodeId id : e.servers)
    if (id != old && id != follower) e.cluster().cut(old, id);
  for (std::uint64_t cxid = 1; cxid <= 5; ++cxid) e.inject_write(old, kFirstClientId + 60, cxid);
  e.cluster().advance_by(ms(50));
  const Zxid orphan = e.durable(follower).last_zxid();
  REQUIRE(orphan > e.server(follower).zab().history().committed_zxid());  // durable, uncommitted
  e.cluster().power_off(old);
  e.cluster().power_off(follower);
  e.cluster().heal();
  REQUIRE(e.wait_stable(sec(30)));
  const NodeId leader = e.leader();
  // Before the new leader commits anything of its own, the orphans are newer than its whole
  // committed log: TRUNC. (Once it has, the next zxid it has after them is of another epoch, and
  // 3.8 sends a SNAP: it never truncates across epochs.)
  e.cluster().restart(follower);
  REQUIRE(e.wait_stable(sec(10)));
  for (std::uint64_t cxid = 1; cxid <= 5; ++cxid) e.inject_write(leader, kFirstClientId + 61, cxid);
  e.cluster().advance_by(sec(1));
  CHECK(e.received(follower, "trunc") == 1);
  CHECK_FALSE(e.server(follower).zab().history().contains(orphan));
  for (const Txn& txn : e.durable(follower).log) CHECK(txn.zxid != orphan);
  CHECK(e.committed(follower).size() == e.committed(leader).size());
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("zab: a follower that crashes mid-fsync loses its unsynced entries, and no acknowledged write") {
  EnsembleOptions o = with(3, 3, sec(6));
  o.net.fsync_ns = ms(20);  // a slow disk: a wide window between logging and durability
  Ensemble e(o);
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(1));
  const NodeId follower = some_follower(e);
  REQUIRE(e.wait_until([&] { return e.server(follower).zab().last_zxid() > e.durable(follower).last_zxid() + 1; },
                       sec(5), ms(1)));
  const Zxid logged_in_memory = e.server(follower).zab().last_zxid();
  e.cluster().crash(follower);
  CHECK(e.durable(follower).last_zxid() < logged_in_memory);  // lost with the process
  e.cluster().restart(follower);
  CHECK(e.server(follower).zab().last_zxid() < logged_in_memory);
  REQUIRE(e.wait_stable(sec(10)));
  e.cluster().advance_by(sec(2));
  CHECK(e.server(follower).zab().history().contains(logged_in_memory));  // re-sent by the leader
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("zab: a restarted ensemble recovers its committed history from durable state alone") {
  Ensemble e(with(3, 3, sec(6)));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(3));
  const std::size_t acked = e.acknowledged_writes();
  REQUIRE(acked > 100);
  for (NodeId id : e.servers) e.cluster().power_off(id);
  for (NodeId id : e.servers) e.cluster().restart(id);
  REQUIRE(e.wait_stable(sec(10)));
  CHECK(e.server(e.leader()).zab().current_epoch() == 2);
  e.cluster().advance_by(sec(8));
  CHECK(e.acknowledged_writes() > acked);
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}
