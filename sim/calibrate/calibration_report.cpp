#include "sim/calibrate/calibration_report.hpp"

#include <cmath>
#include <cstdio>

#include "analysis/plot/number_format.hpp"

namespace sim::calibrate {

namespace {

using analysis::fixed_number;

std::optional<double> error_percent(const Point& p, double simulated) {
  if (!p.throughput_per_s) return std::nullopt;
  return 100.0 * (simulated - *p.throughput_per_s) / *p.throughput_per_s;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string parameters_table(const Measurements& m, const CalibrationOutcome& o) {
  char line[256];
  std::string out;
  std::snprintf(line, sizeof line, "  %-20s %12s %12s   %s\n", "parameter", "initial", o.fit ? "fitted" : "profile", "sets");
  out += line;
  for (std::size_t i = 0; i < m.parameters.size(); ++i) {
    std::snprintf(line, sizeof line, "  %-20s %12s %12s   %s\n", m.parameters[i].name.c_str(),
                  fixed_number(m.parameters[i].initial, 3).c_str(),
                  i < o.values.size() ? fixed_number(o.values[i], 3).c_str() : "-", joined(m.parameters[i].sets).c_str());
    out += line;
  }
  return out;
}

}  // namespace

std::string calibration_table(const Measurements& m, const CalibrationOutcome& o) {
  std::string out = "zksim calibrate  " + m.name + "  (" + std::to_string(m.parameters.size()) + " parameters, " +
                    std::to_string(m.points.size()) + " points";
  if (o.fit)
    out += "; " + std::to_string(o.fit->iterations) + " iterations, " + std::to_string(o.fit->evaluations) +
           " profiles simulated: " + o.fit->stop_reason;
  out += ")\n\n" + parameters_table(m, o) + "\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %7s %6s %14s %14s %9s\n", "servers", "read%", "measured/s", "simulated/s", "error %");
  out += line;
  for (std::size_t p = 0; p < m.points.size(); ++p) {
    const Point& point = m.points[p];
    const auto error = error_percent(point, o.simulated_per_s[p]);
    std::snprintf(line, sizeof line, "  %7d %6s %14s %14s %9s\n", point.servers, fixed_number(100 * point.read_ratio, 1).c_str(),
                  point.throughput_per_s ? fixed_number(*point.throughput_per_s, 1).c_str() : "-",
                  fixed_number(o.simulated_per_s[p], 1).c_str(), error ? fixed_number(*error, 2).c_str() : "-");
    out += line;
  }
  return out;
}

nlohmann::ordered_json calibration_json(const Measurements& m, const CalibrationOutcome& o) {
  using ordered = nlohmann::ordered_json;
  ordered params = ordered::array();
  for (std::size_t i = 0; i < m.parameters.size(); ++i)
    params.push_back({{"name", m.parameters[i].name}, {"sets", m.parameters[i].sets},
                      {"initial", m.parameters[i].initial}, {"value", o.values.at(i)}});
  ordered points = ordered::array();
  for (std::size_t p = 0; p < m.points.size(); ++p) {
    const auto error = error_percent(m.points[p], o.simulated_per_s[p]);
    points.push_back({{"servers", m.points[p].servers}, {"read_ratio", m.points[p].read_ratio},
                      {"measured_per_s", m.points[p].throughput_per_s ? ordered(*m.points[p].throughput_per_s) : ordered(nullptr)},
                      {"simulated_per_s", o.simulated_per_s[p]},
                      {"error_percent", error ? ordered(*error) : ordered(nullptr)}});
  }
  ordered out = {{"schema", "zksim.calibration/1"}, {"name", m.name}, {"mode", o.fit ? "fit" : "predict"},
                 {"parameters", params}, {"profile", o.profile}, {"points", points}};
  if (!o.fit) return out;
  ordered history = ordered::array();
  for (const FitIteration& it : o.fit->history) history.push_back({{"values", it.values}, {"cost", it.cost}, {"damping", it.damping}});
  out["fit"] = {{"method", "Levenberg-Marquardt on log throughput, log parameters, forward-difference Jacobian"},
                {"iterations", o.fit->iterations}, {"profiles_simulated", o.fit->evaluations},
                {"stop_reason", o.fit->stop_reason}, {"cost", o.fit->cost}, {"history", history}};
  return out;
}

}  // namespace sim::calibrate
