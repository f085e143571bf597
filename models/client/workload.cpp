#include "models/client/workload.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace models {

Workload::Workload(WorkloadSpec spec) : spec_(spec) {
  assert(spec_.keys > 0);
  if (spec_.zipf_s > 0) zipf_ = std::make_shared<const ZipfDistribution>(spec_.keys, spec_.zipf_s);
}

Op Workload::next_op(Rng& rng, double read_ratio) const {
  Op op;
  op.kind = rng.bernoulli(read_ratio) ? OpKind::read : OpKind::write;
  op.key = zipf_ ? (*zipf_)(rng) : rng.uniform_u64(spec_.keys);
  op.value_bytes = spec_.value_bytes;
  return op;
}

Time poisson_gap_ns(Rng& rng, double rate_per_s) {
  if (rate_per_s <= 0) return kNever;
  const double gap_s = rng.exponential(1.0 / rate_per_s);
  return std::max<Time>(1, static_cast<Time>(std::llround(gap_s * 1e9)));
}

}  // namespace models
