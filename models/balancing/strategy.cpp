#include "models/balancing/strategy.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace models::balancing {

std::vector<Member> equal_members(const std::vector<NodeId>& ids) {
  std::vector<Member> members;
  members.reserve(ids.size());
  for (NodeId id : ids) members.push_back({id, 1.0});
  return members;
}

double weight_of(NodeId id, const std::map<NodeId, double>& weights) {
  const auto it = weights.find(id);
  return it == weights.end() ? 1.0 : it->second;
}

std::vector<Member> weighted_members(const std::vector<NodeId>& ids, const std::map<NodeId, double>& weights) {
  std::vector<Member> members;
  members.reserve(ids.size());
  for (NodeId id : ids) members.push_back({id, weight_of(id, weights)});
  return members;
}

std::uint64_t LoadTable::active_requests(NodeId member) const {
  const auto it = active_.find(member);
  return it == active_.end() ? 0 : it->second;
}

void LoadTable::set(NodeId member, std::uint64_t active) { active_[member] = active; }

void LoadTable::add(NodeId member, std::int64_t delta) {
  std::uint64_t& active = active_[member];
  assert(delta >= 0 || active >= static_cast<std::uint64_t>(-delta));
  active = static_cast<std::uint64_t>(static_cast<std::int64_t>(active) + delta);
}

std::uint64_t LoadTable::total() const {
  std::uint64_t sum = 0;
  for (const auto& [member, active] : active_) sum += active;
  return sum;
}

bool Strategy::set_members(std::vector<Member> members, Rng& rng) {
  std::sort(members.begin(), members.end(),
            [](const Member& a, const Member& b) { return a.id < b.id; });
  for (std::size_t i = 0; i < members.size(); ++i) {
    assert(members[i].id != kNoNode);
    assert(std::isfinite(members[i].weight) && members[i].weight > 0);
    assert(i == 0 || members[i - 1].id != members[i].id);  // ids are unique
  }
  std::vector<Member> old_members = std::move(members_);
  members_ = std::move(members);
  const bool moves = on_members_changed(old_members, rng);
  const bool left = last_pick_ != kNoNode && !is_member(last_pick_);
  return moves || left;
}

NodeId Strategy::pick(const PickContext& ctx, Rng& rng) {
  if (members_.empty()) return kNoNode;
  const NodeId chosen = choose(ctx, rng);
  assert(is_member(chosen));
  last_pick_ = chosen;
  return chosen;
}

std::size_t Strategy::index_of(NodeId id) const {
  const auto it = std::lower_bound(members_.begin(), members_.end(), id,
                                   [](const Member& m, NodeId wanted) { return m.id < wanted; });
  if (it == members_.end() || it->id != id) return members_.size();
  return static_cast<std::size_t>(it - members_.begin());
}

bool Strategy::equal_weights() const {
  return std::all_of(members_.begin(), members_.end(),
                     [&](const Member& m) { return m.weight == members_.front().weight; });
}

double Strategy::total_weight() const {
  double sum = 0;
  for (const Member& m : members_) sum += m.weight;
  return sum;
}

std::uint64_t active_requests(const PickContext& ctx, NodeId member) {
  return ctx.load == nullptr ? 0 : ctx.load->active_requests(member);
}

}  // namespace models::balancing
