#include "tests/harness/random_faults.hpp"

#include <cassert>

namespace harness {

RandomFaults::RandomFaults(Cluster& cluster, std::vector<NodeId> servers, std::uint64_t seed, Options options)
    : cluster_(cluster), servers_(std::move(servers)), options_(options), rng_(models::Rng::for_stream(seed, 0xfa17)) {
  assert(!servers_.empty());
}

void RandomFaults::run(models::Time duration_ns) {
  const models::Time end_ns = cluster_.now() + duration_ns;
  for (std::size_t i = 0; i < 100'000 && cluster_.now() < end_ns; ++i) {  // bounded, as every loop
    cluster_.advance_by(rng_.uniform_int(options_.gap_ns_min, options_.gap_ns_max));
    inject_one();
  }
  recover_all();
}

NodeId RandomFaults::pick(bool want_alive) {
  std::vector<NodeId> candidates;
  for (NodeId id : servers_)
    if (cluster_.alive(id) == want_alive) candidates.push_back(id);
  if (candidates.empty()) return models::kNoNode;
  return candidates[rng_.uniform_u64(candidates.size())];
}

void RandomFaults::inject_one() {
  ++faults_;
  const std::uint64_t choice = rng_.uniform_u64(8);
  if (choice == 0) {
    if (NodeId id = pick(true)) cluster_.crash(id);
  } else if (choice == 1) {
    if (NodeId id = pick(true)) cluster_.power_off(id);
  } else if (choice == 2 || choice == 3) {
    if (NodeId id = pick(false)) cluster_.restart(id);
  } else if (choice == 4) {
    partition();
  } else if (choice == 5) {
    cluster_.heal();
  } else if (choice == 6) {
    drop_some();
  } else {  // a power failure of the whole ensemble, then everybody boots again
    for (NodeId id : servers_)
      if (cluster_.alive(id)) cluster_.power_off(id);
    for (NodeId id : servers_) cluster_.restart(id);
  }
}

void RandomFaults::partition() {
  std::vector<NodeId> shuffled = servers_;
  rng_.shuffle(shuffled);
  const std::size_t split = 1 + rng_.uniform_u64(shuffled.size() - 1);
  for (std::size_t i = 0; i < split; ++i)
    for (std::size_t j = split; j < shuffled.size(); ++j) cluster_.cut(shuffled[i], shuffled[j]);
}

void RandomFaults::drop_some() {
  cluster_.drop([&](NodeId from, NodeId to, const models::Message&) {
    return models::is_server(from) && models::is_server(to) && rng_.bernoulli(options_.drop_probability);
  });
}

void RandomFaults::recover_all() {
  cluster_.heal();
  for (NodeId id : servers_)
    if (!cluster_.alive(id)) cluster_.restart(id);
}

}  // namespace harness
