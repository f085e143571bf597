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

TEST_CASE("storage: operations rebuild the durable state") {
  PersistentState s;
  apply(s, SetAcceptedEpoch{2});
  apply(s, SetCurrentEpoch{1});
  for (std::uint32_t i = 1; i <= 3; ++i) apply(s, AppendTxn{Txn{make_zxid(1, i)}});
  CHECK(s.last_zxid() == make_zxid(1, 3));
  apply(s, TruncateAfter{make_zxid(1, 1)});
  CHECK(s.log.size() == 1);
  auto history = std::make_shared<const std::vector<Txn>>(std::vector<Txn>{Txn{make_zxid(1, 9)}});
  apply(s, InstallSnapshot{Snapshot{make_zxid(1, 9), 4096, history}});
  CHECK(s.log.empty());
  CHECK(s.last_zxid() == make_zxid(1, 9));
  CHECK(s.accepted_epoch == 2);
  CHECK(storage_bytes(StorageOp{InstallSnapshot{s.snapshot}}) == 4096);
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
