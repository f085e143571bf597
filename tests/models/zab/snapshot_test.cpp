// Snapshots, purge, recovery from disk and SNAP over the in-memory harness, whose disk tasks take
// disk_task_ns plus their bytes at disk_bytes_per_ms and whose links carry link_bytes_per_ms: each
// piece of data work is seen happening (its disk task, its DataWorkDone), taking the time its bytes
// say, and leaving the durable state and the server's memory as ZooKeeper's would.
#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/checkers/safety_checker.hpp"
#include "tests/models/server/ensemble.hpp"

using namespace models;
using zk_test::Ensemble;
using zk_test::EnsembleOptions;
using zk_test::with;
using Kind = DataWorkDone::Kind;

namespace {

// Three servers, writes from three clients, and snapshots every snap_count / 2 to snap_count
// transactions; the safety checker (which keeps its own history bounded) watches.
EnsembleOptions snapshotting(analysis::SafetyChecker& checker, std::uint64_t snap_count = 200) {
  EnsembleOptions o = with(3, 3, sec(6));
  o.workload.rate_per_s = 200;
  o.workload.read_ratio = 0;
  o.tweak = [snap_count](ServerConfig& c) { c.snapshots.snap_count = snap_count; };
  o.recorder = &checker;
  return o;
}

std::vector<std::pair<Time, DataWorkDone>> work_of(Ensemble& e, NodeId server, Kind kind) {
  std::vector<std::pair<Time, DataWorkDone>> found;
  for (const auto& w : e.all<DataWorkDone>(server))
    if (w.second.kind == kind) found.push_back(w);
  return found;
}

// The harness's price of a disk task of `bytes`.
Time task_ns(const Ensemble& e, std::uint64_t bytes) {
  const auto& o = e.options().net;
  return o.disk_task_ns + static_cast<Time>(static_cast<double>(bytes) / o.disk_bytes_per_ms * 1e6);
}

// The ensemble starts from a snapshot of `znodes` initial znodes of 1 KiB (as a scenario's
// initial_data does), at zxid (1, znodes).
PersistentState initial_disk(std::uint64_t znodes) {
  const Zxid zxid = make_zxid(1, static_cast<std::uint32_t>(znodes));
  const DataTree tree(std::make_shared<const BulkLayer>(InitialData{znodes, ValueSizes{}, 1, zxid}));
  PersistentState disk;
  disk.accepted_epoch = disk.current_epoch = 1;
  disk.image = tree.image();
  disk.files.snapshots.push_back({zxid, disk.image->size_bytes()});
  disk.log_base = zxid;
  return disk;
}

}  // namespace

TEST_CASE("snapshots: every snapCount / 2 + a server's own draw, the log rolls and a snapshot is written in the background") {
  analysis::SafetyChecker checker;
  Ensemble e(snapshotting(checker));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(10));
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
  CHECK_MESSAGE(!checker.violated(), checker.summary());
  std::vector<std::size_t> taken;
  for (NodeId id : e.servers) {
    CAPTURE(id);
    const auto snapshots = work_of(e, id, Kind::background_snapshot);
    REQUIRE(snapshots.size() >= 5);  // about 2,000 transactions at one per 100 to 200
    taken.push_back(snapshots.size());
    for (const auto& [at, w] : snapshots) {
      CHECK(w.bytes > 0);
      CHECK(at - w.started_ns == task_ns(e, w.bytes));  // a disk task: its bytes at the disk's rate
    }
    const PersistentState& disk = e.durable(id);
    CHECK(disk.files.snapshots.size() >= snapshots.size());  // the leader's and a learner's sync snapshot too
    CHECK(disk.files.logs.size() >= snapshots.size());       // one log file per roll
    // The log held in full starts no earlier than the newest snapshot: the rest is only in files.
    REQUIRE(!disk.log.empty());
    CHECK(disk.log.front().zxid > disk.files.newest_snapshot()->zxid);
    // The tree a restart loads is the snapshot's.
    CHECK(DataTree::from_image(disk.image).snapshot_bytes() == disk.files.newest_snapshot()->size_bytes);
  }
  // Each server draws its own thresholds (SyncRequestProcessor's randRoll): they do not all snapshot together.
  const auto first = [&](NodeId id) { return work_of(e, id, Kind::background_snapshot).front().second.zxid; };
  CHECK_FALSE((first(1) == first(2) && first(2) == first(3)));
}

TEST_CASE("snapshots: a server's memory holds the log since its snapshot and the committed log, not the whole history") {
  analysis::SafetyChecker checker;
  Ensemble e(snapshotting(checker, 1000));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(30));  // about 6,000 transactions
  const NodeId leader = e.leader();
  const zab::History& h = e.server(leader).zab().history();
  CHECK(counter_of(h.committed_zxid()) > 5000);
  CHECK(h.size() <= 1000 + zab::ZabPeer::kCommitLogCount + 200);  // snapCount, the committed log, what is in flight
  CHECK(h.base_zxid() > 0);
  for (NodeId id : e.servers) CHECK(e.durable(id).log.size() <= 1000 + 200);
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
  CHECK_MESSAGE(!checker.violated(), checker.summary());
}

