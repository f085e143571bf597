#include "models/balancing/least_loaded.hpp"

#include <cassert>

namespace models::balancing {

LeastLoaded::LeastLoaded(Time load_staleness_ns) : load_staleness_ns_(load_staleness_ns) {
  assert(load_staleness_ns >= 0);
}

// The old snapshot is aligned with the old members; the next pick takes a fresh one.
bool LeastLoaded::on_members_changed(const std::vector<Member>&, Rng&) {
  has_snapshot_ = false;
  snapshot_active_.clear();
  return false;
}

void LeastLoaded::take_snapshot(const PickContext& ctx, Rng& rng) {
  snapshot_active_.clear();
  for (const Member& m : members()) snapshot_active_.push_back(active_requests(ctx, m.id));
  snapshot_taken_ns_ = ctx.now_ns;
  has_snapshot_ = true;
  scan_start_ = static_cast<std::size_t>(rng.uniform_u64(members().size()));
}

NodeId LeastLoaded::choose(const PickContext& ctx, Rng& rng) {
  if (!has_snapshot_ || ctx.now_ns - snapshot_taken_ns_ >= load_staleness_ns_) {
    take_snapshot(ctx, rng);
  }
  const std::size_t n = members().size();
  std::size_t best = scan_start_;
  double best_score = 0;
  for (std::size_t step = 0; step < n; ++step) {
    const std::size_t i = (scan_start_ + step) % n;
    // (active + 1) / weight: with no load at all, the heavier member still goes first.
    const double score = static_cast<double>(snapshot_active_[i] + 1) / members()[i].weight;
    if (step == 0 || score < best_score) {
      best = i;
      best_score = score;
    }
  }
  return members()[best].id;
}

}  // namespace models::balancing
