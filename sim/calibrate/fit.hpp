#pragma once
// Levenberg-Marquardt least squares for a handful of parameters whose residuals come from
// simulations: the Jacobian is taken by forward finite differences, and all the simulations of one
// Jacobian (and of one trial step) are handed over as one batch so that they can run in parallel.
// The search runs in log-parameter space: costs stay positive, and a relative step means the same
// thing for a 5 µs cost and for a 500 µs one.
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace sim::calibrate {

// Residuals of each parameter vector of a batch (same length, one per measurement).
using BatchResiduals = std::function<std::vector<Eigen::VectorXd>(const std::vector<std::vector<double>>&)>;

struct FitBounds {
  std::vector<double> lower, upper;
};

struct FitOptions {
  int max_iterations = 6;     // Jacobians, at most
  int max_tries = 3;          // trial steps per iteration (the damping grows between them)
  double log_step = 0.05;     // finite-difference step in log parameter (5% of the value)
  double tolerance = 5e-3;    // stop when every parameter moves by less than this (log) step: 0.5%,
                              // about what separates two nearby runs of a saturated simulation
  // Called with the values after each improving step, so that a long fit that is interrupted
  // still leaves its best estimate behind.
  std::function<void(const std::vector<double>&)> on_improved;
};

struct FitIteration {
  std::vector<double> values;
  double cost = 0;            // half the sum of squared residuals
  double damping = 0;
};

struct FitResult {
  std::vector<double> values;
  Eigen::VectorXd residuals;
  double cost = 0;
  int iterations = 0;         // Jacobians computed
  int evaluations = 0;        // parameter vectors evaluated (each is one simulation per point)
  std::vector<FitIteration> history;
  std::string stop_reason;
};

FitResult levenberg_marquardt(const BatchResiduals& residuals, const std::vector<double>& initial,
                              const FitBounds& bounds, const FitOptions& options);

}  // namespace sim::calibrate
