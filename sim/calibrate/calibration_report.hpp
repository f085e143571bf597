#pragma once
// What `zksim calibrate` prints and writes: the parameters (initial and fitted), the fit's course,
// and the measured against the simulated throughput of every point.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/calibrate/fit.hpp"
#include "sim/calibrate/measurements.hpp"

namespace sim::calibrate {

struct CalibrationOutcome {
  std::vector<double> values;          // the profile's parameters as written (rounded)
  nlohmann::ordered_json profile;      // the profile written (or the one predicted with)
  std::vector<double> simulated_per_s; // per point, with that profile
  std::optional<FitResult> fit;        // absent when only predicting
};

std::string calibration_table(const Measurements& m, const CalibrationOutcome& outcome);
nlohmann::ordered_json calibration_json(const Measurements& m, const CalibrationOutcome& outcome);

}  // namespace sim::calibrate
