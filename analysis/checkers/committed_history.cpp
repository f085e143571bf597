#include "analysis/checkers/committed_history.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>

#include "models/core/partition_point_from_back.hpp"

namespace analysis {

std::vector<CommittedHistory::Entry>::const_iterator CommittedHistory::lower(models::Zxid zxid) const {
  // Deliveries follow the end of the chain: search from there.
  return models::partition_point_from_back(chain_.begin(), chain_.end(), [zxid](const Entry& e) { return e.zxid < zxid; });
}

const CommittedHistory::Entry* CommittedHistory::find(models::Zxid zxid) const {
  if (zxid > end()) {
    auto it = pending_.find(zxid);
    return it == pending_.end() ? nullptr : &it->second;
  }
  auto it = lower(zxid);
  return it != chain_.end() && it->zxid == zxid ? &*it : nullptr;
}

CommittedHistory::Entry* CommittedHistory::find(models::Zxid zxid) {
  return const_cast<Entry*>(static_cast<const CommittedHistory&>(*this).find(zxid));
}

std::optional<models::Zxid> CommittedHistory::next_after(models::Zxid after) const {
  auto it = lower(after);
  if (it != chain_.end() && it->zxid == after) ++it;
  if (it == chain_.end()) return std::nullopt;
  return it->zxid;
}

models::Zxid CommittedHistory::previous_before(models::Zxid before) const {
  auto it = lower(before);
  return it == chain_.begin() ? 0 : std::prev(it)->zxid;
}

bool CommittedHistory::in_unknown_range(models::Zxid zxid) const {
  auto it = unknown_.lower_bound(zxid);  // the first range whose high end is >= zxid
  return it != unknown_.end() && it->second < zxid;
}

// Runs only when a violation is being reported, so its linear scan costs nothing in a correct run.
std::optional<models::Zxid> CommittedHistory::first_acknowledged(models::Zxid from, models::Zxid to) const {
  for (auto it = lower(from); it != chain_.end() && it->zxid < to; ++it)
    if (it->acknowledged) return it->zxid;
  return std::nullopt;
}

void CommittedHistory::add_pending(const Entry& entry) {
  assert(entry.zxid > end());
  assert(!pending_.count(entry.zxid));
  pending_.emplace(entry.zxid, entry);
}

CommittedHistory::Dropped CommittedHistory::extend(models::Zxid zxid, TxnOrigin origin) {
  assert(zxid > end());
  Dropped dropped;
  Entry entry{zxid, origin, true, false, models::kNoNode};
  // Each pending claim is erased once, here: extensions cost amortized O(log n).
  while (!pending_.empty() && pending_.begin()->first <= zxid) {
    const Entry claim = pending_.begin()->second;
    pending_.erase(pending_.begin());
    if (claim.zxid == zxid) {
      entry.acknowledged = claim.acknowledged;
      continue;
    }
    if (!dropped.first) dropped.first = claim;
    if (claim.acknowledged && !dropped.first_acknowledged) dropped.first_acknowledged = claim;
  }
  chain_.push_back(entry);
  return dropped;
}

void CommittedHistory::sync_ahead(models::Zxid zxid, models::NodeId server) {
  assert(zxid > end());
  const models::Zxid old_end = end();
  while (!pending_.empty() && pending_.begin()->first <= zxid) {
    chain_.push_back(pending_.begin()->second);
    pending_.erase(pending_.begin());
  }
  if (chain_.empty() || chain_.back().zxid != zxid)
    chain_.push_back(Entry{zxid, TxnOrigin{}, false, false, server});
  unknown_.emplace(zxid, old_end);
}

void CommittedHistory::insert_inside(const Entry& entry) {
  assert(entry.zxid < end() && in_unknown_range(entry.zxid) && !find(entry.zxid));
  chain_.insert(lower(entry.zxid), entry);
}

}  // namespace analysis
