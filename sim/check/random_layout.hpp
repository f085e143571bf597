#pragma once
// The swarm's datacenters and quorum layouts: one seed in four spreads its members over three
// datacenters, with a hierarchical quorum (a group per datacenter, or groups drawn) and weights
// now and then, and some of its random faults become datacenter outages. Drawn from a stream of its
// own, so that the seeds it leaves alone draw the scenario they always drew.
#include <array>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/core/rng.hpp"

namespace sim::check {

struct RandomLayout {
  bool spread = false;  // the members are over three datacenters (and the quorum may be hierarchical)
  bool hierarchical = false;
  models::Rng rng;      // the stream for this seed's layout draws, outages included
  std::array<double, 3> down_until_s{};  // per datacenter, the end of its last outage drawn
  // With explicit groups: a majority of the voters that is no hierarchical quorum, whose
  // complement holds one (empty when the layout has none). Cut from the rest, with the clients,
  // it commits nothing, and the rest elect: the partition that majority_for_hierarchical loses
  // writes in, when the leader is on the majority's side.
  std::vector<int> majority_apart;
  bool apart_with_first_leader = false;  // majority_apart holds the server every vote goes to first
  int voters = 0;
};

RandomLayout random_layout(std::uint64_t seed);

// Puts the datacenters, the placement of the members and the quorum layout into a scenario's base.
void add_layout(RandomLayout& layout, nlohmann::ordered_json& base, int servers, int members);

// The majority_apart cut at at_s for duration_s, then its heal.
std::vector<nlohmann::ordered_json> majority_apart_cut(const RandomLayout& layout, double at_s, double duration_s);

// In place of a random fault at at_s, sometimes, one of the layout's own lasting up to max_s (at
// least 0.5 s): a datacenter outage, or the majority_apart cut and its heal. None when the layout
// keeps the fault as drawn (or the datacenter drawn is still down).
std::vector<nlohmann::ordered_json> random_layout_faults(RandomLayout& layout, double at_s, double max_s);

}  // namespace sim::check
