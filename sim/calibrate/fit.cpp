#include "sim/calibrate/fit.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sim::calibrate {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

std::vector<double> to_values(const VectorXd& x) {
  std::vector<double> v(static_cast<std::size_t>(x.size()));
  for (Eigen::Index i = 0; i < x.size(); ++i) v[static_cast<std::size_t>(i)] = std::exp(x[i]);
  return v;
}

VectorXd clamp(VectorXd x, const FitBounds& b) {
  for (Eigen::Index i = 0; i < x.size(); ++i)
    x[i] = std::clamp(x[i], std::log(b.lower[static_cast<std::size_t>(i)]), std::log(b.upper[static_cast<std::size_t>(i)]));
  return x;
}

double cost_of(const VectorXd& r) { return 0.5 * r.squaredNorm(); }

class Solver {
 public:
  Solver(const BatchResiduals& residuals, const FitBounds& bounds, const FitOptions& options)
      : residuals_(residuals), bounds_(bounds), options_(options) {}

  FitResult run(const std::vector<double>& initial) {
    x_ = VectorXd(static_cast<Eigen::Index>(initial.size()));
    for (std::size_t i = 0; i < initial.size(); ++i) x_[static_cast<Eigen::Index>(i)] = std::log(initial[i]);
    x_ = clamp(x_, bounds_);
    r_ = evaluate({x_}).front();
    result_.history.push_back({to_values(x_), cost_of(r_), damping_});
    result_.stop_reason = "iteration limit";
    while (result_.iterations < options_.max_iterations) {
      ++result_.iterations;
      if (!iterate()) break;
    }
    result_.values = to_values(x_);
    result_.residuals = r_;
    result_.cost = cost_of(r_);
    return result_;
  }

 private:
  std::vector<VectorXd> evaluate(const std::vector<VectorXd>& xs) {
    std::vector<std::vector<double>> batch;
    for (const VectorXd& x : xs) batch.push_back(to_values(x));
    result_.evaluations += static_cast<int>(xs.size());
    return residuals_(batch);
  }

  // Forward differences, one column per parameter, evaluated as one batch. A parameter at its
  // upper bound is differenced downwards.
  MatrixXd jacobian() {
    std::vector<VectorXd> shifted;
    std::vector<double> steps;
    for (Eigen::Index j = 0; j < x_.size(); ++j) {
      VectorXd x = x_;
      const bool at_top = x[j] + options_.log_step > std::log(bounds_.upper[static_cast<std::size_t>(j)]);
      x[j] += at_top ? -options_.log_step : options_.log_step;
      steps.push_back(x[j] - x_[j]);
      shifted.push_back(x);
    }
    const std::vector<VectorXd> rs = evaluate(shifted);
    MatrixXd J(r_.size(), x_.size());
    for (Eigen::Index j = 0; j < x_.size(); ++j) J.col(j) = (rs[static_cast<std::size_t>(j)] - r_) / steps[static_cast<std::size_t>(j)];
    return J;
  }

  // One Jacobian and up to max_tries damped steps; false when the search should stop.
  bool iterate() {
    const MatrixXd J = jacobian();
    const MatrixXd JtJ = J.transpose() * J;
    const VectorXd g = J.transpose() * r_;
    for (int t = 0; t < options_.max_tries; ++t) {
      MatrixXd A = JtJ;
      A.diagonal() += damping_ * JtJ.diagonal() + VectorXd::Constant(JtJ.rows(), 1e-12);
      const VectorXd x_new = clamp(x_ - A.ldlt().solve(g), bounds_);
      const VectorXd r_new = evaluate({x_new}).front();
      if (cost_of(r_new) < cost_of(r_)) {
        const double moved = (x_new - x_).cwiseAbs().maxCoeff();
        x_ = x_new;
        r_ = r_new;
        damping_ = std::max(damping_ / 3, 1e-6);
        result_.history.push_back({to_values(x_), cost_of(r_), damping_});
        if (options_.on_improved) options_.on_improved(to_values(x_));
        if (moved >= options_.tolerance) return true;
        result_.stop_reason = "converged (step below tolerance)";
        return false;
      }
      damping_ *= 4;
    }
    result_.stop_reason = "no further improvement";
    return false;
  }

  const BatchResiduals& residuals_;
  const FitBounds& bounds_;
  const FitOptions& options_;
  VectorXd x_, r_;
  double damping_ = 1e-2;
  FitResult result_;
};

}  // namespace

FitResult levenberg_marquardt(const BatchResiduals& residuals, const std::vector<double>& initial,
                              const FitBounds& bounds, const FitOptions& options) {
  assert(!initial.empty() && bounds.lower.size() == initial.size() && bounds.upper.size() == initial.size());
  return Solver(residuals, bounds, options).run(initial);
}

}  // namespace sim::calibrate
