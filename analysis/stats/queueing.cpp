#include "analysis/stats/queueing.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace analysis {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

void check_inputs(double arrival_rate_per_s, double service_time_s) {
  assert(arrival_rate_per_s >= 0.0);
  assert(service_time_s > 0.0);
}

QueueMetrics saturated(double utilization) {
  return QueueMetrics{false, utilization, 1.0, kInfinity, kInfinity, kInfinity};
}

QueueMetrics with_wait(double arrival_rate_per_s, double service_time_s, double utilization,
                       double wait_probability, double mean_wait_s) {
  const double response_s = mean_wait_s + service_time_s;
  return QueueMetrics{true, utilization, wait_probability, mean_wait_s, response_s,
                      arrival_rate_per_s * response_s};
}

}  // namespace

// Pollaczek-Khinchine: Wq = rho S (1 + cv^2) / (2 (1 - rho)).
QueueMetrics mg1(double arrival_rate_per_s, double service_time_s, double service_cv2) {
  check_inputs(arrival_rate_per_s, service_time_s);
  assert(service_cv2 >= 0.0);
  const double rho = arrival_rate_per_s * service_time_s;
  if (rho >= 1.0) return saturated(rho);
  const double wait_s = rho * service_time_s * (1.0 + service_cv2) / (2.0 * (1.0 - rho));
  return with_wait(arrival_rate_per_s, service_time_s, rho, rho, wait_s);
}

QueueMetrics mm1(double arrival_rate_per_s, double service_time_s) {
  return mg1(arrival_rate_per_s, service_time_s, 1.0);
}

QueueMetrics md1(double arrival_rate_per_s, double service_time_s) {
  return mg1(arrival_rate_per_s, service_time_s, 0.0);
}

double relaxation_time_s(double utilization, double service_time_s) {
  if (utilization >= 1.0) return kInfinity;
  const double gap = 1.0 - std::sqrt(utilization);
  return service_time_s / (gap * gap);
}

// Through Erlang B's recursion B(k) = a B(k-1) / (k + a B(k-1)), which never forms a^c or c! and
// so stays finite for hundreds of cores; then C = B / (1 - rho (1 - B)).
double erlang_c(int cores, double offered_erlangs) {
  assert(cores >= 1);
  assert(offered_erlangs >= 0.0 && offered_erlangs < cores);
  double blocking = 1.0;
  for (int k = 1; k <= cores; ++k) blocking = offered_erlangs * blocking / (k + offered_erlangs * blocking);
  const double rho = offered_erlangs / cores;
  return blocking / (1.0 - rho * (1.0 - blocking));
}

// Wq = C(c, a) S / (c (1 - rho)).
QueueMetrics mmc(double arrival_rate_per_s, double service_time_s, int cores) {
  check_inputs(arrival_rate_per_s, service_time_s);
  assert(cores >= 1);
  const double offered = arrival_rate_per_s * service_time_s;
  const double rho = offered / cores;
  if (rho >= 1.0) return saturated(rho);
  const double wait_probability = erlang_c(cores, offered);
  const double wait_s = wait_probability * service_time_s / (cores * (1.0 - rho));
  return with_wait(arrival_rate_per_s, service_time_s, rho, wait_probability, wait_s);
}

}  // namespace analysis
