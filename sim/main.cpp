// zksim: the command line. Each subcommand lives in sim/cli/ and hands over to sim/ and analysis/.
#include <cstdio>
#include <exception>
#include <vector>

#include "sim/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"zksim: a deterministic simulator of a ZooKeeper ensemble and of the clients balanced through it"};
  app.require_subcommand(1);
  const std::vector<sim::cli::Command> commands{
      sim::cli::add_run_command(app),
      sim::cli::add_replay_command(app),
      sim::cli::add_diff_command(app),
      sim::cli::add_check_command(app),
      sim::cli::add_sweep_command(app),
      sim::cli::add_merge_command(app),
      sim::cli::add_calibrate_command(app),
      sim::cli::add_compare_command(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? sim::cli::kExitOk : sim::cli::kExitBadInput;
  }
  try {
    for (const auto& command : commands)
      if (const int code = command(); code >= 0) return code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zksim: error: %s\n", e.what());
    return sim::cli::kExitFailedRun;
  }
  return sim::cli::kExitOk;
}
