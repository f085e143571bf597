#pragma once
// Analytic cross-check of an ensemble's availability: a continuous-time Markov chain over the
// number k of servers up. Each up server fails at rate 1/MTBF; each down server is repaired at rate
// 1/MTTR, by at most repair_crews at once. The service is up while k >= quorum. With a crew per
// server the servers are independent and the answer is binomial (binomial_availability); with
// fewer crews they are not, and only the chain gives it.
//
// The generator Q of this birth-death chain is built explicitly and pi Q = 0, sum pi = 1 solved with
// Eigen, so that the same code can later take chains that are not birth-death (correlated faults,
// a leader that takes longer to replace) where no product formula exists.
#include <Eigen/Dense>

namespace analysis {

struct AvailabilityModel {
  int servers = 3;
  int quorum = 2;       // servers that must be up for the service to be up
  double mtbf_s = 0.0;  // mean time between failures of one server
  double mttr_s = 0.0;  // mean time to repair one server
  int repair_crews = 0; // servers repaired at once; 0 (or >= servers) means one crew per server
};

// The generator: (servers + 1) square, state k = number of servers up, rows summing to 0.
Eigen::MatrixXd availability_generator(const AvailabilityModel& model);
// pi: pi_k is the long-run fraction of time with exactly k servers up.
Eigen::VectorXd steady_state_distribution(const AvailabilityModel& model);
// Sum of pi_k for k >= quorum.
double steady_state_availability(const AvailabilityModel& model);
// Sum of pi_k for k < quorum, summed directly: precise where 1 - availability would cancel
// (five nines and beyond).
double steady_state_unavailability(const AvailabilityModel& model);

// Independent servers, each up with probability a: sum over k >= quorum of C(n, k) a^k (1-a)^(n-k).
double binomial_availability(int servers, int quorum, double server_availability);

// Where one run of horizon_s falls: the share of that time the chain spends with a quorum up is
// asymptotically normal around the steady-state availability A, with variance sigma^2 / T, where
// sigma^2 = 2 sum_k pi_k g_k h_k, g the up indicator minus A, and h solves the Poisson equation
// Q h = -g (with pi h = 0). The interval is A +- 1.96 sigma / sqrt(T): a single run of the model
// lands in it 95 times in 100.
struct AvailabilityInterval {
  double availability = 0;
  double low = 0;
  double high = 0;
};
AvailabilityInterval availability_interval_95(const AvailabilityModel& model, double horizon_s);

}  // namespace analysis
