#include "analysis/stats/availability_ctmc.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace analysis {

namespace {

void check_model(const AvailabilityModel& model) {
  assert(model.servers >= 1);
  assert(model.quorum >= 0 && model.quorum <= model.servers);
  assert(model.mtbf_s > 0.0 && model.mttr_s > 0.0);
  assert(model.repair_crews >= 0);
}

int crews(const AvailabilityModel& model) {
  return model.repair_crews == 0 ? model.servers : std::min(model.repair_crews, model.servers);
}

}  // namespace

// Rates are in units of 1/MTTR (repair rate 1, failure rate MTTR/MTBF): the matrix then holds
// numbers near 1 rather than rates that differ by orders of magnitude, which keeps the solve
// well conditioned.
Eigen::MatrixXd availability_generator(const AvailabilityModel& model) {
  check_model(model);
  const int n = model.servers;
  const double failure_rate = model.mttr_s / model.mtbf_s;
  const double repair_rate = 1.0;
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(n + 1, n + 1);
  for (int k = 0; k <= n; ++k) {
    if (k > 0) q(k, k - 1) = k * failure_rate;
    if (k < n) q(k, k + 1) = std::min(n - k, crews(model)) * repair_rate;
    q(k, k) = -q.row(k).sum();
  }
  return q;
}

// pi Q = 0 has rank n; one of its equations is replaced by sum pi = 1 to make the system regular.
Eigen::VectorXd steady_state_distribution(const AvailabilityModel& model) {
  Eigen::MatrixXd a = availability_generator(model).transpose();
  const Eigen::Index last = a.rows() - 1;
  a.row(last).setOnes();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(a.rows());
  b(last) = 1.0;
  Eigen::VectorXd pi = a.fullPivLu().solve(b);
  for (Eigen::Index k = 0; k <= last; ++k) pi(k) = std::max(pi(k), 0.0);  // round-off below zero
  return pi / pi.sum();
}

double steady_state_availability(const AvailabilityModel& model) {
  const Eigen::VectorXd pi = steady_state_distribution(model);
  return pi.tail(model.servers + 1 - model.quorum).sum();
}

double steady_state_unavailability(const AvailabilityModel& model) {
  const Eigen::VectorXd pi = steady_state_distribution(model);
  return pi.head(model.quorum).sum();
}

// In the generator's units (1 / MTTR), then back to seconds for the horizon.
AvailabilityInterval availability_interval_95(const AvailabilityModel& model, double horizon_s) {
  assert(horizon_s > 0);
  const Eigen::MatrixXd q = availability_generator(model);
  const Eigen::VectorXd pi = steady_state_distribution(model);
  const Eigen::Index states = q.rows();
  Eigen::VectorXd up = Eigen::VectorXd::Zero(states);
  for (Eigen::Index k = model.quorum; k < states; ++k) up(k) = 1.0;
  const double availability = pi.dot(up);
  const Eigen::VectorXd g = up - Eigen::VectorXd::Constant(states, availability);
  // Q h = -g has a one-dimensional family of solutions; pi h = 0 picks one.
  Eigen::MatrixXd a(states + 1, states);
  a.topRows(states) = q;
  a.row(states) = pi.transpose();
  Eigen::VectorXd b(states + 1);
  b.head(states) = -g;
  b(states) = 0;
  const Eigen::VectorXd h = a.colPivHouseholderQr().solve(b);
  const double variance_per_unit = std::max(0.0, 2.0 * (pi.array() * g.array() * h.array()).sum());
  const double horizon_units = horizon_s / model.mttr_s;
  const double half_width = 1.96 * std::sqrt(variance_per_unit / horizon_units);
  return {availability, std::max(0.0, availability - half_width), std::min(1.0, availability + half_width)};
}

double binomial_availability(int servers, int quorum, double server_availability) {
  assert(servers >= 1 && quorum >= 0 && quorum <= servers);
  assert(server_availability >= 0.0 && server_availability <= 1.0);
  double total = 0.0;
  double choose = 1.0;  // C(servers, k), built up incrementally from C(servers, 0)
  for (int k = 0; k <= servers; ++k) {
    if (k > 0) choose = choose * (servers - k + 1) / k;
    if (k >= quorum)
      total += choose * std::pow(server_availability, k) * std::pow(1.0 - server_availability, servers - k);
  }
  return total;
}

}  // namespace analysis
