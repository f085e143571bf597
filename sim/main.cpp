// zksim: the command line. Subcommands parse their options and hand over to sim/ and analysis/.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "sim/default_scenario.hpp"
#include "sim/run.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace {

constexpr int kExitBadInput = 2;

struct RunArgs {
  std::string scenario_file;
  std::optional<std::uint64_t> seed;
  std::string out_dir;
  bool quiet = false;
};

sim::LoadResult load(const std::string& file) {
  if (file.empty()) return sim::parse_scenario(sim::default_scenario_json(), "<default scenario>", ".");
  return sim::load_scenario_file(file);
}

int run_command(const RunArgs& args) {
  sim::LoadResult loaded = load(args.scenario_file);
  if (!loaded.scenario) {
    std::fputs(sim::format_errors(loaded).c_str(), stderr);
    return kExitBadInput;
  }
  sim::Scenario scenario = *loaded.scenario;
  if (args.seed) scenario.seed = *args.seed;
  const std::string out_dir = args.out_dir.empty() ? "out/" + scenario.name : args.out_dir;
  if (!args.quiet) std::fprintf(stderr, "zksim: running %s with seed %llu\n", scenario.name.c_str(),
                                static_cast<unsigned long long>(scenario.seed));
  sim::RunOptions options;
  options.progress = !args.quiet && isatty(STDERR_FILENO);
  const sim::RunOutput output = sim::run_scenario(scenario, options);
  sim::write_report(output, out_dir);
  std::fputs(sim::summary_of(output).c_str(), stdout);
  std::printf("\n  report: %s/report.json (also summary.txt, timeseries.csv)\n", out_dir.c_str());
  if (!args.quiet)
    std::fprintf(stderr, "zksim: %.2f s wall, %.1fx real time, %llu SimGrid comms\n", output.wall_seconds,
                 scenario.duration_s / std::max(output.wall_seconds, 1e-9),
                 static_cast<unsigned long long>(output.counters.comms));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zksim: a deterministic simulator of a ZooKeeper ensemble and of the clients balanced through it"};
  app.require_subcommand(1);
  RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Run one scenario and write its report");
  run->add_option("scenario", run_args.scenario_file, "Scenario JSON file (default: the built-in scenarios/default.json)");
  run->add_option("--seed", run_args.seed, "Seed for every random choice (default: the scenario's own)");
  run->add_option("--out", run_args.out_dir, "Folder for report.json, summary.txt, timeseries.csv (default: out/<scenario name>)");
  run->add_flag("--quiet,-q", run_args.quiet, "No progress or timing on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitBadInput;
  }
  try {
    if (*run) return run_command(run_args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zksim: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
