#include "models/balancing/sticky.hpp"

#include <cassert>

namespace models::balancing {

Sticky::Sticky(std::unique_ptr<Strategy> inner) : inner_(std::move(inner)) {
  assert(inner_ != nullptr);
}

// The inner strategy sees every change so that it is ready when asked; its own wish to move a
// session is ignored, since staying is the point of this strategy.
bool Sticky::on_members_changed(const std::vector<Member>&, Rng& rng) {
  inner_->set_members(members(), rng);
  return false;
}

NodeId Sticky::choose(const PickContext& ctx, Rng& rng) {
  if (last_pick() != kNoNode && is_member(last_pick())) return last_pick();
  return inner_->pick(ctx, rng);
}

}  // namespace models::balancing
