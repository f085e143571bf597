#include "analysis/metrics/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>

namespace analysis {

LatencyHistogram::LatencyHistogram(int sub_bucket_bits) : sub_bucket_bits_(sub_bucket_bits) {
  assert(sub_bucket_bits >= 1 && sub_bucket_bits <= 16);
  // Values below 2^bits each get a bucket of their own; above, each power of two gets 2^bits.
  counts_.assign(static_cast<std::size_t>(64 - sub_bucket_bits_ + 1) << sub_bucket_bits_, 0);
}

std::size_t LatencyHistogram::index_of(std::uint64_t value) const {
  const std::uint64_t linear = std::uint64_t{1} << sub_bucket_bits_;
  if (value < linear) return static_cast<std::size_t>(value);
  const int magnitude = std::bit_width(value) - 1 - sub_bucket_bits_;  // >= 0
  const std::uint64_t sub = (value >> magnitude) - linear;             // in [0, linear)
  return static_cast<std::size_t>((static_cast<std::uint64_t>(magnitude + 1) << sub_bucket_bits_) + sub);
}

std::uint64_t LatencyHistogram::upper_edge(std::size_t index) const {
  const std::uint64_t linear = std::uint64_t{1} << sub_bucket_bits_;
  if (index < linear) return index;
  const int magnitude = static_cast<int>(index >> sub_bucket_bits_) - 1;
  const std::uint64_t sub = index & (linear - 1);
  return ((linear + sub + 1) << magnitude) - 1;
}

void LatencyHistogram::add(models::Time value_ns) {
  assert(value_ns >= 0);
  ++counts_[index_of(static_cast<std::uint64_t>(value_ns))];
  min_ns_ = count_ == 0 ? value_ns : std::min(min_ns_, value_ns);
  max_ns_ = std::max(max_ns_, value_ns);
  sum_ns_ += value_ns;
  ++count_;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  assert(other.sub_bucket_bits_ == sub_bucket_bits_);
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  if (other.count_) min_ns_ = count_ ? std::min(min_ns_, other.min_ns_) : other.min_ns_;
  max_ns_ = std::max(max_ns_, other.max_ns_);
  sum_ns_ += other.sum_ns_;
  count_ += other.count_;
}

models::Time LatencyHistogram::percentile_ns(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min<models::Time>(static_cast<models::Time>(upper_edge(i)), max_ns_);
  }
  return max_ns_;
}

std::vector<std::pair<models::Time, std::uint64_t>> LatencyHistogram::buckets() const {
  std::vector<std::pair<models::Time, std::uint64_t>> out;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    if (counts_[i]) out.emplace_back(std::min<models::Time>(static_cast<models::Time>(upper_edge(i)), max_ns_), counts_[i]);
  return out;
}

}  // namespace analysis
