#include "models/balancing/maglev.hpp"

#include <algorithm>
#include <cassert>

#include "models/balancing/hash.hpp"

namespace models::balancing {

namespace {
constexpr std::uint32_t kEmpty = UINT32_MAX;
constexpr std::uint64_t kOffsetSeed = 0x6d61676c65766f66ull;  // distinct hashes for offset and skip
constexpr std::uint64_t kSkipSeed = 0x6d61676c6576736bull;
}  // namespace

bool is_prime(std::uint64_t n) {
  if (n < 2) return false;
  for (std::uint64_t d = 2; d * d <= n; ++d) {
    if (n % d == 0) return false;
  }
  return true;
}

Maglev::Maglev(std::uint64_t table_size) : table_size_(table_size) { assert(is_prime(table_size)); }

bool Maglev::on_members_changed(const std::vector<Member>&, Rng&) {
  populate();
  return false;
}

NodeId Maglev::choose(const PickContext& ctx, Rng&) {
  return members()[table_[hash64(ctx.key) % table_size_]].id;
}

void Maglev::claim_next_free(Walk& walk, std::uint32_t member_index) {
  // A permutation visits every slot and a member only claims while the table has a free one, so
  // a free slot turns up within table_size_ steps.
  for (std::uint64_t step = 0; step < table_size_; ++step) {
    const std::uint64_t slot = (walk.offset + walk.next * walk.skip) % table_size_;
    ++walk.next;
    if (table_[slot] == kEmpty) {
      table_[slot] = member_index;
      ++walk.claimed;
      return;
    }
  }
  assert(false && "maglev: no free slot on a full permutation");
}

// The paper's Population algorithm, with a round number so that weights can ration turns.
void Maglev::populate() {
  table_.assign(members().empty() ? 0 : table_size_, kEmpty);
  if (members().empty()) return;
  double max_weight = 0;
  for (const Member& m : members()) max_weight = std::max(max_weight, m.weight);
  std::vector<Walk> walks;
  for (const Member& m : members()) {
    walks.push_back({hash_pair(kOffsetSeed, m.id) % table_size_,
                     hash_pair(kSkipSeed, m.id) % (table_size_ - 1) + 1, 0, 0,
                     m.weight / max_weight});
  }
  std::uint64_t filled = 0;
  for (std::uint64_t round = 1; filled < table_size_; ++round) {
    for (std::uint32_t i = 0; i < walks.size() && filled < table_size_; ++i) {
      if (static_cast<double>(walks[i].claimed) >= static_cast<double>(round) * walks[i].share) {
        continue;  // this member has had its weighted share of turns so far
      }
      claim_next_free(walks[i], i);
      ++filled;
    }
  }
}

}  // namespace models::balancing
