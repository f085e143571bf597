#pragma once
// A server's in-memory copy of its transaction log: the logged transactions it still holds in full
// (ZooKeeper's committed log plus the proposals it has logged but not yet seen committed, and
// what it may read back from its log files), and how far they are known committed. What it no
// longer holds lives on in snapshots: everything up to base_zxid() was compacted away. The
// durable copy is the runtime's: every change made here is mirrored by a StorageOp the caller
// returns, so that memory and disk agree once the fsync completes.
#include <cstddef>
#include <deque>
#include <optional>

#include "models/core/ids.hpp"
#include "models/core/storage.hpp"
#include "models/core/txn.hpp"

namespace models::zab {

class History {
 public:
  History() = default;
  // Rebuilds the log from durable state alone: the newest snapshot is known committed, the logged
  // transactions after it may or may not be (a restarted server cannot tell until it syncs).
  explicit History(const PersistentState& durable);

  // Transactions up to base_zxid() are no longer held (base_zxid() itself is known to be logged,
  // or to be the empty prefix 0).
  Zxid base_zxid() const { return base_zxid_; }
  Zxid last_zxid() const { return txns_.empty() ? base_zxid_ : txns_.back().zxid; }
  Zxid committed_zxid() const { return committed_zxid_; }
  std::size_t size() const { return txns_.size(); }
  bool empty() const { return txns_.empty(); }
  const Txn& at(std::size_t index) const { return txns_[index]; }
  const std::deque<Txn>& txns() const { return txns_; }

  // Index of the first held transaction with a zxid greater than zxid (size() if none).
  std::size_t upper_index(Zxid zxid) const;
  // Whether zxid is known to be in the log: held, or the base.
  bool contains(Zxid zxid) const;
  const Txn* find(Zxid zxid) const;
  // The first logged transaction above the commit point, if any: the only one that may commit next.
  std::optional<Zxid> next_uncommitted() const;

  void append(const Txn& txn);
  // Precondition: zxid >= base_zxid() (a held transaction, or the base).
  void truncate_after(Zxid zxid);
  // A SNAP: the log is now the committed history up to zxid, of which nothing is held.
  void install(Zxid zxid);
  // Marks everything up to zxid committed (precondition: zxid is 0 or known, and not below the
  // current commit point).
  void commit_upto(Zxid zxid);
  // Drops the held transactions up to zxid (precondition: zxid <= committed_zxid()): they are in
  // a snapshot now, and nothing will read them back.
  void compact_upto(Zxid zxid);

  // Checks the order of what was logged since the last check only: the log grows by a transaction
  // per write, and walking all of it at each check made a long run quadratic (measured: 8% of a
  // 300 s canonical run).
  void check_invariants() const;

 private:
  std::deque<Txn> txns_;  // in strictly increasing zxid order, all above base_zxid_
  Zxid base_zxid_ = 0;
  Zxid committed_zxid_ = 0;
  mutable std::size_t checked_size_ = 0;  // txns_[0, checked_size_) were found in order
};

}  // namespace models::zab
