#pragma once
// least_loaded: the member with the fewest active requests per unit of weight. Real balancers learn
// load from reports that are already old when they arrive, and a strategy acting on an old report
// sends everything to the server that looked idle: herding. To show it, this strategy keeps the
// last snapshot it took from the caller's LoadView and only takes a new one once
// load_staleness_ns has elapsed since the previous; with zero staleness it reads fresh load on
// every pick.
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class LeastLoaded final : public Strategy {
 public:
  explicit LeastLoaded(Time load_staleness_ns);
  std::string_view name() const override { return "least_loaded"; }

 protected:
  bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) override;
  NodeId choose(const PickContext& ctx, Rng& rng) override;

 private:
  void take_snapshot(const PickContext& ctx, Rng& rng);

  Time load_staleness_ns_;
  bool has_snapshot_ = false;
  Time snapshot_taken_ns_ = 0;
  std::vector<std::uint64_t> snapshot_active_;  // aligned with members()
  // Ties are broken by scanning from an offset drawn with each snapshot: fair across snapshots,
  // yet one snapshot always yields the same answer, as a real stale report would.
  std::size_t scan_start_ = 0;
};

}  // namespace models::balancing
