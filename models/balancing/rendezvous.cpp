#include "models/balancing/rendezvous.hpp"

#include <cmath>

#include "models/balancing/hash.hpp"

namespace models::balancing {

bool Rendezvous::on_members_changed(const std::vector<Member>&, Rng&) {
  weighted_ = !equal_weights();
  return false;
}

// Equal weights compare raw hashes (a monotone image of the weighted score), which keeps the common
// case free of floating point. Ties go to the lower id.
NodeId Rendezvous::choose(const PickContext& ctx, Rng&) {
  const std::uint64_t key_hash = hash64(ctx.key);
  std::size_t best = 0;
  double best_score = 0;
  std::uint64_t best_hash = 0;
  for (std::size_t i = 0; i < members().size(); ++i) {
    const std::uint64_t h = hash_pair(key_hash, members()[i].id);
    const double score = weighted_ ? -members()[i].weight / std::log(hash_to_open_unit(h)) : 0;
    const bool better = weighted_ ? score > best_score : h > best_hash;
    if (i == 0 || better) {
      best = i;
      best_score = score;
      best_hash = h;
    }
  }
  return members()[best].id;
}

}  // namespace models::balancing
