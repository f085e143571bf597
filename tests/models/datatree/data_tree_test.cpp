// The replicated data tree on its own: the leader's prepare decides each write's outcome, and
// applying the prepared transaction gives the same tree on every replica.
#include <doctest/doctest.h>

#include "models/datatree/data_tree.hpp"
#include "models/datatree/watch_manager.hpp"
#include "models/zab/session_tracker.hpp"

namespace {

using namespace models;

constexpr SessionId kAlice = 11;
constexpr SessionId kBob = 12;

Txn write(OpCode code, std::string path, SessionId session, std::uint8_t flags = 0,
          std::int32_t version = kAnyVersion, std::uint32_t bytes = 0) {
  Txn txn;
  txn.op.kind = OpKind::write;
  txn.op.code = code;
  txn.op.path = std::move(path);
  txn.op.flags = flags;
  txn.op.expected_version = version;
  txn.op.value_bytes = bytes;
  txn.session = session;
  return txn;
}

// The workload's setData of key's znode /k/<key>.
Txn keyed_set(std::uint64_t key, std::uint32_t bytes, SessionId session) {
  Txn txn;
  txn.op = Op{OpKind::write, key, bytes};
  txn.session = session;
  return txn;
}

// What the leader and then every replica do with one write; the prepared txn is returned.
struct Replicated {
  DataTree leader;
  DataTree follower;
  Zxid next = 1;
  std::vector<TreeEvent> events;
  Txn run(Txn txn) {
    txn.zxid = next++;
    leader.prepare(txn);
    leader.apply(txn);
    follower.apply(txn, &events);
    return txn;
  }
  Status status(Txn txn) { return run(std::move(txn)).status; }
  void open(SessionId session) {
    Txn txn = write(OpCode::create_session, "", session);
    txn.session_timeout_ns = sec(10);
    run(txn);
  }
  void close(SessionId session) { run(write(OpCode::close_session, "", session)); }
};

}  // namespace

TEST_CASE("datatree: create, setData and delete check existence, parents, versions and children") {
  Replicated r;
  r.open(kAlice);
  CHECK(r.status(write(OpCode::create, "/a", kAlice, 0, kAnyVersion, 10)) == Status::ok);
  CHECK(r.status(write(OpCode::create, "/a", kAlice)) == Status::node_exists);
  CHECK(r.status(write(OpCode::create, "/x/y", kAlice)) == Status::no_node);
  CHECK(r.status(write(OpCode::data, "/missing", kAlice)) == Status::no_node);
  CHECK(r.run(write(OpCode::data, "/a", kAlice, 0, 0, 20)).version == 1);     // expected version 0 matches
  CHECK(r.status(write(OpCode::data, "/a", kAlice, 0, 0, 30)) == Status::bad_version);  // now at 1
  CHECK(r.run(write(OpCode::data, "/a", kAlice, 0, kAnyVersion, 40)).version == 2);
  REQUIRE(r.follower.find("/a"));
  CHECK(r.follower.find("/a")->data_bytes == 40);
  CHECK(r.follower.find("/a")->version == 2);
  CHECK(r.status(write(OpCode::create, "/a/b", kAlice)) == Status::ok);
  CHECK(r.status(write(OpCode::remove, "/a", kAlice)) == Status::not_empty);
  CHECK(r.status(write(OpCode::remove, "/a/b", kAlice, 0, 5)) == Status::bad_version);
  CHECK(r.status(write(OpCode::remove, "/a/b", kAlice, 0, 0)) == Status::ok);
  CHECK(r.status(write(OpCode::remove, "/a/b", kAlice)) == Status::no_node);
  CHECK(r.status(write(OpCode::remove, "/", kAlice)) == Status::not_empty);
  CHECK(r.follower.children("/") == std::vector<std::string>{"a"});
  CHECK(r.follower.find("/a")->cversion == 2);  // one child created, one deleted
  CHECK(r.follower == r.leader);
  r.follower.check_invariants();
}

TEST_CASE("datatree: sequential names come from the parent's cversion, decided by the leader") {
  Replicated r;
  r.open(kAlice);
  REQUIRE(r.status(write(OpCode::create, "/q", kAlice)) == Status::ok);
  CHECK(r.run(write(OpCode::create, "/q/job-", kAlice, kSequential)).op.path == "/q/job-0000000000");
  CHECK(r.run(write(OpCode::create, "/q/job-", kAlice, kSequential)).op.path == "/q/job-0000000001");
  REQUIRE(r.status(write(OpCode::remove, "/q/job-0000000000", kAlice)) == Status::ok);
  // The cversion counts deletions too, so a name is never reused.
  CHECK(r.run(write(OpCode::create, "/q/job-", kAlice, kSequential | kEphemeral)).op.path == "/q/job-0000000003");
  CHECK(r.follower.children("/q") == std::vector<std::string>{"job-0000000001", "job-0000000003"});
  CHECK(sequential_name("/n", 42) == "/n0000000042");
  CHECK(r.follower == r.leader);
}

