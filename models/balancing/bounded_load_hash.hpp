#pragma once
// bounded_load_hash: consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam; the
// scheme HAProxy and Envoy ship). Plain ring hashing can leave a server with several times its
// share; here a server whose active requests reached its capacity ceil(c x (m + 1) x weight / W)
// (m requests in flight, W total weight, c >= 1) is skipped and the key walks clockwise to the next
// eligible one, so no server ever exceeds ceil(c x average). Without load information it is plain
// consistent hashing.
#include "models/balancing/hash_ring.hpp"
#include "models/balancing/strategy.hpp"

namespace models::balancing {

class BoundedLoadHash final : public Strategy {
 public:
  BoundedLoadHash(std::uint32_t virtual_nodes, double load_bound_factor);
  std::string_view name() const override { return "bounded_load_hash"; }

 protected:
  bool on_members_changed(const std::vector<Member>&, Rng&) override;
  NodeId choose(const PickContext& ctx, Rng&) override;

 private:
  std::uint32_t virtual_nodes_;
  double load_bound_factor_;
  HashRing ring_;
};

}  // namespace models::balancing
