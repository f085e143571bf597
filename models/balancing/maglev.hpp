#pragma once
// maglev: Google's Maglev lookup table (Eisenbud et al., NSDI 2016). Each member walks its own
// permutation of the M table slots (offset + j x skip mod M, M prime) and, in turns, claims its
// next free slot until the table is full; a key goes to table[h(key) mod M]. Lookup is one array
// read, and because members claim in strict turns each gets floor(M/n) or ceil(M/n) slots; the
// price is that a membership change moves somewhat more keys than ring hashing. Unequal weights: a
// member takes its turn in round r only while it holds fewer than r x weight / max weight slots.
#include <cstdint>
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class Maglev final : public Strategy {
 public:
  explicit Maglev(std::uint64_t table_size);  // must be prime
  std::string_view name() const override { return "maglev"; }
  // Member index (into members()) of every slot; exposed for tests of the population property.
  const std::vector<std::uint32_t>& table() const { return table_; }

 protected:
  bool on_members_changed(const std::vector<Member>&, Rng&) override;
  NodeId choose(const PickContext& ctx, Rng&) override;

 private:
  struct Walk {
    std::uint64_t offset;
    std::uint64_t skip;
    std::uint64_t next;  // how far along its permutation the member is
    std::uint64_t claimed;
    double share;  // weight / max weight
  };
  void populate();
  void claim_next_free(Walk& walk, std::uint32_t member_index);

  std::uint64_t table_size_;
  std::vector<std::uint32_t> table_;
};

bool is_prime(std::uint64_t n);

}  // namespace models::balancing