TEST_CASE("datatree: ephemeral znodes belong to their session, take no children and go when it closes") {
  Replicated r;
  r.open(kAlice);
  r.open(kBob);
  REQUIRE(r.status(write(OpCode::create, "/svc", kAlice)) == Status::ok);
  REQUIRE(r.status(write(OpCode::create, "/svc/a", kAlice, kEphemeral)) == Status::ok);
  REQUIRE(r.status(write(OpCode::create, "/svc/b", kBob, kEphemeral)) == Status::ok);
  CHECK(r.status(write(OpCode::create, "/svc/a/x", kAlice)) == Status::no_children_for_ephemerals);
  CHECK(r.follower.find("/svc/a")->ephemeral_owner == kAlice);
  CHECK(r.follower.ephemerals(kAlice) == std::vector<std::string>{"/svc/a"});
  r.events.clear();
  r.close(kAlice);
  CHECK(!r.follower.find("/svc/a"));
  CHECK(r.follower.find("/svc/b"));
  CHECK(r.follower.find("/svc"));  // persistent, though Alice made it
  CHECK(!r.follower.has_session(kAlice));
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].type == WatchEventType::deleted);
  CHECK(r.events[0].path == "/svc/a");
  CHECK(r.events[1].type == WatchEventType::children_changed);
  CHECK(r.events[1].path == "/svc");
  // A closed session can do nothing more: the leader turns its writes into errors.
  CHECK(r.status(write(OpCode::create, "/svc/c", kAlice, kEphemeral)) == Status::session_expired);
  CHECK(r.status(write(OpCode::close_session, "", kAlice)) == Status::session_expired);
  CHECK(r.follower == r.leader);
  r.follower.check_invariants();
}

TEST_CASE("datatree: the workload's keyed setData creates /k/<key> on first use and replays identically") {
  Replicated r;
  r.open(kAlice);
  const Txn set = keyed_set(7, 100, kAlice);
  CHECK(r.run(set).version == 0);
  CHECK(r.run(set).version == 1);
  CHECK(r.follower.value_bytes(7) == 100);
  CHECK(r.follower.value_bytes(8) == 0);
  CHECK(r.follower.find("/k/7"));
  CHECK(r.follower.children("/k") == std::vector<std::string>{"7"});
  CHECK(r.follower.snapshot_bytes() == 100 + 3 * DataTree::kZnodeOverheadBytes + DataTree::kSessionBytes);
  // Replaying the prepared transactions gives the same tree (what a SNAP or a restart does).
  std::vector<Txn> log;
  Replicated again;
  again.open(kAlice);
  log.push_back(again.run(write(OpCode::create, "/a", kAlice)));
  CHECK(DataTree::replay(log, 1).find("/a"));
}

TEST_CASE("datatree: keyed znodes are found by key after copies, deletions and look-alike paths") {
  Replicated r;
  r.open(kAlice);
  const Txn set = keyed_set(3, 10, kAlice);
  r.run(set);
  const DataTree copy = r.follower;  // the copy's index points into its own znodes
  r.run(write(OpCode::remove, "/k/3", kAlice));
  CHECK_FALSE(r.follower.find("/k/3"));
  REQUIRE(copy.find("/k/3"));
  CHECK(copy.value_bytes(3) == 10);
  DataTree assigned;
  assigned = copy;
  CHECK(assigned.find("/k/3") == assigned.find(std::string("/k/") + "3"));
  CHECK(assigned.find("/k/3") != copy.find("/k/3"));
  // Paths that only look keyed are znodes like any other.
  r.run(write(OpCode::create, "/k/03", kAlice));
  r.run(write(OpCode::create, "/k/99999999999", kAlice));
  CHECK(r.follower.find("/k/03"));
  CHECK(r.follower.find("/k/99999999999"));
  CHECK_FALSE(r.follower.find("/k/3"));
  r.run(set);  // and the keyed one comes back
  CHECK(r.follower.value_bytes(3) == 10);
  CHECK(r.follower.children("/k") == std::vector<std::string>{"03", "3", "99999999999"});
  r.follower.check_invariants();
}

TEST_CASE("watch: data and child watches are one-shot and fire on the matching change only") {
  WatchManager w;
  constexpr NodeId kC1 = kFirstClientId, kC2 = kFirstClientId + 1;
  w.watch_data("/a", kC1);      // getData or exists
  w.watch_children("/a", kC1);  // getChildren
  w.watch_children("/", kC2);
  CHECK(w.trigger({1, WatchEventType::children_changed, "/"}) == std::vector<NodeId>{kC2});
  CHECK(w.trigger({2, WatchEventType::children_changed, "/"}).empty());  // one-shot
  CHECK(w.trigger({3, WatchEventType::created, "/b"}).empty());
  // A deletion wakes both kinds, but the watcher hears it once.
  CHECK(w.trigger({4, WatchEventType::deleted, "/a"}) == std::vector<NodeId>{kC1});
  CHECK(w.size() == 0);
  w.watch_data("/a", kC1);
  w.watch_data("/a", kC2);
  w.remove_client(kC1);  // its connection closed
  CHECK(w.trigger({5, WatchEventType::data_changed, "/a"}) == std::vector<NodeId>{kC2});
  w.check_invariants();
}

TEST_CASE("session: the leader's tracker expires at tick boundaries after the last touch") {
  zab::SessionTracker t(ms(2000));
  t.add(1, sec(6), 0);
  t.add(2, sec(6), 0);
  CHECK(t.deadline_ns(1) == sec(8));  // the first tick boundary after 0 + 6 s
  t.touch(2, sec(3));
  CHECK(t.deadline_ns(2) == sec(10));
  t.touch(99, sec(3));  // unknown: ignored
  CHECK(t.take_expired(sec(7)).empty());
  CHECK(t.take_expired(sec(8)) == std::vector<SessionId>{1});
  CHECK(!t.tracks(1));
  CHECK(t.take_expired(sec(10)) == std::vector<SessionId>{2});
  t.check_invariants();
}
