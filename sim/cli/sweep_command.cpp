#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "sim/cli/commands.hpp"
#include "sim/output_file.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/sweep_results.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace sim::cli {

namespace {

struct SweepArgs {
  std::string plan_file;
  int jobs = 1;
  std::string shard;  // "I/N"
  std::string out_dir;
  bool keep_runs = false;
  bool quiet = false;
};

// Parses "I/N" with 0 <= I < N; false when it is not that.
bool parse_shard(const std::string& text, int& index, int& count) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  char* end = nullptr;
  const long i = std::strtol(text.c_str(), &end, 10);
  if (end != text.c_str() + slash) return false;
  const long n = std::strtol(text.c_str() + slash + 1, &end, 10);
  if (*end != '\0' || slash + 1 == text.size() || n < 1 || n > 100000 || i < 0 || i >= n) return false;
  index = static_cast<int>(i);
  count = static_cast<int>(n);
  return true;
}

// --shard: the shard file goes into a folder the other shards share, so only the file is staged;
// an earlier one of this shard is removed now (an interrupted shard leaves none).
int run_shard(const sweep::Plan& plan, sweep::SweepOptions& options, const std::string& out_dir) {
  const std::filesystem::path folder(out_dir);
  OutputFile file(folder / sweep::shard_file_name(options.shard_index, options.shard_count));
  file.remove_earlier();
  options.work_dir = (folder / ("runs-" + std::to_string(options.shard_index))).string();
  const sweep::SweepData data = sweep::run_sweep(plan, options);
  file.write(sweep::shard_json(data, options.shard_index, options.shard_count).dump(2) + "\n");
  file.commit();
  std::printf("zksim sweep: shard %d of %d: %zu configurations written to %s\n", options.shard_index,
              options.shard_count, data.results.size(), file.path().c_str());
  return kExitOk;
}

// The whole grid: the output folder is staged (runs and results) and renamed into place at the end.
int run_whole(const sweep::Plan& plan, sweep::SweepOptions& options, const std::string& out_dir) {
  StagedFolder out(out_dir);
  out.remove_earlier();
  options.work_dir = (out.path() / "runs-0").string();
  const sweep::SweepData data = sweep::run_sweep(plan, options);
  // Through the shard form and back, as `zksim merge` does, so that both write the same bytes
  // (and the results pass merge's checks).
  std::vector<InputError> errors;
  std::optional<sweep::ShardFile> whole =
      sweep::read_shard(nlohmann::json::parse(sweep::shard_json(data, 0, 1).dump()), "sweep", errors);
  std::vector<std::string> merge_errors;
  std::optional<sweep::SweepData> merged;
  if (whole) merged = sweep::merge_shards({*whole}, merge_errors);
  if (!merged)
    throw std::logic_error("the sweep's own results fail merge's checks: " + format_input_errors("sweep", errors) +
                           (merge_errors.empty() ? "" : merge_errors.front()));
  const std::string warning = out.with_final_path(sweep::write_sweep_outputs(*merged, out.path().string()));
  out.commit();
  if (!warning.empty()) std::fprintf(stderr, "zksim: warning: %s\n", warning.c_str());
  std::fputs(sweep::sweep_table(*merged).c_str(), stdout);
  std::printf("\n  results: %s/sweep.json (also report.html, sweep.csv, summary.txt, plots/capacity.* and plots/knee-*.*)\n", out_dir.c_str());
  return kExitOk;
}

int run(const SweepArgs& args) {
  sweep::SweepOptions options;
  if (!args.shard.empty() && !parse_shard(args.shard, options.shard_index, options.shard_count)) {
    std::fprintf(stderr, "zksim sweep: --shard %s: expected I/N with 0 <= I < N (e.g. 0/4)\n", args.shard.c_str());
    return kExitBadInput;
  }
  const sweep::PlanResult loaded = sweep::load_plan_file(args.plan_file);
  if (!loaded.plan) {
    std::fputs(sweep::format_plan_errors(loaded).c_str(), stderr);
    return kExitBadInput;
  }
  const sweep::Plan& plan = *loaded.plan;
  const std::string out_dir = args.out_dir.empty() ? "out/sweep-" + plan.name : args.out_dir;
  options.jobs = args.jobs;
  options.keep_runs = args.keep_runs;
  options.progress = !args.quiet && isatty(STDERR_FILENO);
  return args.shard.empty() ? run_whole(plan, options, out_dir) : run_shard(plan, options, out_dir);
}

}  // namespace

Command add_sweep_command(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand("sweep", "Find the capacity of every configuration of a plan's grid under its SLO");
  cmd->add_option("plan", args->plan_file, "Sweep plan JSON file")->required();
  cmd->add_option("--jobs,-j", args->jobs, "Simulations run in parallel (child processes)")->check(CLI::Range(1, 1024));
  cmd->add_option("--shard", args->shard,
                  "I/N: run only the configurations with index % N == I and write shard-I-of-N.json (see `zksim merge`)");
  cmd->add_option("--out", args->out_dir,
                  "Output folder, replaced as a whole once the sweep is complete (with --shard: the folder the shard "
                  "files share; only this shard's file is replaced) (default: out/sweep-<plan name>)");
  cmd->add_flag("--keep-runs", args->keep_runs, "Keep every run's scenario and report under OUT/runs-I/");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  return [cmd, args] { return cmd->parsed() ? run(*args) : -1; };
}

}  // namespace sim::cli
