#pragma once
// round_robin: Curator's default service-discovery strategy and the simplest fair one. Equal
// weights walk the members in id order from a random start (so that a thousand clients started
// together do not all hit the first server); unequal weights use earliest-deadline-first, each
// member's virtual deadline advancing by 1/weight when it is picked, which keeps every member
// within one pick of its exact proportional share at all times.
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class RoundRobin final : public Strategy {
 public:
  std::string_view name() const override { return "round_robin"; }

 protected:
  bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) override;
  NodeId choose(const PickContext& ctx, Rng& rng) override;

 private:
  NodeId choose_earliest_deadline();

  bool weighted_ = false;
  std::size_t next_index_ = 0;     // equal weights: the member picked next
  std::vector<double> deadlines_;  // unequal weights: virtual time of each member's next turn
};

}  // namespace models::balancing
