#pragma once
// consistent_hash: a key goes to the clockwise successor of its hash on the ring. Growing from n to
// n + 1 servers moves about 1 / (n + 1) of the keys, all of them to the new server; with k virtual
// nodes per server the load's relative standard deviation is about 1 / sqrt(k).
#include "models/balancing/hash_ring.hpp"
#include "models/balancing/strategy.hpp"

namespace models::balancing {

class ConsistentHash final : public Strategy {
 public:
  explicit ConsistentHash(std::uint32_t virtual_nodes) : virtual_nodes_(virtual_nodes) {}
  std::string_view name() const override { return "consistent_hash"; }

 protected:
  bool on_members_changed(const std::vector<Member>&, Rng&) override;
  NodeId choose(const PickContext& ctx, Rng&) override;

 private:
  std::uint32_t virtual_nodes_;
  HashRing ring_;
};

}  // namespace models::balancing
