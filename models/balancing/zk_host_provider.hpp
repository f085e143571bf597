#pragma once
// zk_host_provider: ZooKeeper's client-side StaticHostProvider. The client shuffles its connect
// string once and walks it round robin on every (re)connection attempt, which spreads sessions
// evenly without coordination. When the server list changes it reshuffles and applies the
// ZOOKEEPER-1355 rebalance (zk_rebalance.hpp) to the server it is on: set_members then returns
// true when the session should move, and the next pick returns the chosen server. Keys, load and
// weights are ignored, as the real client ignores them.
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class ZkHostProvider final : public Strategy {
 public:
  std::string_view name() const override { return "zk_host_provider"; }
  const std::vector<NodeId>& connect_order() const { return shuffled_; }

 protected:
  bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) override;
  NodeId choose(const PickContext& ctx, Rng& rng) override;

 private:
  std::size_t position_after(NodeId server) const;

  std::vector<NodeId> shuffled_;
  std::size_t next_index_ = 0;         // into shuffled_
  NodeId rebalance_target_ = kNoNode;  // the server the next pick must return, if any
};

}  // namespace models::balancing
