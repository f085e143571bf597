#pragma once
// Analytic availability of an ensemble laid out over datacenters, under any quorum rule (majority,
// or ZooKeeper's QuorumHierarchical with its groups and weights). availability_ctmc.hpp counts
// "servers up" and so can only say "k of n"; a hierarchical rule cares which servers are up, and a
// datacenter outage takes several servers down at once, so here the chain's state is the up/down
// state of every component: each server and each datacenter fails at rate 1/MTBF and is repaired at
// rate 1/MTTR by a crew of its own. A server runs while it and its datacenter are both up; the
// service is up while the running servers make a quorum, as the caller's predicate decides.
//
// The components are independent, so the stationary distribution is a product and availability is
// exact by enumerating the 2^c states of the c components that can fail. The chain's generator is
// then the Kronecker sum of c two-state generators, whose eigenvectors are products of each
// component's centred up/down indicator; the interval's Poisson equation is solved in that basis
// (layout_availability.cpp says how), in O(c 2^c) with no matrix to factor.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "analysis/stats/availability_ctmc.hpp"

namespace analysis {

// One server or one datacenter. It never fails when mtbf_s <= 0 or infinite, and is never seen
// down when mttr_s is 0 (repaired at once); either way it is not a state of the chain, and
// neither is a datacenter that holds no server.
struct LayoutComponent {
  double mtbf_s = 0;
  double mttr_s = 0;
};

struct LayoutAvailabilityModel {
  std::vector<LayoutComponent> servers;  // index i = server i (the caller maps ids); at most 64
  std::vector<int> server_datacenter;    // per server an index into datacenters, or -1; empty: none
  std::vector<LayoutComponent> datacenters;
  // Whether the servers whose bits are set in `running` (bit i = server i) make a quorum.
  std::function<bool(std::uint64_t running)> is_quorum;
};

// Components that can fail, beyond which the functions below refuse a model (std::invalid_argument):
// at 22, 2^22 states take two 32 MiB vectors and a third of a second for the interval (-O2, one
// core), and each component more doubles both. 11 voters in 11 datacenters fit.
constexpr int kLayoutComponentsMax = 22;

// The number of states the chain has, 2^(components that can fail), saturating at SIZE_MAX: what
// a caller checks against 2^kLayoutComponentsMax before asking for a solve.
std::size_t layout_state_count(const LayoutAvailabilityModel& model);

// The long-run fraction of time the running servers make a quorum. Exact (a finite sum).
double layout_availability(const LayoutAvailabilityModel& model);
// The complement, summed over the states without a quorum: precise where 1 - availability would
// cancel (many nines).
double layout_unavailability(const LayoutAvailabilityModel& model);

// Where one run of horizon_s falls, as availability_interval_95 says for the birth-death chain:
// A +- 1.96 sigma / sqrt(T), sigma^2 = 2 sum_s pi_s g_s h_s with g the up indicator minus A and h
// solving Q h = -g, pi h = 0.
AvailabilityInterval layout_availability_interval_95(const LayoutAvailabilityModel& model, double horizon_s);

}  // namespace analysis
