// zksim: the command line. Each subcommand lives in sim/cli/ and hands over to sim/ and analysis/.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/interrupt.hpp"
#include "sim/output_file.hpp"

namespace {

// Every command ends here when it was interrupted: its children are stopped and waited for, and
// the outputs it had not renamed into place were discarded while the exception unwound.
int interrupted(int signal) {
  sim::stop_children();
  std::fprintf(stderr, "zksim: interrupted by %s: stopped before the end, nothing was completed (exit %d)\n",
               signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : strsignal(signal),
               sim::cli::kExitInterruptedBase + signal);
  return sim::cli::kExitInterruptedBase + signal;
}

int run_chosen(const std::vector<sim::cli::Command>& commands) {
  try {
    for (const auto& command : commands)
      if (const int code = command(); code >= 0) return code;
  } catch (const sim::Interrupted& e) {
    return interrupted(e.signal);
  } catch (const sim::BadInput& e) {
    std::fprintf(stderr, "zksim: %s\n", e.what());
    return sim::cli::kExitBadInput;
  } catch (const sim::WriteError& e) {
    std::fprintf(stderr, "zksim: %s\n", e.what());
    return sim::cli::kExitCannotWrite;
  } catch (const std::exception& e) {
    if (sim::interrupted()) return interrupted(sim::interrupt_signal());
    std::fprintf(stderr, "zksim: error: %s\n", e.what());
    return sim::cli::kExitFailedRun;
  }
  return sim::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  sim::install_interrupt_handlers();
  // Under a file-size limit (ulimit -f) a write past it fails with EFBIG, which is reported as
  // any other write error (exit 3), instead of SIGXFSZ killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"zksim: a deterministic simulator of a ZooKeeper ensemble and of the clients balanced through it"};
  app.require_subcommand(1);
  app.footer(sim::cli::kExitCodesHelp);
  const std::vector<sim::cli::Command> commands{
      sim::cli::add_run_command(app),
      sim::cli::add_replay_command(app),
      sim::cli::add_diff_command(app),
      sim::cli::add_diff_reports_command(app),
      sim::cli::add_check_command(app),
      sim::cli::add_sweep_command(app),
      sim::cli::add_merge_command(app),
      sim::cli::add_calibrate_command(app),
      sim::cli::add_compare_command(app),
  };
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) sub->footer(sim::cli::kExitCodesHelp);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? sim::cli::kExitOk : sim::cli::kExitBadInput;
  }
  return run_chosen(commands);
}
