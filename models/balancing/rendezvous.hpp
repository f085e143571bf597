#pragma once
// rendezvous (highest random weight, Thaler and Ravishankar): every member scores h(key, member)
// and the highest wins. No shared structure to build, and a membership change moves exactly the
// keys of the member that left or that the new member now wins. Unequal weights use the weighted
// score -weight / ln(u), u = h(key, member) in (0, 1), which gives member i a share weight_i / W.
#include "models/balancing/strategy.hpp"

namespace models::balancing {

class Rendezvous final : public Strategy {
 public:
  std::string_view name() const override { return "rendezvous"; }

 protected:
  bool on_members_changed(const std::vector<Member>&, Rng&) override;
  NodeId choose(const PickContext& ctx, Rng&) override;

 private:
  bool weighted_ = false;
};

}  // namespace models::balancing
