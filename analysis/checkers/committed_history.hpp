#pragma once
// The global committed history as the safety checker has learned it from a run's observations:
// zxid -> the (client, cxid) of the write it carries. It is the reference every server's
// deliveries are compared with.
//
// It has three parts:
//  - the chain: every zxid up to end(), in order. Synced servers extend it by delivering a zxid
//    greater than every known one; because they are checked to be gap-free, the chain holds every
//    committed zxid up to end(), except inside unknown ranges (below).
//  - pending entries above end(): zxids delivered by servers not (yet) synced, or acknowledged to
//    clients, before any synced server delivered them. They are committed claims to be confirmed:
//    when the chain grows past one without containing it, that claim was false.
//  - unknown ranges (lo, hi]: a server said its state is the history up to hi (StateSynced) while
//    the chain ended at lo, for instance a new leader whose log holds transactions of the old
//    epoch that nobody had delivered yet. The checker trusts that server for the existence of hi,
//    but the other zxids between lo and hi are unknown to it, so a delivery of one of them is
//    accepted (and learned) rather than called a gap.
//
// Memory: 32 bytes per transaction of the chain (it only ever grows at its end, except when a
// transaction inside an unknown range is learned, which is rare and close to the end), plus the
// pending claims and one entry per unknown range. Lookups are binary searches.
//
// Compaction keeps that bounded over long runs: the oldest part of the chain, which the checker
// no longer needs entry by entry (every live synced server has delivered it), is folded into
//  - runs: each a stretch of consecutive counters of one epoch (one run per epoch in a correct
//    history), which still answer whether a zxid is in the history and which one comes next, so
//    that gap and prefix checks hold over it;
//  - blocks: a digest of every `block_entries` folded entries (a sum of a hash of each zxid and
//    its write), against which a server delivering that part again is checked block by block.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "models/core/ids.hpp"

namespace analysis {

// The write a transaction carries: its client and the client's own request counter.
struct TxnOrigin {
  models::NodeId client = models::kNoNode;
  std::uint64_t cxid = 0;
  bool operator==(const TxnOrigin&) const = default;
};

class CommittedHistory {
 public:
  struct Entry {
    models::Zxid zxid = 0;
    TxnOrigin origin;  // meaningful only when known
    // False for a zxid known only from a StateSynced: it is committed, its content not yet seen.
    bool known = true;
    bool acknowledged = false;  // a client was told its write committed at this zxid
    // The server that first delivered it while not synced, or synced to it (for an unknown
    // entry); kNoNode for a claim that came from a client's acknowledgement. For messages only.
    models::NodeId source = models::kNoNode;
  };
  // What a chain extension left out: pending claims below the new end that were not confirmed.
  struct Dropped {
    std::optional<Entry> first;               // the first dropped claim, if any
    std::optional<Entry> first_acknowledged;  // the first dropped acknowledged write, if any
  };

  // A stretch of the folded history: consecutive counters of one epoch.
  struct Run {
    models::Zxid first = 0;
    models::Zxid last = 0;
  };
  // The digest of folded entries first..last (in zxid order); verifiable unless one of them was
  // folded with its write unknown.
  struct Block {
    models::Zxid first = 0;
    models::Zxid last = 0;
    std::uint64_t digest = 0;
    bool verifiable = true;
  };

  models::Zxid end() const { return chain_.empty() ? compacted_upto_ : chain_.back().zxid; }
  std::size_t size() const { return chain_.size(); }
  std::size_t pending() const { return pending_.size(); }
  // Everything up to here is folded (0: nothing).
  models::Zxid compacted_upto() const { return compacted_upto_; }
  std::uint64_t compacted_entries() const { return compacted_entries_; }
  bool in_compacted(models::Zxid zxid) const;
  // The closed block a folded zxid belongs to, if any.
  const Block* block_of(models::Zxid zxid) const;
  static std::uint64_t digest_of(models::Zxid zxid, TxnOrigin origin);

  // The entry for zxid, in the chain or pending; nullptr if none.
  const Entry* find(models::Zxid zxid) const;
  Entry* find(models::Zxid zxid);
  // The smallest zxid of the chain greater than after, if any.
  std::optional<models::Zxid> next_after(models::Zxid after) const;
  // The greatest zxid of the chain smaller than before (0 if none: the empty prefix).
  models::Zxid previous_before(models::Zxid before) const;
  // True if zxid (not in the chain) lies in an unknown range, where the chain may lack entries.
  bool in_unknown_range(models::Zxid zxid) const;
  // The first acknowledged chain entry with from <= zxid < to, if any.
  std::optional<models::Zxid> first_acknowledged(models::Zxid from, models::Zxid to) const;

  // Records a claim above end() (precondition: zxid > end() and no entry for it yet).
  void add_pending(const Entry& entry);
  // Appends zxid (> end()) to the chain, confirming its pending claim if there is one (the caller
  // has checked that the origins agree) and dropping the unconfirmed claims below it.
  Dropped extend(models::Zxid zxid, TxnOrigin origin);
  // A server synced to zxid > end(): the chain now ends at zxid, pending claims up to it are
  // taken as committed, and (old end, zxid] becomes an unknown range.
  void sync_ahead(models::Zxid zxid, models::NodeId server);
  // Learns a zxid < end() inside an unknown range (precondition: in_unknown_range(zxid)).
  void insert_inside(const Entry& entry);
  // Folds the chain's oldest entries up to zxid while more than `keep` remain (at least one stays,
  // so that end() stays an entry), calling on_fold with each first.
  void compact_upto(models::Zxid zxid, std::size_t keep, std::size_t block_entries,
                    const std::function<void(const Entry&)>& on_fold);

 private:
  std::deque<Entry>::const_iterator lower(models::Zxid zxid) const;
  void fold(const Entry& entry, std::size_t block_entries);

  std::deque<Entry> chain_;                         // sorted by zxid, all above compacted_upto_
  std::map<models::Zxid, Entry> pending_;           // all above end()
  std::map<models::Zxid, models::Zxid> unknown_;    // hi -> lo of each unknown range (lo, hi]
  std::vector<Run> runs_;
  std::vector<Block> blocks_;
  Block open_block_;                                // folded entries not yet in a closed block
  std::size_t open_entries_ = 0;
  models::Zxid compacted_upto_ = 0;
  std::uint64_t compacted_entries_ = 0;
};

}  // namespace analysis
