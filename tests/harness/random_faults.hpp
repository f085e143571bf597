#pragma once
// A seeded random fault schedule for the harness, FoundationDB style: one seed reproduces every
// choice. Between quiet stretches it crashes, powers off or restarts servers, partitions the
// ensemble in two, drops quorum messages in flight, or power-cycles everybody at once (what loses
// data that was acknowledged but not durable), and heals. Clients are never faulted.
#include <cstdint>
#include <vector>

#include "models/core/rng.hpp"
#include "tests/harness/cluster.hpp"

namespace harness {

class RandomFaults {
 public:
  struct Options {
    models::Time gap_ns_min = models::ms(50);     // quiet time between two faults
    models::Time gap_ns_max = models::ms(3000);
    double drop_probability = 0.5;  // of each quorum message in flight, when a drop fault fires
  };

  RandomFaults(Cluster& cluster, std::vector<NodeId> servers, std::uint64_t seed)
      : RandomFaults(cluster, std::move(servers), seed, Options{}) {}
  RandomFaults(Cluster& cluster, std::vector<NodeId> servers, std::uint64_t seed, Options options);

  // Injects faults for duration_ns, then heals and restarts everybody.
  void run(models::Time duration_ns);
  // One fault, chosen at random.
  void inject_one();
  std::size_t faults() const { return faults_; }

 private:
  NodeId pick(bool want_alive);
  void partition();
  void drop_some();
  void recover_all();

  Cluster& cluster_;
  std::vector<NodeId> servers_;
  Options options_;
  models::Rng rng_;
  std::size_t faults_ = 0;
};

}  // namespace harness
