#pragma once
// random: a uniform pick, ignoring weights and load. The baseline every other strategy is compared
// with: n requests over n servers leave the busiest with about ln n / ln ln n of them.
#include "models/balancing/strategy.hpp"

namespace models::balancing {

class RandomPick final : public Strategy {
 public:
  std::string_view name() const override { return "random"; }

 protected:
  bool on_members_changed(const std::vector<Member>&, Rng&) override { return false; }
  NodeId choose(const PickContext&, Rng& rng) override {
    return members()[static_cast<std::size_t>(rng.uniform_u64(members().size()))].id;
  }
};

}  // namespace models::balancing
