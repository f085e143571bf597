#include "models/balancing/hash_ring.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "models/balancing/hash.hpp"

namespace models::balancing {

void HashRing::build(const std::vector<Member>& members, std::uint32_t virtual_nodes) {
  assert(virtual_nodes > 0);
  points_.clear();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const double wanted = std::round(virtual_nodes * members[i].weight);
    const auto count = static_cast<std::uint64_t>(std::max(1.0, wanted));
    for (std::uint64_t point = 0; point < count; ++point) {
      points_.push_back({hash_pair(members[i].id, point), static_cast<std::uint32_t>(i)});
    }
  }
  std::sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.member_index < b.member_index;
  });
}

std::size_t HashRing::successor(std::uint64_t key_hash) const {
  assert(!points_.empty());
  const auto it = std::lower_bound(points_.begin(), points_.end(), key_hash,
                                   [](const Point& p, std::uint64_t h) { return p.hash < h; });
  if (it == points_.end()) return 0;
  return static_cast<std::size_t>(it - points_.begin());
}

}  // namespace models::balancing
