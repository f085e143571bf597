#include "analysis/checkers/committed_history.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>

#include "models/core/partition_point_from_back.hpp"

namespace analysis {

std::deque<CommittedHistory::Entry>::const_iterator CommittedHistory::lower(models::Zxid zxid) const {
  // Deliveries follow the end of the chain: search from there.
  return models::partition_point_from_back(chain_.begin(), chain_.end(), [zxid](const Entry& e) { return e.zxid < zxid; });
}

const CommittedHistory::Entry* CommittedHistory::find(models::Zxid zxid) const {
  if (zxid <= compacted_upto_) return nullptr;  // folded: no entry, see in_compacted
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
  if (after < compacted_upto_) {
    // The run holding after (or the first one after it) says which zxid follows.
    auto run = std::lower_bound(runs_.begin(), runs_.end(), after, [](const Run& r, models::Zxid z) { return r.last < z; });
    if (run != runs_.end() && run->first <= after && after < run->last) return after + 1;
    if (run != runs_.end() && run->first > after) return run->first;
    if (run != runs_.end() && ++run != runs_.end()) return run->first;
  }
  auto it = lower(after);
  if (it != chain_.end() && it->zxid == after) ++it;
  if (it == chain_.end()) return std::nullopt;
  return it->zxid;
}

models::Zxid CommittedHistory::previous_before(models::Zxid before) const {
  auto it = lower(before);
  if (it != chain_.begin()) return std::prev(it)->zxid;
  auto run = std::lower_bound(runs_.begin(), runs_.end(), before, [](const Run& r, models::Zxid z) { return r.last < z; });
  if (run != runs_.end() && run->first < before) return before - 1;  // before is inside that run
  return run == runs_.begin() ? 0 : std::prev(run)->last;
}

bool CommittedHistory::in_compacted(models::Zxid zxid) const {
  if (zxid == 0 || zxid > compacted_upto_) return false;
  auto run = std::lower_bound(runs_.begin(), runs_.end(), zxid, [](const Run& r, models::Zxid z) { return r.last < z; });
  return run != runs_.end() && run->first <= zxid;
}

const CommittedHistory::Block* CommittedHistory::block_of(models::Zxid zxid) const {
  auto block = std::lower_bound(blocks_.begin(), blocks_.end(), zxid, [](const Block& b, models::Zxid z) { return b.last < z; });
  return block != blocks_.end() && block->first <= zxid ? &*block : nullptr;
}

// SplitMix64's finalizer over the zxid and the write: a sum of these is the same in any order,
// and two different sets of writes give the same sum only by a 2^-64 accident.
std::uint64_t CommittedHistory::digest_of(models::Zxid zxid, TxnOrigin origin) {
  std::uint64_t x = zxid * 0x9e3779b97f4a7c15ull ^ (static_cast<std::uint64_t>(origin.client) << 40) ^ origin.cxid;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

void CommittedHistory::compact_upto(models::Zxid zxid, std::size_t keep, std::size_t block_entries,
                                    const std::function<void(const Entry&)>& on_fold) {
  while (chain_.size() > std::max<std::size_t>(keep, 1) && chain_.front().zxid <= zxid) {
    on_fold(chain_.front());
    fold(chain_.front(), block_entries);
    chain_.pop_front();
  }
}

void CommittedHistory::fold(const Entry& entry, std::size_t block_entries) {
  const models::Zxid z = entry.zxid;
  const bool extends = !runs_.empty() && models::epoch_of(runs_.back().last) == models::epoch_of(z) &&
                       runs_.back().last + 1 == z;
  if (extends) runs_.back().last = z;
  else runs_.push_back(Run{z, z});
  if (open_entries_ == 0) open_block_ = Block{z, z, 0, true};
  open_block_.last = z;
  open_block_.digest += digest_of(z, entry.origin);
  open_block_.verifiable = open_block_.verifiable && entry.known;
  if (++open_entries_ >= std::max<std::size_t>(block_entries, 1)) {
    blocks_.push_back(open_block_);
    open_entries_ = 0;
  }
  compacted_upto_ = z;
  ++compacted_entries_;
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
  assert(entry.zxid < end() && entry.zxid > compacted_upto_ && in_unknown_range(entry.zxid) && !find(entry.zxid));
  chain_.insert(lower(entry.zxid), entry);
}

}  // namespace analysis
