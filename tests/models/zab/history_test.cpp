// The log's lookups search from the tail (most are of recent zxids): they must still find every
// position, including gaps between epochs and zxids below or above the whole log.
#include <doctest/doctest.h>

#include <algorithm>

#include "models/zab/history.hpp"

using namespace models;

TEST_CASE("history: upper_index and find agree with a scan at every position") {
  zab::History history;
  std::vector<Zxid> zxids;
  for (Epoch epoch = 1; epoch <= 3; ++epoch)
    for (std::uint32_t counter = 1; counter <= 40; ++counter) zxids.push_back(make_zxid(epoch, counter * 2));
  for (Zxid zxid : zxids) history.append(Txn{zxid});
  history.check_invariants();

  const auto scan = [&](Zxid zxid) {
    std::size_t i = 0;
    while (i < zxids.size() && zxids[i] <= zxid) ++i;
    return i;
  };
  std::vector<Zxid> probes{0, make_zxid(4, 0)};
  for (Zxid zxid : zxids) probes.insert(probes.end(), {zxid - 1, zxid, zxid + 1});
  for (Zxid probe : probes) {
    CAPTURE(probe);
    CHECK(history.upper_index(probe) == scan(probe));
    const bool logged = probe == 0 || std::find(zxids.begin(), zxids.end(), probe) != zxids.end();  // 0: the empty prefix
    CHECK(history.contains(probe) == logged);
  }

  history.truncate_after(zxids[50]);  // the check after a truncation sees the shorter log
  history.append(Txn{zxids[51]});
  history.check_invariants();
  CHECK(history.upper_index(zxids.back()) == 52);
}

TEST_CASE("history: compaction drops what is committed and keeps answering about the rest") {
  zab::History history;
  for (std::uint32_t counter = 1; counter <= 10; ++counter) history.append(Txn{make_zxid(1, counter)});
  history.commit_upto(make_zxid(1, 8));
  history.compact_upto(make_zxid(1, 5));
  history.check_invariants();
  CHECK(history.base_zxid() == make_zxid(1, 5));
  CHECK(history.size() == 5);
  CHECK(history.contains(make_zxid(1, 5)));  // the base is known to be logged
  CHECK_FALSE(history.contains(make_zxid(1, 4)));
  CHECK(history.upper_index(make_zxid(1, 3)) == 0);
  CHECK(history.next_uncommitted() == make_zxid(1, 9));
  history.truncate_after(make_zxid(1, 6));
  CHECK(history.last_zxid() == make_zxid(1, 6));
  history.install(make_zxid(2, 7));  // a SNAP: nothing held, everything committed
  CHECK(history.empty());
  CHECK(history.last_zxid() == make_zxid(2, 7));
  CHECK(history.committed_zxid() == make_zxid(2, 7));
  history.check_invariants();
}

TEST_CASE("history: rebuilt from a durable state, the snapshot is committed and the log after it held") {
  PersistentState durable;
  for (std::uint32_t counter = 1; counter <= 6; ++counter) apply(durable, AppendTxn{Txn{make_zxid(1, counter)}});
  apply(durable, SaveSnapshot{SnapshotFile{make_zxid(1, 4), 1000}, nullptr});
  apply(durable, CompactLog{make_zxid(1, 4)});
  const zab::History history(durable);
  history.check_invariants();
  CHECK(history.base_zxid() == make_zxid(1, 4));
  CHECK(history.committed_zxid() == make_zxid(1, 4));
  CHECK(history.size() == 2);
  CHECK(history.last_zxid() == make_zxid(1, 6));
}

// A TRUNC below the newest snapshot (a server elected but never established wrote one at its last
// zxid) truncates the log only, as FileTxnSnapLog.truncateLog does; a restart loads the snapshot
// and replays the log after it, the transactions below it logged since included in neither.
TEST_CASE("history: rebuilt from a log truncated under its newest snapshot, it starts at the snapshot") {
  PersistentState durable;
  for (std::uint32_t counter = 1; counter <= 6; ++counter) apply(durable, AppendTxn{Txn{make_zxid(2, counter)}});
  apply(durable, AppendTxn{Txn{make_zxid(3, 1)}});
  apply(durable, SaveSnapshot{SnapshotFile{make_zxid(3, 1), 1000}, nullptr});
  apply(durable, TruncateAfter{make_zxid(2, 4)});
  apply(durable, AppendTxn{Txn{make_zxid(2, 5)}});  // what the new leader's DIFF brings, re-logged
  apply(durable, AppendTxn{Txn{make_zxid(4, 1)}});
  const zab::History history(durable);
  history.check_invariants();
  CHECK(history.base_zxid() == make_zxid(3, 1));
  CHECK(history.committed_zxid() == make_zxid(3, 1));
  CHECK(history.size() == 1);
  CHECK(history.last_zxid() == make_zxid(4, 1));
}
