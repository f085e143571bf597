#pragma once
// The part of ZooKeeper's DataTree the simulator needs: which keys exist and how many bytes each
// holds. Reads are answered from it, and its size is what a SNAP costs on the network and disk.
#include <cstdint>
#include <map>
#include <vector>

#include "models/core/txn.hpp"

namespace models::zab {

class DataTree {
 public:
  // A znode's fixed cost in a serialized snapshot (path, stat, ACL reference), beside its data.
  static constexpr std::uint64_t kZnodeOverheadBytes = 100;

  void apply(const Txn& txn);
  void clear();
  std::uint32_t value_bytes(std::uint64_t key) const;
  std::uint64_t snapshot_bytes() const { return data_bytes_ + kZnodeOverheadBytes * value_bytes_by_key_.size(); }
  std::size_t nodes() const { return value_bytes_by_key_.size(); }

  // The tree that applying txns[0, count) to an empty tree gives.
  static DataTree replay(const std::vector<Txn>& txns, std::size_t count);

 private:
  std::map<std::uint64_t, std::uint32_t> value_bytes_by_key_;
  std::uint64_t data_bytes_ = 0;
};

}  // namespace models::zab
