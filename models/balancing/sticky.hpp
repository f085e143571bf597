#pragma once
// sticky: Curator's StickyStrategy. Keeps returning the member it last picked until that member
// disappears from the list, then asks an inner strategy (any other one) for a new member. It keeps
// connections and caches warm, and counts of instance changes measure how often clients churn.
#include <memory>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class Sticky final : public Strategy {
 public:
  explicit Sticky(std::unique_ptr<Strategy> inner);
  std::string_view name() const override { return "sticky"; }
  const Strategy& inner() const { return *inner_; }

 protected:
  bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) override;
  NodeId choose(const PickContext& ctx, Rng& rng) override;

 private:
  std::unique_ptr<Strategy> inner_;
};

}  // namespace models::balancing
