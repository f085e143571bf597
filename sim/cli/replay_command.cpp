// `zksim replay TRACE`: re-executes a recorded run against the state machines alone and checks
// that every effect is the recorded one and that the footer matches the lines. Exit 0 when all
// match; 1 at the first mismatch (printed with its line, node, input and a short diff) or when
// the trace is damaged (cut short, or changed after it was written); 2 when it cannot be read or
// holds a record the run could not have produced.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "models/core/time.hpp"
#include "sim/cli/commands.hpp"
#include "sim/interrupt.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/trace/replay.hpp"

namespace sim::cli {

namespace {

void print_verified(const std::string& file, const trace::ReplayResult& result, double wall_s) {
  std::printf("%s: verified %llu inputs and %llu effects (%llu node starts, %llu lines, %.3f s simulated) in %.2f s\n",
              file.c_str(), static_cast<unsigned long long>(result.inputs),
              static_cast<unsigned long long>(result.effects), static_cast<unsigned long long>(result.nodes_started),
              static_cast<unsigned long long>(result.lines),
              models::to_seconds(static_cast<models::Time>(result.last_time_ns)), wall_s);
}

int replay(const std::string& file) {
  std::string problem;
  const int fd = open_regular_file(file, problem);
  if (fd < 0) {
    std::fprintf(stderr, "zksim: %s: cannot read the trace file: %s\n", file.c_str(), problem.c_str());
    return kExitBadInput;
  }
  const auto wall_start = std::chrono::steady_clock::now();
  trace::LineReader reader = trace::LineReader::from_fd(fd);
  const trace::ReplayResult result = trace::replay_trace(reader);
  ::close(fd);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  switch (result.outcome) {
    case trace::ReplayOutcome::interrupted:
      throw Interrupted(interrupt_signal());
    case trace::ReplayOutcome::bad_trace:
      std::fprintf(stderr, "zksim: %s: %s", file.c_str(), result.report.c_str());
      return kExitBadInput;
    case trace::ReplayOutcome::damaged:
      std::printf("%s: DAMAGED: %s", file.c_str(), result.report.c_str());
      return kExitFailedRun;
    case trace::ReplayOutcome::mismatch:
      std::printf("%s: %s", file.c_str(), result.report.c_str());
      return kExitFailedRun;
    case trace::ReplayOutcome::verified:
      break;
  }
  print_verified(file, result, wall_s);
  return kExitOk;
}

}  // namespace

Command add_replay_command(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("replay", "Re-execute a trace (from `run --trace`) against the state machines "
                                               "and check that every effect is the recorded one");
  cmd->add_option("trace", *file, "Trace file (NDJSON)")->required();
  return [cmd, file] { return cmd->parsed() ? replay(*file) : -1; };
}

}  // namespace sim::cli
