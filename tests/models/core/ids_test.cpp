#include <doctest/doctest.h>

#include "models/core/effects.hpp"
#include "models/core/ids.hpp"
#include "models/core/messages.hpp"
#include "models/core/storage.hpp"

using namespace models;

TEST_CASE("zxid: epoch in the high 32 bits, counter in the low, ordered by epoch first") {
  const Zxid z = make_zxid(3, 7);
  CHECK(epoch_of(z) == 3);
  CHECK(counter_of(z) == 7);
  CHECK(z == (Zxid{3} << 32 | 7));
  CHECK(make_zxid(2, 0xffffffffu) < make_zxid(3, 0));
}

TEST_CASE("ids: servers and clients live in separate ranges") {
  CHECK(is_server(1));
  CHECK_FALSE(is_server(kNoNode));
  CHECK(is_client(kFirstClientId));
  CHECK_FALSE(is_server(kFirstClientId + 5));
}

TEST_CASE("messages: wire sizes grow with the payload they carry") {
  Txn txn;
  txn.op = Op{OpKind::write, 1, 1024};
  const Message proposal = Proposal{txn};
  CHECK(wire_bytes(proposal) == kPacketHeaderBytes + kTxnHeaderBytes + 1024);
  CHECK(std::string(message_name(proposal)) == "proposal");
  CHECK(wire_bytes(Message{Notification{}}) == 52);
  // A read request carries no value; its reply does.
  CHECK(wire_bytes(Message{ClientRequest{1, Op{OpKind::read, 1, 1024}}}) < 100);
  CHECK(wire_bytes(Message{ClientReply{1, OpKind::read, Status::ok, 0, 1024}}) > 1024);
}

TEST_CASE("storage: operations rebuild the durable state, its files and their sizes") {
  const auto z = [](std::uint32_t counter) { return make_zxid(1, counter); };
  PersistentState s;
  apply(s, SetAcceptedEpoch{2});
  apply(s, SetCurrentEpoch{1});
  for (std::uint32_t i = 1; i <= 3; ++i) apply(s, AppendTxn{Txn{z(i)}});
  CHECK(s.last_zxid() == z(3));
  REQUIRE(s.files.logs.size() == 1);
  CHECK(s.files.logs[0].txns == 3);
  CHECK(s.files.logs[0].content_bytes == 3 * kTxnHeaderBytes);
  CHECK(s.files.logs[0].length_bytes() == kLogPreallocBytes);  // preallocated
  apply(s, TruncateAfter{z(1)});
  CHECK(s.log.size() == 1);
  CHECK(s.files.logs[0].txns == 1);
  CHECK(s.files.logs[0].last_zxid == z(1));
  // The log rolls: the next transaction opens log.<its zxid>.
  apply(s, RollLog{});
  for (std::uint32_t i = 2; i <= 4; ++i) apply(s, AppendTxn{Txn{z(i)}});
  REQUIRE(s.files.logs.size() == 2);
  CHECK(s.files.logs[1].first_zxid == z(2));
  CHECK(s.files.content_bytes_from(z(2)) == 3 * kTxnHeaderBytes);  // from the file holding z(3)
  CHECK(s.files.content_bytes_from(z(1)) == 3 * kTxnHeaderBytes);  // z(2) opens the second file
  CHECK(s.files.content_bytes_from(0) == 4 * kTxnHeaderBytes);
  // A snapshot at z(3); the server lets go of what it will not read back.
  apply(s, SaveSnapshot{SnapshotFile{z(3), 4096}, nullptr});
  apply(s, CompactLog{z(2)});
  CHECK(s.log.size() == 2);
  CHECK(s.log_base == z(2));
  CHECK(s.last_zxid() == z(4));
  // Purge keeps the snapshot and the log file that may hold what follows it (log.<z(2)>).
  apply(s, PurgeBefore{z(3)});
  REQUIRE(s.files.logs.size() == 1);
  CHECK(s.files.logs[0].first_zxid == z(2));
  CHECK(s.files.snapshots.size() == 1);
  // A SNAP's snapshot replaces the log.
  apply(s, SaveSnapshot{SnapshotFile{z(9), 4096}, nullptr, true});
  CHECK(s.log.empty());
  CHECK(s.files.logs.empty());
  CHECK(s.last_zxid() == z(9));
  CHECK(s.log_base == z(9));
  CHECK(s.accepted_epoch == 2);
  CHECK(storage_bytes(StorageOp{SaveSnapshot{SnapshotFile{z(9), 4096}, nullptr}}) == 4096);
}

TEST_CASE("effects: merge keeps each list in order") {
  Effects a, b;
  a.send(1, Ping{});
  b.send(2, Ping{});
  b.set_timer(4, 100);
  a.merge(std::move(b));
  REQUIRE(a.sends.size() == 2);
  CHECK(a.sends[0].to == 1);
  CHECK(a.sends[1].to == 2);
  CHECK(a.timers.size() == 1);
  CHECK_FALSE(a.empty());
}

TEST_CASE("storage: the last seen configuration (dynamic.next) outlives a snapshot, not the truncation or SNAP of its proposal") {
  const auto z = [](std::uint32_t counter) { return make_zxid(1, counter); };
  const Configuration next{z(2), {1, 2, 3, 4, 5}, {}};
  PersistentState s;
  apply(s, SetNextConfiguration{next});
  apply(s, SaveSnapshot{SnapshotFile{z(3), 4096}, nullptr});  // a snapshot over the proposal keeps it
  CHECK(s.next_config == next);
  apply(s, SetNextConfiguration{Configuration{z(1), {1, 2, 3}, {}}});  // an older one changes nothing
  CHECK(s.next_config == next);
  apply(s, TruncateAfter{z(2)});  // the proposal stays
  CHECK(s.next_config == next);
  apply(s, TruncateAfter{z(1)});  // the proposal is gone: it was never committed
  CHECK(s.next_config.version == 0);
  apply(s, SetNextConfiguration{next});
  apply(s, SaveSnapshot{SnapshotFile{z(1), 4096}, nullptr, true});  // a leader's SNAP from before it
  CHECK(s.next_config.version == 0);
}
