#include <unistd.h>

#include <cstdio>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/default_scenario.hpp"
#include "sim/run.hpp"
#include "sim/runtime/platform.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim::cli {

namespace {

struct RunArgs {
  std::string scenario_file;
  std::optional<std::uint64_t> seed;
  std::string out_dir;
  bool quiet = false;
};

LoadResult load(const std::string& file) {
  if (file.empty()) return parse_scenario(default_scenario_json(), "<default scenario>", ".");
  return load_scenario_file(file);
}

void print_violation(const RunArgs& args, const Scenario& scenario, const analysis::Violation& violation) {
  const auto seed = static_cast<unsigned long long>(scenario.seed);
  std::fprintf(stderr, "zksim: SAFETY VIOLATION, run stopped (seed %llu): %s\n  reproduce: zksim run %s --seed %llu\n",
               seed, analysis::describe(violation).c_str(), args.scenario_file.c_str(), seed);
}

int run(const RunArgs& args) {
  LoadResult loaded = load(args.scenario_file);
  if (!loaded.scenario) {
    std::fputs(format_errors(loaded).c_str(), stderr);
    return kExitBadInput;
  }
  Scenario scenario = *loaded.scenario;
  if (args.seed) scenario.seed = *args.seed;
  const std::string out_dir = args.out_dir.empty() ? "out/" + scenario.name : args.out_dir;
  if (!args.quiet)
    std::fprintf(stderr, "zksim: running %s with seed %llu\n", scenario.name.c_str(),
                 static_cast<unsigned long long>(scenario.seed));
  RunOptions options;
  options.progress = !args.quiet && isatty(STDERR_FILENO);
  RunOutput output;
  try {
    output = run_scenario(scenario, options);
  } catch (const PlatformError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  }
  write_report(output, out_dir);
  std::fputs(summary_of(output).c_str(), stdout);
  std::printf("\n  report: %s/report.json (also summary.txt, timeseries.csv)\n", out_dir.c_str());
  if (!args.quiet)
    std::fprintf(stderr, "zksim: %.2f s wall, %.1fx real time, %llu SimGrid comms\n", output.wall_seconds,
                 scenario.duration_s / std::max(output.wall_seconds, 1e-9),
                 static_cast<unsigned long long>(output.counters.comms));
  if (!output.violation) return kExitOk;
  print_violation(args, scenario, *output.violation);
  return kExitFailedRun;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run one scenario and write its report");
  cmd->add_option("scenario", args->scenario_file, "Scenario JSON file (default: the built-in scenarios/default.json)");
  cmd->add_option("--seed", args->seed, "Seed for every random choice (default: the scenario's own)");
  cmd->add_option("--out", args->out_dir, "Folder for report.json, summary.txt, timeseries.csv (default: out/<scenario name>)");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress or timing on stderr");
  return [cmd, args] { return cmd->parsed() ? run(*args) : -1; };
}

}  // namespace sim::cli
