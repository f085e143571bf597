#include "models/balancing/zk_host_provider.hpp"

#include <algorithm>
#include <cassert>

#include "models/balancing/zk_rebalance.hpp"

namespace models::balancing {

namespace {
std::vector<NodeId> ids_of(const std::vector<Member>& members) {
  std::vector<NodeId> ids;
  for (const Member& m : members) ids.push_back(m.id);
  return ids;
}
}  // namespace

std::size_t ZkHostProvider::position_after(NodeId server) const {
  const auto it = std::find(shuffled_.begin(), shuffled_.end(), server);
  assert(it != shuffled_.end());
  return static_cast<std::size_t>(it - shuffled_.begin() + 1) % shuffled_.size();
}

// A client that has never connected (or whose previous server was not in the old list) just takes
// the new shuffled list; otherwise ZOOKEEPER-1355 decides, and a client that stays continues its
// round robin after its current server in the new order.
bool ZkHostProvider::on_members_changed(const std::vector<Member>& old_members, Rng& rng) {
  const std::vector<NodeId> old_ids = ids_of(old_members);
  shuffled_ = ids_of(members());
  rng.shuffle(shuffled_);
  next_index_ = 0;
  rebalance_target_ = kNoNode;
  const NodeId current = last_pick();
  if (shuffled_.empty() || current == kNoNode ||
      !std::binary_search(old_ids.begin(), old_ids.end(), current)) {
    return false;
  }
  const NodeId target = zk_rebalance_target(old_ids, ids_of(members()), current, rng);
  if (target == current) {
    next_index_ = position_after(current);
    return false;
  }
  rebalance_target_ = target;
  return true;
}

NodeId ZkHostProvider::choose(const PickContext&, Rng&) {
  NodeId chosen = rebalance_target_;
  if (chosen == kNoNode) chosen = shuffled_[next_index_];
  rebalance_target_ = kNoNode;
  next_index_ = position_after(chosen);
  return chosen;
}

}  // namespace models::balancing
