#pragma once
// The hash ring shared by consistent_hash and bounded_load_hash (Karger et al.): every member owns
// round(virtual_nodes x weight) points (at least one) placed by hashing (member id, point number);
// a key belongs to the first point clockwise from its hash. Points depend only on the member's own
// id, so adding a member only takes keys from others and removing one only gives its keys away.
#include <cstdint>
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class HashRing {
 public:
  void build(const std::vector<Member>& members, std::uint32_t virtual_nodes);
  // Position in points() of the first point at or after the hash, wrapping past the top.
  std::size_t successor(std::uint64_t key_hash) const;
  std::size_t member_index_at(std::size_t position) const { return points_[position].member_index; }
  std::size_t size() const { return points_.size(); }

 private:
  struct Point {
    std::uint64_t hash;
    std::uint32_t member_index;  // into the id-sorted member list
  };
  std::vector<Point> points_;  // sorted by (hash, member index)
};

}  // namespace models::balancing
