#include "sim/cli/commands.hpp"

namespace sim::cli {

Command add_calibrate_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("calibrate", "Fit a hardware profile to measured saturated throughputs");
  return [cmd] { return cmd->parsed() ? kExitOk : -1; };
}

}  // namespace sim::cli
