#pragma once
// weighted_random: member i with probability weight_i / sum(weight). The stateless way to send a
// bigger server its bigger share; unlike weighted round robin the shares only hold on average.
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class WeightedRandom final : public Strategy {
 public:
  std::string_view name() const override { return "weighted_random"; }

 protected:
  bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) override;
  NodeId choose(const PickContext& ctx, Rng& rng) override;

 private:
  std::vector<double> cumulative_weight_;  // cumulative_weight_[i] = sum of weights 0..i
};

}  // namespace models::balancing
