#include "models/zab/history.hpp"

#include <algorithm>
#include <cassert>

#include "models/core/partition_point_from_back.hpp"

namespace models::zab {

History::History(const PersistentState& durable) {
  if (durable.snapshot.history) txns_ = *durable.snapshot.history;
  assert(txns_.empty() || txns_.back().zxid == durable.snapshot.zxid);
  for (const Txn& txn : durable.log) append(txn);
  committed_zxid_ = durable.snapshot.zxid;
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

bool History::contains(Zxid zxid) const { return find(zxid) != nullptr; }

Zxid History::floor_zxid(Zxid zxid) const {
  const std::size_t index = upper_index(zxid);
  return index == 0 ? 0 : txns_[index - 1].zxid;
}

std::size_t History::count_between(Zxid from, Zxid to) const {
  if (to <= from) return 0;
  return upper_index(to) - upper_index(from);
}

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
  txns_.resize(upper_index(zxid));
  checked_size_ = std::min(checked_size_, txns_.size());
  committed_zxid_ = std::min(committed_zxid_, zxid);
}

void History::install(const std::shared_ptr<const std::vector<Txn>>& committed, Zxid zxid) {
  txns_ = committed ? *committed : std::vector<Txn>{};
  checked_size_ = 0;
  assert(last_zxid() == zxid);
  committed_zxid_ = zxid;
}

void History::commit_upto(Zxid zxid) {
  assert(zxid == 0 || contains(zxid));
  assert(zxid >= committed_zxid_);
  committed_zxid_ = zxid;
}

std::shared_ptr<const std::vector<Txn>> History::prefix_upto(Zxid zxid) const {
  const auto end = txns_.begin() + static_cast<std::ptrdiff_t>(upper_index(zxid));
  return std::make_shared<const std::vector<Txn>>(txns_.begin(), end);
}

void History::check_invariants() const {
  for (std::size_t i = std::max<std::size_t>(checked_size_, 1); i < txns_.size(); ++i) assert(txns_[i - 1].zxid < txns_[i].zxid);
  checked_size_ = txns_.size();
  assert(committed_zxid_ <= last_zxid());
  assert(committed_zxid_ == 0 || contains(committed_zxid_));
}

}  // namespace models::zab
