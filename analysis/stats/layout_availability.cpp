#include "analysis/stats/layout_availability.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace analysis {

namespace {

constexpr int kServersMax = 64;  // one bit each in the predicate's argument

// A component that can be down, as the chain sees it.
struct ChainComponent {
  double up_probability = 0;    // mtbf / (mtbf + mttr)
  double down_probability = 0;  // mttr / (mtbf + mttr), not 1 - up: precise when tiny
  double flip_rate_per_s = 0;   // 1/mtbf + 1/mttr: how fast a deviation from its mean decays
  std::uint64_t stops = 0;      // the servers that do not run while it is down
};

// The components that can fail, servers first: bit j of a state set means component j is down.
struct Chain {
  std::vector<ChainComponent> components;
  std::uint64_t servers = 0;  // every server's bit
};

bool can_fail(const LayoutComponent& c) {
  return c.mtbf_s > 0 && std::isfinite(c.mtbf_s) && c.mttr_s > 0;
}

void check_component(const LayoutComponent& c, const std::string& what) {
  if (std::isnan(c.mtbf_s) || !(c.mttr_s >= 0))
    throw std::invalid_argument(what + ": mtbf_s must be a number and mttr_s one >= 0");
  if (can_fail(c) && !std::isfinite(c.mttr_s))
    throw std::invalid_argument(what + ": fails but is never repaired, so has no steady state up");
}

void check_model(const LayoutAvailabilityModel& model) {
  if (model.servers.size() > kServersMax) throw std::invalid_argument("layout: more than 64 servers");
  if (!model.server_datacenter.empty() && model.server_datacenter.size() != model.servers.size())
    throw std::invalid_argument("layout: server_datacenter must be empty or name one per server");
  const int datacenters = static_cast<int>(model.datacenters.size());
  for (const int dc : model.server_datacenter)
    if (dc < -1 || dc >= datacenters) throw std::invalid_argument("layout: no datacenter " + std::to_string(dc));
  if (!model.is_quorum) throw std::invalid_argument("layout: no quorum predicate");
  for (std::size_t i = 0; i < model.servers.size(); ++i)
    check_component(model.servers[i], "server " + std::to_string(i));
  for (std::size_t d = 0; d < model.datacenters.size(); ++d)
    check_component(model.datacenters[d], "datacenter " + std::to_string(d));
}

ChainComponent chain_component(const LayoutComponent& c, std::uint64_t stops) {
  const double cycle_s = c.mtbf_s + c.mttr_s;
  return {c.mtbf_s / cycle_s, c.mttr_s / cycle_s, 1 / c.mtbf_s + 1 / c.mttr_s, stops};
}

std::uint64_t servers_in(const LayoutAvailabilityModel& model, int datacenter) {
  std::uint64_t mask = 0;
  for (std::size_t i = 0; i < model.server_datacenter.size(); ++i)
    if (model.server_datacenter[i] == datacenter) mask |= std::uint64_t{1} << i;
  return mask;
}

// Checks the model and refuses a chain too large to enumerate.
Chain build_chain(const LayoutAvailabilityModel& model) {
  check_model(model);
  Chain chain;
  for (std::size_t i = 0; i < model.servers.size(); ++i) {
    const std::uint64_t stops = std::uint64_t{1} << i;
    chain.servers |= stops;
    if (can_fail(model.servers[i])) chain.components.push_back(chain_component(model.servers[i], stops));
  }
  for (std::size_t d = 0; d < model.datacenters.size(); ++d) {
    const std::uint64_t stops = servers_in(model, static_cast<int>(d));
    if (can_fail(model.datacenters[d]) && stops != 0)
      chain.components.push_back(chain_component(model.datacenters[d], stops));
  }
  if (chain.components.size() > kLayoutComponentsMax)
    throw std::invalid_argument("layout: " + std::to_string(chain.components.size()) +
                                " components can fail, more than the " + std::to_string(kLayoutComponentsMax) +
                                " whose 2^n states can be enumerated");
  return chain;
}

std::size_t state_count(const Chain& chain) { return std::size_t{1} << chain.components.size(); }

// 1 in the states whose running servers make a quorum, else 0.
std::vector<double> up_indicator(const Chain& chain, const LayoutAvailabilityModel& model) {
  std::vector<double> up(state_count(chain));
  for (std::size_t state = 0; state < up.size(); ++state) {
    std::uint64_t stopped = 0;
    for (std::size_t down = state; down != 0; down &= down - 1)
      stopped |= chain.components[std::countr_zero(down)].stops;
    up[state] = model.is_quorum(chain.servers & ~stopped) ? 1.0 : 0.0;
  }
  return up;
}

// pi as a product over the independent components, built one component at a time.
std::vector<double> stationary_distribution(const Chain& chain) {
  std::vector<double> pi(state_count(chain));
  pi[0] = 1.0;
  for (std::size_t j = 0; j < chain.components.size(); ++j) {
    const std::size_t bit = std::size_t{1} << j;
    for (std::size_t state = 0; state < bit; ++state) {
      pi[state | bit] = pi[state] * chain.components[j].down_probability;
      pi[state] *= chain.components[j].up_probability;
    }
  }
  return pi;
}

struct UpDown {
  double up = 0;
  double down = 0;
};

// Both shares summed directly, each from its own states, so neither is a difference.
UpDown shares(const std::vector<double>& pi, const std::vector<double>& up) {
  UpDown sum;
  for (std::size_t state = 0; state < pi.size(); ++state) (up[state] > 0 ? sum.up : sum.down) += pi[state];
  return sum;
}

// Coordinates of `values` in the basis phi_S = prod_{j in S} phi_j, orthonormal under pi, where
// phi_j is component j's centred indicator scaled to variance 1: phi_j(up) = sqrt(q/p),
// phi_j(down) = -sqrt(p/q). Per component, an (up x, down y) pair becomes (p x + q y, sqrt(pq) (x - y)):
// its mean over that component and its coordinate along phi_j. The result at S is <values, phi_S>_pi.
void to_product_basis(const Chain& chain, std::vector<double>& values) {
  for (std::size_t j = 0; j < chain.components.size(); ++j) {
    const ChainComponent& c = chain.components[j];
    const double spread = std::sqrt(c.up_probability * c.down_probability);
    const std::size_t bit = std::size_t{1} << j;
    for (std::size_t state = 0; state < values.size(); ++state) {
      if ((state & bit) != 0) continue;
      const double up = values[state], down = values[state | bit];
      values[state] = c.up_probability * up + c.down_probability * down;
      values[state | bit] = spread * (up - down);
    }
  }
}

// sigma^2 of the up indicator's time average, in seconds. Each component's generator sends any
// centred function of its state to -(lambda + mu) times itself, so phi_S is an eigenvector of the
// whole generator Q (a Kronecker sum) with eigenvalue -r_S, r_S the sum of its components' flip
// rates. With g = sum_{S != {}} c_S phi_S, h = sum c_S / r_S phi_S solves Q h = -g with pi h = 0,
// and sigma^2 = 2 <g, h>_pi = 2 sum c_S^2 / r_S: exact, and >= 0 term by term. Nothing is
// factored, so no rate scaling is needed: each term divides by a sum of positive rates.
// This replaces a solve with the sparse generator, which has c 2^c non-zeros (over a gigabyte at
// c = 22): SparseLU's fill-in on a hypercube's graph is nearly dense (its separators have
// ~2^c / sqrt(c) states), and an iterative solver would be approximate and still need the matrix.
// The test checks this against SparseLU on a small layout.
double asymptotic_variance_s(const Chain& chain, std::vector<double> indicator) {
  to_product_basis(chain, indicator);
  double sum = 0;
  for (std::size_t s = 1; s < indicator.size(); ++s) {
    double rate_per_s = 0;
    for (std::size_t in = s; in != 0; in &= in - 1)
      rate_per_s += chain.components[std::countr_zero(in)].flip_rate_per_s;
    sum += indicator[s] * indicator[s] / rate_per_s;
  }
  return 2 * sum;
}

UpDown layout_shares(const LayoutAvailabilityModel& model) {
  const Chain chain = build_chain(model);
  return shares(stationary_distribution(chain), up_indicator(chain, model));
}

}  // namespace

