#include "models/balancing/jump_hash.hpp"

#include <cassert>

#include "models/balancing/hash.hpp"

namespace models::balancing {

std::uint32_t jump_consistent_hash(std::uint64_t key, std::uint32_t buckets) {
  assert(buckets > 0);
  std::int64_t b = -1;
  std::int64_t j = 0;
  while (j < static_cast<std::int64_t>(buckets)) {
    b = j;
    key = key * 2862933555777941757ull + 1;
    j = static_cast<std::int64_t>(
        static_cast<double>(b + 1) *
        (static_cast<double>(1ll << 31) / static_cast<double>((key >> 33) + 1)));
  }
  return static_cast<std::uint32_t>(b);
}

NodeId JumpHash::choose(const PickContext& ctx, Rng&) {
  const auto buckets = static_cast<std::uint32_t>(members().size());
  return members()[jump_consistent_hash(hash64(ctx.key), buckets)].id;
}

}  // namespace models::balancing
