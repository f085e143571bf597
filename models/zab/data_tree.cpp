#include "models/zab/data_tree.hpp"

#include <cassert>

namespace models::zab {

void DataTree::apply(const Txn& txn) {
  std::uint32_t& bytes = value_bytes_by_key_[txn.op.key];
  assert(data_bytes_ >= bytes);
  data_bytes_ = data_bytes_ - bytes + txn.op.value_bytes;
  bytes = txn.op.value_bytes;
}

void DataTree::clear() {
  value_bytes_by_key_.clear();
  data_bytes_ = 0;
}

std::uint32_t DataTree::value_bytes(std::uint64_t key) const {
  auto it = value_bytes_by_key_.find(key);
  return it == value_bytes_by_key_.end() ? 0 : it->second;
}

DataTree DataTree::replay(const std::vector<Txn>& txns, std::size_t count) {
  assert(count <= txns.size());
  DataTree tree;
  for (std::size_t i = 0; i < count; ++i) tree.apply(txns[i]);
  return tree;
}

}  // namespace models::zab