std::size_t layout_state_count(const LayoutAvailabilityModel& model) {
  int failing = 0;
  for (const LayoutComponent& c : model.servers) failing += can_fail(c);
  for (std::size_t d = 0; d < model.datacenters.size(); ++d)
    failing += can_fail(model.datacenters[d]) && servers_in(model, static_cast<int>(d)) != 0;
  if (failing >= std::numeric_limits<std::size_t>::digits) return std::numeric_limits<std::size_t>::max();
  return std::size_t{1} << failing;
}

double layout_availability(const LayoutAvailabilityModel& model) { return layout_shares(model).up; }

double layout_unavailability(const LayoutAvailabilityModel& model) { return layout_shares(model).down; }

AvailabilityInterval layout_availability_interval_95(const LayoutAvailabilityModel& model, double horizon_s) {
  if (!(horizon_s > 0)) throw std::invalid_argument("layout: horizon_s must be > 0");
  const Chain chain = build_chain(model);
  std::vector<double> up = up_indicator(chain, model);
  const UpDown share = shares(stationary_distribution(chain), up);
  const double sigma2_s = asymptotic_variance_s(chain, std::move(up));
  if (!(sigma2_s >= 0)) throw std::logic_error("layout: the asymptotic variance came out negative or NaN");
  const double half_width = 1.96 * std::sqrt(sigma2_s / horizon_s);
  return {share.up, std::max(0.0, share.up - half_width), std::min(1.0, share.up + half_width)};
}

}  // namespace analysis
