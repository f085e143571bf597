#include "models/balancing/zk_rebalance.hpp"

#include <algorithm>
#include <cassert>

namespace models::balancing {

namespace {

std::vector<NodeId> sorted(std::vector<NodeId> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

NodeId uniform_from(const std::vector<NodeId>& ids, Rng& rng) {
  assert(!ids.empty());
  return ids[static_cast<std::size_t>(rng.uniform_u64(ids.size()))];
}

}  // namespace

NodeId zk_rebalance_target(const std::vector<NodeId>& old_servers,
                           const std::vector<NodeId>& new_servers, NodeId current, Rng& rng) {
  const std::vector<NodeId> s = sorted(old_servers);
  const std::vector<NodeId> s_new = sorted(new_servers);
  assert(std::binary_search(s.begin(), s.end(), current));
  assert(!s_new.empty());
  std::vector<NodeId> kept, added;  // M and N, both sorted
  std::set_intersection(s.begin(), s.end(), s_new.begin(), s_new.end(), std::back_inserter(kept));
  std::set_difference(s_new.begin(), s_new.end(), s.begin(), s.end(), std::back_inserter(added));
  const bool current_kept = std::binary_search(kept.begin(), kept.end(), current);
  const std::uint64_t old_size = s.size(), new_size = s_new.size();
  if (old_size < new_size) {
    // Drawn only for a client that may stay, as the real client does.
    const double move = 1.0 - static_cast<double>(old_size) / static_cast<double>(new_size);
    if (current_kept && !rng.bernoulli(move)) return current;
    return uniform_from(added, rng);
  }
  if (current_kept) return current;
  // Integers until the division: with N empty the probability is exactly 1, with M empty 0.
  const std::uint64_t removed = old_size - kept.size();
  const std::uint64_t numerator = kept.size() * (old_size - new_size);
  const std::uint64_t denominator = new_size * removed;
  if (added.empty() || numerator >= denominator) return uniform_from(kept, rng);
  if (kept.empty() || numerator == 0) return uniform_from(added, rng);
  const double to_kept = static_cast<double>(numerator) / static_cast<double>(denominator);
  return rng.bernoulli(to_kept) ? uniform_from(kept, rng) : uniform_from(added, rng);
}

}  // namespace models::balancing
