// `zksim replay TRACE`: re-executes a recorded run against the state machines alone and checks
// that every effect is the recorded one. Exit 0 when all match, 1 at the first mismatch (printed
// with its line, node, input and a short diff), 2 when the trace cannot be read.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "models/core/time.hpp"
#include "sim/cli/commands.hpp"
#include "sim/trace/replay.hpp"

namespace sim::cli {

namespace {

constexpr std::size_t kReadBufferBytes = 1 << 20;

int replay(const std::string& file) {
  std::vector<char> buffer(kReadBufferBytes);
  std::ifstream in;
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  in.open(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "zksim: %s: cannot read the trace file\n", file.c_str());
    return kExitBadInput;
  }
  const auto wall_start = std::chrono::steady_clock::now();
  const trace::ReplayResult result = trace::replay_trace(in);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (result.outcome == trace::ReplayOutcome::bad_trace) {
    std::fprintf(stderr, "zksim: %s: %s", file.c_str(), result.report.c_str());
    return kExitBadInput;
  }
  if (result.outcome == trace::ReplayOutcome::mismatch) {
    std::printf("%s: %s", file.c_str(), result.report.c_str());
    return kExitFailedRun;
  }
  std::printf("%s: verified %llu inputs and %llu effects (%llu node starts, %llu lines, %.3f s simulated) in %.2f s\n",
              file.c_str(), static_cast<unsigned long long>(result.inputs),
              static_cast<unsigned long long>(result.effects), static_cast<unsigned long long>(result.nodes_started),
              static_cast<unsigned long long>(result.lines),
              models::to_seconds(static_cast<models::Time>(result.last_time_ns)), wall_s);
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
