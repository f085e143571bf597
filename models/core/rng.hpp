#pragma once
// Deterministic random numbers with our own distributions. std::*_distribution is not identical
// across standard libraries, so every draw goes through the functions below; a generator is seeded
// per node from the scenario seed so that adding a node never shifts another node's stream.
#include <cstdint>
#include <vector>

#include "models/core/ids.hpp"

namespace models {

// SplitMix64: used to expand seeds into generator state.
std::uint64_t splitmix64(std::uint64_t& state);

// xoshiro256** (Blackman and Vigna): fast, small, and well tested.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  // The generator of one node (or any named stream) derived from the run's seed.
  static Rng for_stream(std::uint64_t seed, std::uint64_t stream);

  std::uint64_t next_u64();
  std::uint64_t uniform_u64(std::uint64_t bound);            // in [0, bound), unbiased
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);  // in [lo, hi]
  double uniform01();                                        // in [0, 1), 53 random bits
  bool bernoulli(double p);
  double exponential(double mean);
  double normal(double mean, double stddev);
  template <typename T>
  void shuffle(std::vector<T>& items) {  // Fisher-Yates, our own so the order is portable
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(uniform_u64(i));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::uint64_t s_[4];
};

// Zipf over ranks 1..n with exponent s, by inverse CDF over a precomputed table (O(log n) a draw).
class ZipfDistribution {
 public:
  ZipfDistribution(std::uint64_t n, double s);
  std::uint64_t operator()(Rng& rng) const;  // rank in [0, n)
 private:
  std::vector<double> cdf_;
};

}  // namespace models
