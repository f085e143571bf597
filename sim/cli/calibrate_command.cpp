#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "sim/calibrate/calibration_report.hpp"
#include "sim/calibrate/fit.hpp"
#include "sim/calibrate/saturation.hpp"
#include "sim/cli/commands.hpp"
#include "sim/output_file.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim::cli {

namespace {

using calibrate::Measurements;

struct CalibrateArgs {
  std::string measurements_file;
  std::string out_file;       // the fitted profile
  std::string report_file;    // the fit's report (JSON)
  std::string predict_file;   // --predict: simulate this profile at the points instead of fitting
  int jobs = 1;
  bool quiet = false;
};

// Where a fit keeps the best profile found so far: beside the profile, under a name that says it
// is not the result (only a completed fit writes the profile itself).
std::string best_so_far_file(const std::string& out_file) { return out_file + ".best-so-far"; }

// Profile values are written with 3 decimals (ns resolution for µs costs): the fit is not more
// precise than that, and the predictions are made with exactly what the file holds.
double rounded(double value) { return std::round(value * 1000) / 1000; }

// "proposal_us=12.5, commit_us=3.25": which profile a progress line is about.
std::string parameter_values(const Measurements& m, const std::vector<double>& values) {
  std::string text;
  for (std::size_t i = 0; i < m.parameters.size() && i < values.size(); ++i) {
    char value[32];
    std::snprintf(value, sizeof value, "%.4g", values[i]);
    text += (i ? ", " : "") + m.parameters[i].name + "=" + value;
  }
  return text;
}

calibrate::CalibrationOutcome fit(const Measurements& m, calibrate::SaturationRunner& runner, const std::string& out_file,
                                  bool quiet) {
  calibrate::FitBounds bounds;
  std::vector<double> initial;
  for (const calibrate::Parameter& p : m.parameters) {
    initial.push_back(p.initial);
    bounds.lower.push_back(p.min);
    bounds.upper.push_back(p.max);
  }
  std::size_t simulated = 0;  // profiles simulated so far, over the whole fit
  const auto residuals = [&](const std::vector<std::vector<double>>& batch) {
    std::vector<nlohmann::ordered_json> profiles;
    for (const auto& values : batch) profiles.push_back(calibrate::profile_with(m, values));
    const auto throughputs = runner.throughputs(profiles);
    std::vector<Eigen::VectorXd> out;
    for (std::size_t b = 0; b < throughputs.size(); ++b) {
      const auto& row = throughputs[b];
      Eigen::VectorXd r(static_cast<Eigen::Index>(row.size()));
      for (std::size_t p = 0; p < row.size(); ++p)
        r[static_cast<Eigen::Index>(p)] = std::log(std::max(row[p], 1e-9)) - std::log(*m.points[p].throughput_per_s);
      out.push_back(r);
      ++simulated;
      if (!quiet)
        std::fprintf(stderr, "zksim calibrate: profile %zu (%s): rms log error %.4f\n", simulated,
                     parameter_values(m, batch[b]).c_str(), std::sqrt(r.squaredNorm() / static_cast<double>(r.size())));
    }
    return out;
  };
  calibrate::FitOptions options;
  options.max_iterations = m.max_iterations;
  options.on_improved = [&](const std::vector<double>& values) {
    std::vector<double> written;
    for (double v : values) written.push_back(rounded(v));
    write_output_file(best_so_far_file(out_file), calibrate::profile_with(m, written).dump(2) + "\n");
    if (!quiet)
      std::fprintf(stderr, "zksim calibrate: improved; best profile so far written to %s\n", best_so_far_file(out_file).c_str());
  };
  calibrate::CalibrationOutcome outcome;
  outcome.fit = calibrate::levenberg_marquardt(residuals, initial, bounds, options);
  for (double v : outcome.fit->values) outcome.values.push_back(rounded(v));
  outcome.profile = calibrate::profile_with(m, outcome.values);
  outcome.simulated_per_s = runner.throughputs({outcome.profile}).front();
  return outcome;
}

// --predict: the given profile file, validated by the scenario language, at every point.
std::optional<calibrate::CalibrationOutcome> predict(const Measurements& m, calibrate::SaturationRunner& runner,
                                                     const std::string& profile_file) {
  const std::string absolute = std::filesystem::absolute(profile_file).string();
  const LoadResult check = parse_scenario(nlohmann::json({{"profile", absolute}}).dump(), profile_file, ".");
  if (!check.scenario) {
    std::fputs(format_errors(check).c_str(), stderr);
    return std::nullopt;
  }
  calibrate::CalibrationOutcome outcome;
  outcome.profile = nlohmann::ordered_json::parse(read_input_file(absolute).value_or("{}"));
  for (const calibrate::Parameter& p : m.parameters) {
    const std::string& entry = p.sets.front();
    const bool top = entry == "default_us" || entry == "per_byte_ns";
    const auto& node = top ? outcome.profile : outcome.profile.value("message_us", nlohmann::ordered_json::object());
    outcome.values.push_back(node.contains(entry) ? node[entry].get<double>() : NAN);
  }
  outcome.simulated_per_s = runner.throughputs({outcome.profile}).front();
  return outcome;
}

// The fitted profile and the --report file, opened (so checked writable) before the fit, and the
// earlier ones removed: a fit that fails or is interrupted leaves neither (a best-so-far profile,
// under its own name, at most).
struct Outputs {
  std::optional<OutputFile> profile, report;
};

void open_outputs(Outputs& out, const CalibrateArgs& args, const std::string& out_file, bool predicting) {
  if (!predicting) out.profile.emplace(out_file);
  if (!args.report_file.empty()) out.report.emplace(args.report_file);
  std::error_code error;
  if (out.profile) {
    out.profile->remove_earlier();
    std::filesystem::remove(best_so_far_file(out_file), error);
  }
  if (out.report) out.report->remove_earlier();
}

void write_outputs(Outputs& out, const Measurements& m, const calibrate::CalibrationOutcome& outcome, const std::string& out_file) {
  std::error_code error;
  if (out.profile) {
    out.profile->write(outcome.profile.dump(2) + "\n");
    out.profile->commit();
    std::filesystem::remove(best_so_far_file(out_file), error);
  }
  if (out.report) {
    out.report->write(calibrate::calibration_json(m, outcome).dump(2) + "\n");
    out.report->commit();
  }
}

// The fit (or --predict), its runs' scratch folder removed however it ends.
std::optional<calibrate::CalibrationOutcome> simulate(const CalibrateArgs& args, const Measurements& m,
                                                      const std::string& out_file) {
  sweep::JobSlots slots(args.jobs);
  calibrate::SaturationRunner runner{m, slots, out_file + ".runs"};
  struct RemoveRuns {
    std::string dir;
    ~RemoveRuns() {
      std::error_code error;
      std::filesystem::remove_all(dir, error);
    }
  } remove_runs{out_file + ".runs"};
  return args.predict_file.empty() ? fit(m, runner, out_file, args.quiet) : predict(m, runner, args.predict_file);
}

int run(const CalibrateArgs& args) {
  const bool predicting = !args.predict_file.empty();
  const calibrate::MeasurementsResult loaded = calibrate::load_measurements_file(args.measurements_file, !predicting);
  if (!loaded.measurements) {
    std::fputs(calibrate::format_measurement_errors(loaded).c_str(), stderr);
    return kExitBadInput;
  }
  const Measurements& m = *loaded.measurements;
  const std::string out_file = args.out_file.empty() ? "out/calibrate-" + m.name + "/profile.json" : args.out_file;
  Outputs out;
  open_outputs(out, args, out_file, predicting);
  const std::optional<calibrate::CalibrationOutcome> outcome = simulate(args, m, out_file);
  if (!outcome) return kExitBadInput;
  write_outputs(out, m, *outcome, out_file);
  std::fputs(calibrate::calibration_table(m, *outcome).c_str(), stdout);
  if (!predicting) std::printf("\n  profile: %s\n", out_file.c_str());
  return kExitOk;
}

}  // namespace

Command add_calibrate_command(CLI::App& app) {
  auto args = std::make_shared<CalibrateArgs>();
  CLI::App* cmd = app.add_subcommand("calibrate", "Fit a hardware profile's CPU costs to measured saturated throughputs");
  cmd->add_option("measurements", args->measurements_file, "Measurements JSON file")->required();
  cmd->add_option("--out", args->out_file,
                  "Where to write the fitted profile, once the fit is complete (default: out/calibrate-<name>/profile.json)");
  cmd->add_option("--report", args->report_file, "Also write the fit (parameters, course, every point) as JSON here");
  cmd->add_option("--predict", args->predict_file,
                  "Do not fit: simulate this profile at the measurements' points (throughputs there are optional)");
  cmd->add_option("--jobs,-j", args->jobs, "Simulations run in parallel (child processes)")->check(CLI::Range(1, 1024));
  cmd->add_flag("--quiet,-q", args->quiet, "No fit progress on stderr");
  return [cmd, args] { return cmd->parsed() ? run(*args) : -1; };
}

}  // namespace sim::cli
