#pragma once
// jump_hash: Lamping and Veach's jump consistent hash (2014). No table and no ring: a key jumps
// forward through bucket numbers with a key-seeded generator, and growing from n to n + 1 buckets
// moves exactly the keys whose jump lands on bucket n, an expected 1 / (n + 1) of them. Buckets
// are positions 0..n-1 in the id-sorted member list, so the property holds when new servers get
// higher ids; removing a server other than the highest renumbers the rest (the algorithm's known
// limit). The key is hashed first so that sequential ids spread; weights are ignored.
#include <cstdint>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

// The paper's function, verbatim in behaviour: bucket in [0, buckets).
std::uint32_t jump_consistent_hash(std::uint64_t key, std::uint32_t buckets);

class JumpHash final : public Strategy {
 public:
  std::string_view name() const override { return "jump_hash"; }

 protected:
  bool on_members_changed(const std::vector<Member>&, Rng&) override { return false; }
  NodeId choose(const PickContext& ctx, Rng&) override;
};

}  // namespace models::balancing
