#pragma once
// A calibration input: measured saturated throughputs (servers, read ratio, operations/s), the
// saturated scenario that reproduces the measurement setup (closed-loop clients), the starting
// hardware profile, and the few profile costs to fit. See sim/calibrate/README.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.hpp"

namespace sim::calibrate {

// One fitted cost. It sets every profile entry it names to the same value: a message kind (its
// message_us entry), "default_us" (every kind not listed) or "per_byte_ns".
struct Parameter {
  std::string name;
  std::vector<std::string> sets;
  double initial = 1;
  double min = 1e-3;
  double max = 1e6;
};

struct Point {
  int servers = 3;
  double read_ratio = 1;
  std::optional<double> throughput_per_s;  // measured; required to fit, not to predict
};

struct Measurements {
  std::string name = "calibrated";
  std::string source;
  nlohmann::ordered_json scenario;   // the saturated run, relative paths made absolute
  nlohmann::ordered_json profile;    // the starting profile (an object)
  std::vector<Parameter> parameters;
  std::vector<Point> points;
  std::uint64_t seed = 1;
  int max_iterations = 6;            // Jacobians computed, at most
};

struct MeasurementsResult {
  std::optional<Measurements> measurements;
  std::vector<InputError> errors;
  std::string source;
};

// require_throughputs: fitting needs a measured throughput at every point; predicting does not.
MeasurementsResult load_measurements_file(const std::string& path, bool require_throughputs);
// The same from the file's text (base_dir resolves the paths it names).
MeasurementsResult parse_measurements(const std::string& text, const std::string& source, const std::string& base_dir,
                                      bool require_throughputs);
std::string format_measurement_errors(const MeasurementsResult& result);

// The profile with the parameters set to values (in the parameters' order).
nlohmann::ordered_json profile_with(const Measurements& m, const std::vector<double>& values);

// The saturated scenario of one point with that profile.
std::string saturated_scenario(const Measurements& m, const Point& point, const nlohmann::ordered_json& profile);

}  // namespace sim::calibrate
