#include "models/balancing/consistent_hash.hpp"

#include "models/balancing/hash.hpp"

namespace models::balancing {

bool ConsistentHash::on_members_changed(const std::vector<Member>&, Rng&) {
  ring_.build(members(), virtual_nodes_);
  return false;
}

NodeId ConsistentHash::choose(const PickContext& ctx, Rng&) {
  return members()[ring_.member_index_at(ring_.successor(hash64(ctx.key)))].id;
}

}  // namespace models::balancing
