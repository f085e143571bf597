#pragma once
// The zksim subcommands. Each registers its options on the application and returns the function
// to run once the command line is parsed; one file per command keeps them independent.
#include <functional>

#include <CLI/CLI.hpp>

namespace sim::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailedRun = 1;  // the run found a problem (a safety violation, a mismatch)
constexpr int kExitBadInput = 2;   // the input is wrong: nothing was run

using Command = std::function<int()>;

// Registers `run` on app; the returned command runs it if it was chosen.
Command add_run_command(CLI::App& app);
// `replay TRACE`: re-executes a recorded trace against the state machines alone.
Command add_replay_command(CLI::App& app);
// `diff A B`: the first divergence between two traces.
Command add_diff_command(CLI::App& app);
// Registers `check` (swarm testing, sim/check/).
Command add_check_command(CLI::App& app);

}  // namespace sim::cli