TEST_CASE("purge: autopurge keeps the snapRetainCount newest snapshots and the logs they need, on disk and in memory") {
  analysis::SafetyChecker checker;
  EnsembleOptions o = snapshotting(checker);
  o.tweak = [](ServerConfig& c) {
    c.snapshots.snap_count = 200;
    c.snapshots.purge_interval_ns = sec(2);
  };
  Ensemble e(o);
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(15));
  for (NodeId id : e.servers) {
    CAPTURE(id);
    const auto purges = work_of(e, id, Kind::purge);
    REQUIRE(purges.size() >= 7);  // at the start, then every 2 s
    for (std::size_t i = 1; i < purges.size(); ++i) CHECK(purges[i].second.started_ns - purges[i - 1].second.started_ns == sec(2));
    CHECK(std::any_of(purges.begin(), purges.end(), [](const auto& p) { return p.second.bytes > 0; }));
    const PersistentState& disk = e.durable(id);
    // At most 3 retained, plus those written since the last purge.
    const auto snapshots = work_of(e, id, Kind::background_snapshot);
    const auto since = static_cast<std::size_t>(
        std::count_if(snapshots.begin(), snapshots.end(), [&](const auto& w) { return w.first > purges.back().first; }));
    CHECK(disk.files.snapshots.size() <= 3 + since);
    // What the disk no longer has, the server no longer holds: its files are the disk's (those it
    // is appending to aside).
    const DataFiles& files = e.server(id).zab().files();
    CHECK(files.snapshots == disk.files.snapshots);
    REQUIRE(!files.logs.empty());
    CHECK(files.logs.front().first_zxid == disk.files.logs.front().first_zxid);
    CHECK(e.server(id).zab().history().base_zxid() >= files.logs.front().first_zxid - 1);
    // The oldest log file kept is the one the oldest retained snapshot needs.
    REQUIRE(!disk.files.logs.empty());
    CHECK(disk.files.logs.front().first_zxid <= disk.files.snapshots.front().zxid + 1);
  }
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
  CHECK_MESSAGE(!checker.violated(), checker.summary());
}

TEST_CASE("recovery: a restarted server loads its newest snapshot and the log after it before it elects, in time for their bytes") {
  analysis::SafetyChecker checker;
  Ensemble e(snapshotting(checker, 400));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(6));
  const NodeId follower = e.leader() == 1 ? 2 : 1;
  e.cluster().crash(follower);
  const PersistentState disk = e.durable(follower);
  REQUIRE(disk.files.newest_snapshot());
  const std::uint64_t expected = disk.files.newest_snapshot()->size_bytes + disk.files.content_bytes_from(disk.files.newest_snapshot()->zxid);
  const Time restarted_at = e.cluster().now();
  e.cluster().restart(follower);
  // Nothing of the election while it loads: it answers no notification and sends none.
  CHECK(e.server(follower).restoring());
  e.cluster().advance_by(task_ns(e, expected) - ms(1));
  CHECK(e.server(follower).restoring());
  CHECK_FALSE(e.first_after<ElectionFinished>(follower, restarted_at).has_value());
  REQUIRE(e.wait_stable(sec(10)));
  const auto restores = work_of(e, follower, Kind::restore_database);
  REQUIRE(restores.size() == 1);
  CHECK(restores[0].second.bytes == expected);
  CHECK(restores[0].first - restores[0].second.started_ns == task_ns(e, expected));
  // Loaded from disk (snapshot plus the log after it), then brought up to date by a DIFF.
  CHECK(e.received(follower, "diff") == 1);
  e.cluster().advance_by(sec(1));
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
  CHECK_MESSAGE(!checker.violated(), checker.summary());
}

TEST_CASE("snap: a wiped follower gets the tree over the network, writes its snapshot, and the time grows with the tree") {
  // SNAP time from ACKEPOCH to UPTODATE, for trees of 0, 2,000 and 4,000 initial znodes of 1 KiB.
  std::vector<double> seconds;
  for (std::uint64_t znodes : {0, 2000, 4000}) {
    CAPTURE(znodes);
    EnsembleOptions o = with(3, 0, sec(6));
    o.net.link_bytes_per_ms = 100'000;  // 100 MB/s
    if (znodes > 0) o.initial_disk = initial_disk(znodes);
    Ensemble e(o);
    REQUIRE(e.wait_stable(sec(10)));
    const NodeId follower = e.leader() == 1 ? 2 : 1;
    e.cluster().crash(follower);
    e.cluster().wipe(follower);
    for (std::uint64_t cxid = 1; cxid <= 3; ++cxid) e.inject_write(e.leader(), kFirstClientId + 9, cxid);
    e.cluster().advance_by(ms(100));
    e.cluster().restart(follower);
    REQUIRE(e.wait_stable(sec(30)));
    CHECK(e.received(follower, "snap") == 1);
    const auto syncs = work_of(e, follower, Kind::sync_snap);
    REQUIRE(syncs.size() == 1);
    const std::uint64_t tree_bytes = e.server(e.leader()).tree().snapshot_bytes();
    CHECK(syncs[0].second.bytes == tree_bytes);
    const Time took_ns = syncs[0].first - syncs[0].second.started_ns;
    // At least the transfer and the snapshot the follower writes at NEWLEADER.
    const auto transfer_ns = static_cast<Time>(static_cast<double>(tree_bytes) / o.net.link_bytes_per_ms * 1e6);
    CHECK(took_ns >= transfer_ns + task_ns(e, tree_bytes));
    seconds.push_back(to_seconds(took_ns));
    // Its disk: the snapshot of what it received, replacing whatever log it had.
    REQUIRE(e.durable(follower).files.newest_snapshot());
    CHECK(e.durable(follower).files.newest_snapshot()->size_bytes == tree_bytes);
    e.cluster().advance_by(sec(1));
    CHECK_MESSAGE(e.check_trees_equal().empty(), zk_test::joined(e.check_trees_equal()));
  }
  // Linear: the second 2,000 znodes cost what the first did (to 1%).
  const double first = seconds[1] - seconds[0];
  const double second = seconds[2] - seconds[1];
  CHECK(first > 0.02);
  CHECK(second == doctest::Approx(first).epsilon(0.01));
}
