#pragma once
// weighted_round_robin: nginx's smooth weighted round robin (ngx_http_upstream_get_peer). Each pick
// adds every member's weight to its running score, takes the member with the highest score (the
// lower id on a tie, as nginx takes the first in its list) and subtracts the total weight from it.
// Over any total-weight picks each member gets exactly its weight's share, and a heavy member's turns
// are spread out: weights 5, 1, 1 give a a b a c a a, not a a a a a b c. Deterministic: no random
// start, as nginx has none; a membership change resets the scores, as an nginx reload does.
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class WeightedRoundRobin final : public Strategy {
 public:
  std::string_view name() const override { return "weighted_round_robin"; }

 protected:
  bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) override;
  NodeId choose(const PickContext& ctx, Rng& rng) override;

 private:
  std::vector<double> score_;  // nginx's current_weight, per member in id order
};

}  // namespace models::balancing
