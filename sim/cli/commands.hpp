#pragma once
// The zksim subcommands. Each registers its options on the application and returns the function
// to run once the command line is parsed; one file per command keeps them independent.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "sim/exit_codes.hpp"

namespace sim::cli {

using sim::kExitBadInput;
using sim::kExitCannotWrite;
using sim::kExitFailedRun;
using sim::kExitInterruptedBase;
using sim::kExitOk;

// The exit codes as `--help` lists them.
extern const char* const kExitCodesHelp;

using Command = std::function<int()>;

// Registers `run` on app; the returned command runs it if it was chosen.
Command add_run_command(CLI::App& app);
// `replay TRACE`: re-executes a recorded trace against the state machines alone.
Command add_replay_command(CLI::App& app);
// `diff A B`: the first divergence between two traces.
Command add_diff_command(CLI::App& app);
// `diff-reports A B`: two runs' (or replicated runs') figures side by side, each with its change.
Command add_diff_reports_command(CLI::App& app);
// Registers `check` (swarm testing, sim/check/).
Command add_check_command(CLI::App& app);
// `sweep PLAN`: the capacity of every configuration of a grid under an SLO (child runs).
Command add_sweep_command(CLI::App& app);
// `merge SHARDS... --out DIR`: the shards of a sharded sweep, combined into the unsharded outputs.
Command add_merge_command(CLI::App& app);
// `calibrate MEASUREMENTS`: fits a hardware profile's CPU costs to measured saturated throughputs.
Command add_calibrate_command(CLI::App& app);
// `compare SCENARIO --strategies a,b,c`: one run per balancing strategy, side by side.
Command add_compare_command(CLI::App& app);

// A seed option (`--seed`, `--from`): a decimal integer in [0, 2^64). CLI11 alone would read
// "-1" as 2^64 - 1 (strtoull wraps negative numbers); this refuses it, and anything that is not
// digits or does not fit, as bad input.
CLI::Option* add_seed_option(CLI::App* cmd, const std::string& name, std::optional<std::uint64_t>& seed,
                             const std::string& description);
CLI::Option* add_seed_option(CLI::App* cmd, const std::string& name, std::uint64_t& seed, const std::string& description);

}  // namespace sim::cli
