#include "models/balancing/bounded_load_hash.hpp"

#include <cassert>
#include <cmath>

#include "models/balancing/hash.hpp"

namespace models::balancing {

BoundedLoadHash::BoundedLoadHash(std::uint32_t virtual_nodes, double load_bound_factor)
    : virtual_nodes_(virtual_nodes), load_bound_factor_(load_bound_factor) {
  assert(std::isfinite(load_bound_factor) && load_bound_factor >= 1.0);
}

bool BoundedLoadHash::on_members_changed(const std::vector<Member>&, Rng&) {
  ring_.build(members(), virtual_nodes_);
  return false;
}

// The capacities sum to at least c (m + 1) > m, so some member is below its own and the walk,
// bounded by the ring's size, always ends on one.
NodeId BoundedLoadHash::choose(const PickContext& ctx, Rng&) {
  const std::size_t start = ring_.successor(hash64(ctx.key));
  if (ctx.load == nullptr) return members()[ring_.member_index_at(start)].id;
  std::uint64_t in_flight = 0;
  for (const Member& m : members()) in_flight += ctx.load->active_requests(m.id);
  const double per_weight =
      load_bound_factor_ * static_cast<double>(in_flight + 1) / total_weight();
  for (std::size_t step = 0; step < ring_.size(); ++step) {
    const Member& m = members()[ring_.member_index_at((start + step) % ring_.size())];
    const double capacity = std::ceil(per_weight * m.weight);
    if (static_cast<double>(ctx.load->active_requests(m.id)) < capacity) return m.id;
  }
  assert(false && "bounded_load_hash: every member at capacity");
  return members()[ring_.member_index_at(start)].id;
}

}  // namespace models::balancing
