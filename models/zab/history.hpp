#pragma once
// A server's in-memory copy of its transaction log (ZooKeeper's ZKDatabase committed log plus the
// proposals it has logged but not yet seen committed). The durable copy is the runtime's: every
// change made here is mirrored by a StorageOp the caller returns, so that memory and disk agree
// once the fsync completes.
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/storage.hpp"
#include "models/core/txn.hpp"

namespace models::zab {

class History {
 public:
  History() = default;
  // Rebuilds the log from durable state alone: the snapshot is known committed, the logged
  // transactions after it may or may not be (a restarted server cannot tell until it syncs).
  explicit History(const PersistentState& durable);

  Zxid last_zxid() const { return txns_.empty() ? 0 : txns_.back().zxid; }
  Zxid committed_zxid() const { return committed_zxid_; }
  std::size_t size() const { return txns_.size(); }
  bool empty() const { return txns_.empty(); }
  const Txn& at(std::size_t index) const { return txns_.at(index); }
  const std::vector<Txn>& txns() const { return txns_; }

  // Index of the first transaction with a zxid greater than zxid (size() if none).
  std::size_t upper_index(Zxid zxid) const;
  bool contains(Zxid zxid) const;
  const Txn* find(Zxid zxid) const;
  // The greatest logged zxid that is <= zxid, or 0 (the empty prefix).
  Zxid floor_zxid(Zxid zxid) const;
  // How many logged transactions have from < zxid <= to.
  std::size_t count_between(Zxid from, Zxid to) const;
  // The first logged transaction above the commit point, if any: the only one that may commit next.
  std::optional<Zxid> next_uncommitted() const;

  void append(const Txn& txn);
  void truncate_after(Zxid zxid);
  void install(const std::shared_ptr<const std::vector<Txn>>& committed, Zxid zxid);
  // Marks everything up to zxid committed (precondition: zxid is 0 or logged, and not below the
  // current commit point).
  void commit_upto(Zxid zxid);
  // The committed transactions up to zxid, shared so that a SNAP copies them once.
  std::shared_ptr<const std::vector<Txn>> prefix_upto(Zxid zxid) const;

  // Checks the order of what was logged since the last check only: the log grows by a transaction
  // per write, and walking all of it at each check made a long run quadratic (measured: 8% of a
  // 300 s canonical run).
  void check_invariants() const;

 private:
  std::vector<Txn> txns_;  // in strictly increasing zxid order
  Zxid committed_zxid_ = 0;
  mutable std::size_t checked_size_ = 0;  // txns_[0, checked_size_) were found in order
};

}  // namespace models::zab
