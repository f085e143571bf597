// `zksim compare SCENARIO --strategies a,b,c [--out DIR]`: the scenario once per balancing
// strategy, every other input equal, and the metrics side by side (sim/compare/); with
// `--quorums a,b` instead, once per quorum layout.
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "models/balancing/registry.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_inputs.hpp"
#include "sim/compare/compare.hpp"
#include "sim/compare/compare_quorums.hpp"
#include "sim/limits/memory_estimate.hpp"
#include "sim/output_file.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim::cli {

namespace {

struct CompareArgs {
  std::string scenario_file;
  std::string strategies;  // comma-separated names
  std::string quorums;     // or comma-separated quorum layouts
  std::string out_dir;
  std::optional<std::uint64_t> seed;
  int jobs = 1;  // --jobs: strategies run at once
  bool quiet = false;
  bool force = false;  // --force: run even when the memory estimate says it will not fit
};

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream in(list);
  for (std::string name; std::getline(in, name, ',');)
    if (!name.empty()) names.push_back(name);
  return names;
}

// Every name must be a known strategy that accepts the scenario's options for its level, and
// appear once (each names its run's folder, and a column of the comparison).
bool check_names(const std::vector<std::string>& names, const Scenario& scenario) {
  if (names.empty()) {
    std::fprintf(stderr, "zksim: --strategies: give at least one strategy name\n");
    return false;
  }
  const auto& options = (scenario.services.enabled ? scenario.services.clients.strategy : scenario.clients.strategy).options;
  bool ok = true;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!seen.insert(names[i]).second) {
      std::fprintf(stderr, "zksim: --strategies[%zu]: %s is named twice\n", i, names[i].c_str());
      ok = false;
      continue;
    }
    const models::balancing::MadeStrategy made = models::balancing::make_strategy(names[i], options);
    if (made.strategy) continue;
    std::fprintf(stderr, "zksim: --strategies[%zu]: %s\n", i, made.error.c_str());
    ok = false;
  }
  return ok;
}

// Each layout once: each names its run's folder and a column.
bool check_layout_names(const std::vector<std::string>& names) {
  if (names.empty()) std::fprintf(stderr, "zksim: --quorums: give at least one layout\n");
  std::set<std::string> seen;
  bool ok = !names.empty();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (!seen.insert(layout_folder(names[i])).second) {
      std::fprintf(stderr, "zksim: --quorums[%zu]: %s is named twice\n", i, names[i].c_str());
      ok = false;
    }
  return ok;
}

// What one comparison left for the command to say.
struct StagedOutcome {
  std::string plot_warning;
  std::string table;
  int failed_runs = 0;
};

// Runs a comparison into a staged folder that replaces --out (default out/NAME-compare) as a whole
// once complete, then prints its table and where everything is.
int run_staged(const CompareArgs& args, const std::string& name, const char* also,
               const std::function<StagedOutcome(const std::string&)>& run) {
  const std::string out_dir = args.out_dir.empty() ? "out/" + name + "-compare" : args.out_dir;
  StagedFolder out(out_dir);
  out.remove_earlier();
  const StagedOutcome outcome = run(out.path().string());
  const std::string plot_warning = out.with_final_path(outcome.plot_warning);
  out.commit();
  if (!plot_warning.empty()) std::fprintf(stderr, "zksim: warning: %s\n", plot_warning.c_str());
  std::fputs(outcome.table.c_str(), stdout);
  std::printf("\n  compare: %s/compare.json (every figure of the reports side by side; also %s)\n", out_dir.c_str(), also);
  return outcome.failed_runs ? kExitFailedRun : kExitOk;
}

int compare_quorums(const CompareArgs& args, const LoadResult& loaded) {
  const std::vector<std::string> layouts = split_names(args.quorums);
  if (!check_layout_names(layouts)) return kExitBadInput;
  std::string problems;
  std::optional<std::vector<Scenario>> scenarios = scenarios_per_layout(loaded, layouts, problems);
  if (!scenarios) {
    std::fputs(problems.c_str(), stderr);
    return kExitBadInput;
  }
  for (Scenario& s : *scenarios) {
    if (args.seed) s.seed = *args.seed;
    if (const std::string refused = args.force ? "" : limits::refusal_here(s, loaded.source); !refused.empty()) {
      std::fprintf(stderr, "%s\n", refused.c_str());
      return kExitBadInput;
    }
  }
  const CompareOptions options{args.jobs, args.quiet, scenario_inputs(loaded, args.seed)};
  return run_staged(args, scenarios->front().name, "compare.csv, compare.txt, the plot compare.png, one report folder per layout",
                    [&](const std::string& folder) {
                      const LayoutCompareResult r = run_compare_quorums(layouts, *scenarios, folder, options);
                      return StagedOutcome{r.plot_warning, analysis::layout_comparison_table(r.comparison), r.failed_runs};
                    });
}

int compare(const CompareArgs& args) {
  LoadResult loaded = load_scenario_file(args.scenario_file);
  if (!loaded.scenario) {
    std::fputs(format_errors(loaded).c_str(), stderr);
    return kExitBadInput;
  }
  if (args.strategies.empty() == args.quorums.empty()) {
    std::fprintf(stderr, "zksim: compare: give --strategies or --quorums (one of the two)\n");
    return kExitBadInput;
  }
  if (!args.quorums.empty()) return compare_quorums(args, loaded);
  Scenario scenario = *loaded.scenario;
  if (args.seed) scenario.seed = *args.seed;
  const std::vector<std::string> names = split_names(args.strategies);
  if (!check_names(names, scenario)) return kExitBadInput;
  if (const std::string refused = args.force ? "" : limits::refusal_here(scenario, loaded.source); !refused.empty()) {
    std::fprintf(stderr, "%s\n", refused.c_str());
    return kExitBadInput;
  }
  const CompareOptions options{args.jobs, args.quiet, scenario_inputs(loaded, args.seed)};
  return run_staged(args, scenario.name, "report.html, compare.csv, compare.txt, the plot compare.png, one report folder per strategy",
                    [&](const std::string& folder) {
                      const CompareResult r = run_compare(scenario, names, folder, options);
                      return StagedOutcome{r.plot_warning, analysis::comparison_table(r.comparison), r.failed_runs};
                    });
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand("compare", "Run one scenario once per balancing strategy and compare them side by side");
  cmd->add_option("scenario", args->scenario_file, "Scenario JSON file")->required();
  cmd->add_option("--strategies", args->strategies,
                  "Comma-separated strategy names (with a services section: the app clients' backend strategy; "
                  "otherwise the ZooKeeper clients' server strategy)");
  cmd->add_option("--quorums", args->quorums,
                  "Instead of strategies: comma-separated quorum layouts, each majority, per_datacenter, or groups "
                  "as 1:2:3/4:5:6/7:8:9 (ensemble.groups)");
  cmd->add_option("--out", args->out_dir, "Folder for compare.json/.csv/.txt, the plot and the runs' reports (default: out/<scenario name>-compare)");
  add_seed_option(cmd, "--seed", args->seed, "Seed for every run, 0 to 2^64 - 1 (default: the scenario's own)");
  cmd->add_option("--jobs,-j", args->jobs, "Strategies run in parallel, each in its own process (the outputs are the same)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  cmd->add_flag("--force", args->force, "Run even if the scenario's estimated memory exceeds the machine's available memory");
  return [cmd, args] { return cmd->parsed() ? compare(*args) : -1; };
}

}  // namespace sim::cli
