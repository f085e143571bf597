// zksim check: swarm testing. Each seed is a random scenario with a random fault schedule, run
// with the safety checker and judged for liveness after a quiet period; failures come with the
// commands that reproduce them and a shrunken fault schedule.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "sim/check/swarm.hpp"
#include "sim/cli/commands.hpp"
#include "sim/interrupt.hpp"

namespace sim::cli {

namespace {

constexpr int kShrinkRunsMax = 40;

struct CheckArgs {
  std::uint64_t seeds = 10;
  std::uint64_t from = 1;
  int jobs = 1;
  std::string out_dir = "out/check";
  bool shrink = true;
  bool keep = false;  // write every seed's scenario, not only the failing ones
  std::string broken;  // --break: run every server as this deliberately broken variant
  models::ProtocolBugs bugs;
};

std::string bug_names() {
  std::string names;
  for (const auto& bug : models::kProtocolBugNames) names += (names.empty() ? "" : ", ") + std::string(bug.name);
  return names;
}

std::string summary_of(const check::RandomScenario& s) {
  const auto& e = s.base.at("ensemble");
  char text[160];
  std::snprintf(text, sizeof text, "%d servers + %d observers, %d clients, %.0f req/s, %zu faults, %.0f s",
                e.at("servers").get<int>(), e.at("observers").get<int>(), s.base.at("clients").at("count").get<int>(),
                s.base.at("workload").at("rate_per_s").get<double>(), s.faults.size(), s.duration_s);
  return text;
}

std::string write_scenario(const std::string& dir, const std::string& name, const nlohmann::ordered_json& scenario) {
  throw_if_interrupted();  // a shrink that the signal cut short is no result
  std::filesystem::create_directories(dir);
  const std::string path = (std::filesystem::path(dir) / name).string();
  std::ofstream(path, std::ios::binary) << scenario.dump(2) << "\n";
  return path;
}

void report_failure(const CheckArgs& args, const check::SeedResult& r) {
  const auto seed = static_cast<unsigned long long>(r.seed);
  const std::string file =
      write_scenario(args.out_dir, "seed-" + std::to_string(seed) + ".json", check::scenario_json(r.scenario, r.scenario.faults));
  const std::string broken = args.broken.empty() ? "" : " --break " + args.broken;
  std::printf("  %s\n  reproduce: zksim check --seeds 1 --from %llu%s\n", r.verdict.detail.c_str(), seed, broken.c_str());
  if (broken.empty()) std::printf("             zksim run %s\n", file.c_str());
  if (!args.shrink || r.scenario.faults.empty()) return;
  const auto shrunk = check::shrink(r.scenario, r.verdict.outcome, kShrinkRunsMax,
                                    args.out_dir + "/shrink-" + std::to_string(seed) + ".log", args.bugs);
  const std::string shrunk_file = write_scenario(args.out_dir, "seed-" + std::to_string(seed) + "-shrunk.json",
                                                 check::scenario_json(r.scenario, shrunk));
  std::printf("  shrunk to %zu of %zu faults (%s %s):\n", shrunk.size(), r.scenario.faults.size(),
              broken.empty() ? "zksim run" : "scenario", shrunk_file.c_str());
  for (const auto& e : shrunk) std::printf("    %s\n", check::describe_event(e).c_str());
}

int check(const CheckArgs& args) {
  if (args.from > UINT64_MAX - (args.seeds - 1)) {
    std::fprintf(stderr, "zksim: --from %llu with --seeds %llu would pass seed 2^64 - 1\n",
                 static_cast<unsigned long long>(args.from), static_cast<unsigned long long>(args.seeds));
    return kExitBadInput;
  }
  std::filesystem::create_directories(args.out_dir);
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < args.seeds; ++i) seeds.push_back(args.from + i);
  std::uint64_t failed = 0;
  check::run_seeds(seeds, args.jobs, args.out_dir, args.bugs, [&](const check::SeedResult& r) {
    throw_if_interrupted();  // a seed that the signal stopped is no verdict (main stops the other children)
    std::printf("seed %-8llu %-12s %s\n", static_cast<unsigned long long>(r.seed),
                check::outcome_name(r.verdict.outcome), summary_of(r.scenario).c_str());
    if (args.keep && r.verdict.outcome == check::Outcome::ok)
      write_scenario(args.out_dir, "seed-" + std::to_string(r.seed) + ".json", check::scenario_json(r.scenario, r.scenario.faults));
    if (r.verdict.outcome != check::Outcome::ok) {
      ++failed;
      report_failure(args, r);
    }
    std::fflush(stdout);
  });
  std::printf("%llu of %llu seeds failed\n", static_cast<unsigned long long>(failed),
              static_cast<unsigned long long>(seeds.size()));
  return failed == 0 ? kExitOk : kExitFailedRun;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Swarm testing: random scenarios and fault schedules, checked for safety and liveness");
  cmd->add_option("--seeds", args->seeds, "How many seeds to run")->check(CLI::Range(1, 1'000'000));
  add_seed_option(cmd, "--from", args->from, "The first seed, 0 to 2^64 - 1");
  cmd->add_option("--jobs,-j", args->jobs, "Seeds run in parallel, each in its own process")->check(CLI::Range(1, 256));
  cmd->add_option("--out", args->out_dir, "Folder for failing scenarios (default: out/check)");
  cmd->add_flag("--keep", args->keep, "Also write the scenario of every seed that passed to --out");
  cmd->add_flag("!--no-shrink", args->shrink, "Do not shrink the fault schedules of failing seeds");
  cmd->add_option("--break", args->broken,
                  "Run every server as a deliberately broken protocol variant, to see the swarm catch it: " + bug_names())
      ->check([args](const std::string& name) {
        return models::enable_protocol_bug(args->bugs, name) ? "" : "not a protocol variant: " + bug_names();
      });
  return [cmd, args] { return cmd->parsed() ? check(*args) : -1; };
}

}  // namespace sim::cli
