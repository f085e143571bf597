// zksim check: swarm testing. Each seed is a random scenario with faults aimed at protocol
// moments and random ones, run with the safety checker and judged for liveness after the final
// heal; failures come with the commands that reproduce them and a shrunken fault schedule; the
// campaign counts the coverage probes reached (sim/check/campaign.hpp).
#include <cstdio>
#include <memory>

#include "sim/check/campaign.hpp"
#include "sim/cli/commands.hpp"

namespace sim::cli {

namespace {

int check(const check::CampaignOptions& options) {
  if (options.from > UINT64_MAX - (options.seeds - 1)) {
    std::fprintf(stderr, "zksim: --from %llu with --seeds %llu would pass seed 2^64 - 1\n",
                 static_cast<unsigned long long>(options.from), static_cast<unsigned long long>(options.seeds));
    return kExitBadInput;
  }
  const check::CampaignResult result = check::run_campaign(options);
  return result.failed == 0 && result.required_missing.empty() ? kExitOk : kExitFailedRun;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto args = std::make_shared<check::CampaignOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Swarm testing: random scenarios and fault schedules, checked for safety and liveness");
  cmd->add_option("--seeds", args->seeds, "How many seeds to run")->check(CLI::Range(1, 1'000'000));
  add_seed_option(cmd, "--from", args->from, "The first seed, 0 to 2^64 - 1");
  cmd->add_option("--jobs,-j", args->jobs, "Seeds run in parallel, each in its own process")->check(CLI::Range(1, 256));
  cmd->add_option("--out", args->out_dir, "Folder for failing scenarios (default: out/check)");
  cmd->add_flag("--keep", args->keep, "Also write the scenario of every seed that passed to --out");
  cmd->add_flag("!--no-shrink", args->shrink, "Do not shrink the fault schedules of failing seeds");
  cmd->add_flag("--first-failure", args->first_failure, "Stop at the first failing seed");
  cmd->add_flag("--require-probes", args->require_probes,
                "Fail (exit 1) when a required coverage probe was never reached (sim/check/README.md)");
  cmd->add_option("--break", args->broken,
                  "Run every server as a deliberately broken protocol variant, to see the swarm catch it: " +
                      models::all_protocol_bug_names())
      ->check([args](const std::string& name) {
        return models::enable_protocol_bug(args->bugs, name) ? "" : "not a protocol variant: " + models::all_protocol_bug_names();
      });
  return [cmd, args] { return cmd->parsed() ? check(*args) : -1; };
}

}  // namespace sim::cli
