#include "models/zab/history.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>

#include "models/core/partition_point_from_back.hpp"

namespace models::zab {

History::History(const PersistentState& durable) {
  const Zxid snapshot_zxid = durable.files.newest_snapshot_zxid();
  // The log resumes after the snapshot (or, holding what a DIFF from disk may send, before it).
  // A log that does not hold the snapshot's zxid below it was truncated under the snapshot (a TRUNC
  // below it, ZabPeer::reload_tree_upto): FileTxnSnapLog.restore loads the snapshot and replays
  // only the log after it, so the history starts at the snapshot.
  const auto after_snapshot = std::upper_bound(durable.log.begin(), durable.log.end(), snapshot_zxid,
                                               [](Zxid z, const Txn& txn) { return z < txn.zxid; });
  const bool truncated_under_snapshot =
      after_snapshot != durable.log.begin() && std::prev(after_snapshot)->zxid != snapshot_zxid;
  const auto first = truncated_under_snapshot ? after_snapshot : durable.log.begin();
  txns_.assign(first, durable.log.end());
  base_zxid_ = truncated_under_snapshot ? snapshot_zxid : durable.log_base;
  if (txns_.empty()) base_zxid_ = std::max(base_zxid_, durable.last_zxid());
  else if (txns_.front().zxid > snapshot_zxid) base_zxid_ = std::max(base_zxid_, snapshot_zxid);
  assert(txns_.empty() || txns_.front().zxid > base_zxid_);
  committed_zxid_ = std::max(snapshot_zxid, base_zxid_);
  assert(contains(committed_zxid_));
}

// Nearly every lookup is of a recent zxid (the next to commit, the last delivered).
std::size_t History::upper_index(Zxid zxid) const {
  const auto it = partition_point_from_back(txns_.begin(), txns_.end(), [zxid](const Txn& txn) { return txn.zxid <= zxid; });
  return static_cast<std::size_t>(it - txns_.begin());
}

const Txn* History::find(Zxid zxid) const {
  const std::size_t index = upper_index(zxid);
  if (index == 0 || txns_[index - 1].zxid != zxid) return nullptr;
  return &txns_[index - 1];
}

bool History::contains(Zxid zxid) const { return zxid == base_zxid_ || find(zxid) != nullptr; }

std::optional<Zxid> History::next_uncommitted() const {
  const std::size_t index = upper_index(committed_zxid_);
  if (index == txns_.size()) return std::nullopt;
  return txns_[index].zxid;
}

void History::append(const Txn& txn) {
  assert(txn.zxid > last_zxid());
  txns_.push_back(txn);
}

void History::truncate_after(Zxid zxid) {
  assert(zxid >= base_zxid_);
  txns_.resize(upper_index(zxid));
  checked_size_ = std::min(checked_size_, txns_.size());
  committed_zxid_ = std::min(committed_zxid_, zxid);
}

void History::install(Zxid zxid) {
  txns_.clear();
  checked_size_ = 0;
  base_zxid_ = zxid;
  committed_zxid_ = zxid;
}

void History::commit_upto(Zxid zxid) {
  assert(zxid == 0 || contains(zxid));
  assert(zxid >= committed_zxid_);
  committed_zxid_ = zxid;
}

void History::compact_upto(Zxid zxid) {
  assert(zxid <= committed_zxid_);
  if (zxid <= base_zxid_) return;
  const std::size_t n = upper_index(zxid);
  if (n > 0) base_zxid_ = txns_[n - 1].zxid;
  txns_.erase(txns_.begin(), txns_.begin() + static_cast<std::ptrdiff_t>(n));
  checked_size_ -= std::min(checked_size_, n);
}

void History::check_invariants() const {
  for (std::size_t i = std::max<std::size_t>(checked_size_, 1); i < txns_.size(); ++i) assert(txns_[i - 1].zxid < txns_[i].zxid);
  assert(txns_.empty() || txns_.front().zxid > base_zxid_);
  checked_size_ = txns_.size();
  assert(committed_zxid_ <= last_zxid());
  assert(committed_zxid_ == 0 || contains(committed_zxid_));
}

}  // namespace models::zab
