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
    const bool logged = std::find(zxids.begin(), zxids.end(), probe) != zxids.end();
    CHECK(history.contains(probe) == logged);
  }
  CHECK(history.count_between(zxids[3], zxids[10]) == 7);

  history.truncate_after(zxids[50]);  // the check after a truncation sees the shorter log
  history.append(Txn{zxids[51]});
  history.check_invariants();
  CHECK(history.upper_index(zxids.back()) == 52);
}
