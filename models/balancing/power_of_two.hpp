#pragma once
// power_of_two: draw two members independently, keep the less loaded. Mitzenmacher's "power of two
// choices": the busiest of n servers after n requests holds about ln ln n / ln 2 + O(1) of them
// instead of random's ln n / ln ln n, at the cost of two load lookups and no global scan. With
// equal weights the draws are uniform and fewer active requests wins. With unequal weights the
// draws are proportional to weight (uniform draws would cap a member's share at 1 - (1 - 1/n)^2
// whatever its weight) and the comparison is Envoy's least-request score
// weight / (active + 1)^bias, the higher winning, so that loads settle in proportion to weight.
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class PowerOfTwo final : public Strategy {
 public:
  explicit PowerOfTwo(double active_request_bias);
  std::string_view name() const override { return "power_of_two"; }

 protected:
  bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) override;
  NodeId choose(const PickContext& ctx, Rng& rng) override;

 private:
  std::size_t draw(Rng& rng) const;
  double score(const PickContext& ctx, std::size_t index) const;

  double active_request_bias_;
  std::vector<double> cumulative_weight_;  // empty when all weights are equal
};

}  // namespace models::balancing
