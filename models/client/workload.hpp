#pragma once
// What a client asks for and when: open loop (Poisson arrivals, the rate set from outside and
// changeable in phases) or closed loop (a fixed number of outstanding requests, as in the
// ZooKeeper paper's benchmark), with a read/write mix, key popularity and value sizes.
#include <cstdint>
#include <memory>

#include "models/core/rng.hpp"
#include "models/core/time.hpp"
#include "models/core/txn.hpp"

namespace models {

enum class LoopKind : std::uint8_t { open, closed };

struct WorkloadSpec {
  LoopKind loop = LoopKind::open;
  double rate_per_s = 10.0;       // open loop: this client's mean arrival rate
  std::uint32_t outstanding = 1;  // closed loop: requests kept in flight
  double read_ratio = 0.9;
  std::uint64_t keys = 1000;
  double zipf_s = 0.0;            // 0 picks keys uniformly
  std::uint32_t value_bytes = 1024;
};

class Workload {
 public:
  explicit Workload(WorkloadSpec spec);
  const WorkloadSpec& spec() const { return spec_; }
  Op next_op(Rng& rng) const { return next_op(rng, spec_.read_ratio); }
  Op next_op(Rng& rng, double read_ratio) const;  // a phase with another mix than the spec's

 private:
  WorkloadSpec spec_;
  std::shared_ptr<const ZipfDistribution> zipf_;  // shared: clients of one run use the same table
};

// Time until the next arrival of a Poisson process (kNever when the rate is zero).
Time poisson_gap_ns(Rng& rng, double rate_per_s);

}  // namespace models
