#pragma once
// Latency histogram with bounded relative error, in the manner of HdrHistogram: values are kept
// in log-linear buckets (2^sub_bucket_bits linear buckets per power of two), so any reported
// percentile is within 2^-sub_bucket_bits of the true value (0.4% with the default 8 bits),
// whatever the range, in constant memory.
#include <cstdint>
#include <vector>

#include "models/core/time.hpp"

namespace analysis {

class LatencyHistogram {
 public:
  explicit LatencyHistogram(int sub_bucket_bits = 8);

  void add(models::Time value_ns);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  double mean_ns() const { return count_ ? static_cast<double>(sum_ns_) / static_cast<double>(count_) : 0.0; }
  models::Time min_ns() const { return count_ ? min_ns_ : 0; }
  models::Time max_ns() const { return max_ns_; }
  // The smallest recorded value v such that at least q of all values are <= v (q in [0, 1]),
  // reported as the upper edge of its bucket clamped to the observed maximum.
  models::Time percentile_ns(double q) const;
  double relative_error() const { return 1.0 / static_cast<double>(1u << sub_bucket_bits_); }
  // Upper edges and counts of the non-empty buckets, in increasing order: for CDF plots.
  std::vector<std::pair<models::Time, std::uint64_t>> buckets() const;

 private:
  std::size_t index_of(std::uint64_t value) const;
  std::uint64_t upper_edge(std::size_t index) const;

  int sub_bucket_bits_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  __int128 sum_ns_ = 0;
  models::Time min_ns_ = 0;
  models::Time max_ns_ = 0;
};

}  // namespace analysis
