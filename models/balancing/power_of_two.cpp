#include "models/balancing/power_of_two.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace models::balancing {

PowerOfTwo::PowerOfTwo(double active_request_bias) : active_request_bias_(active_request_bias) {
  assert(std::isfinite(active_request_bias) && active_request_bias >= 0);
}

bool PowerOfTwo::on_members_changed(const std::vector<Member>&, Rng&) {
  cumulative_weight_.clear();
  if (equal_weights()) return false;
  double sum = 0;
  for (const Member& m : members()) {
    sum += m.weight;
    cumulative_weight_.push_back(sum);
  }
  return false;
}

std::size_t PowerOfTwo::draw(Rng& rng) const {
  if (cumulative_weight_.empty())
    return static_cast<std::size_t>(rng.uniform_u64(members().size()));
  const double target = rng.uniform01() * cumulative_weight_.back();
  const auto it = std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), target);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_weight_.begin()),
                               members().size() - 1);
}

// Bias 1 (Envoy's default) avoids std::pow, whose last bit may differ between C libraries.
double PowerOfTwo::score(const PickContext& ctx, std::size_t index) const {
  const Member& m = members()[index];
  const double load = static_cast<double>(active_requests(ctx, m.id) + 1);
  if (active_request_bias_ == 1.0) return m.weight / load;
  return m.weight / std::pow(load, active_request_bias_);
}

// Both draws are independent, so they may name the same member, as in the analysed process.
// On a tie the first draw wins.
NodeId PowerOfTwo::choose(const PickContext& ctx, Rng& rng) {
  const std::size_t first = draw(rng);
  const std::size_t second = draw(rng);
  const std::size_t chosen = score(ctx, second) > score(ctx, first) ? second : first;
  return members()[chosen].id;
}

}  // namespace models::balancing
