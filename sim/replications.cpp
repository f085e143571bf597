#include "sim/replications.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "analysis/stats/confidence.hpp"
#include "sim/exit_codes.hpp"
#include "sim/interrupt.hpp"
#include "sim/output_file.hpp"
#include "sim/run.hpp"
#include "sim/runtime/platform.hpp"

namespace sim {

namespace {

// The metrics aggregated over replications: a name and where it is in report.json.
const std::pair<const char*, const char*> kMetrics[] = {
    {"throughput_per_s", "/summary/throughput_per_s"},
    {"latency_mean_ms", "/latency/all/mean_ms"},
    {"latency_p50_ms", "/latency/all/p50_ms"},
    {"latency_p90_ms", "/latency/all/p90_ms"},
    {"latency_p99_ms", "/latency/all/p99_ms"},
    {"latency_p999_ms", "/latency/all/p999_ms"},
    {"read_p99_ms", "/latency/read/p99_ms"},
    {"write_p99_ms", "/latency/write/p99_ms"},
    {"service_availability_percent", "/availability/service_percent"},
    {"client_availability_percent", "/availability/client_percent"},
    {"load_factor_per_server", "/summary/load_factor_per_server"},
};

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

}  // namespace

namespace {

// The child's side: run, write the report, and say how it went in the exit code. An interrupted
// run writes nothing (the parent discards the whole output folder anyway).
[[noreturn]] void child_main(const Scenario& scenario, std::uint64_t seed, const std::string& dir) {
  int code = kExitOk;
  try {
    Scenario copy = scenario;
    copy.seed = seed;
    const RunOutput output = run_scenario(copy, RunOptions{});
    if (output.interrupted) _exit(kExitInterruptedBase + interrupt_signal());
    write_report(output, dir);
    code = output.violation ? kExitFailedRun : kExitOk;
  } catch (const WriteError& e) {
    std::fprintf(stderr, "zksim: %s\n", e.what());
    code = kExitCannotWrite;
  } catch (const PlatformError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    code = kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zksim: error: %s\n", e.what());
    code = kExitFailedRun;
  }
  std::fflush(nullptr);
  _exit(code);
}

}  // namespace

// Runs one seed in a child process: the child builds its own SimGrid engine and exits.
ChildRun run_child(const Scenario& scenario, std::uint64_t seed, const std::string& dir) {
  throw_if_interrupted();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) child_main(scenario, seed, dir);
  pass_interrupt_to(pid);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  throw_if_interrupted();
  if (!WIFEXITED(status)) return ChildRun::crashed;
  switch (WEXITSTATUS(status)) {
    case kExitOk: return ChildRun::completed;
    case kExitCannotWrite: throw WriteError("the run of seed " + std::to_string(seed) + " could not write its report in " + dir);
    case kExitFailedRun: return ChildRun::found_a_problem;
    case kExitBadInput: throw BadInput("the run of seed " + std::to_string(seed) + " refused its scenario (its error is above)");
    default: return ChildRun::crashed;
  }
}

namespace {

nlohmann::json read_report(const std::string& dir) {
  std::ifstream in(std::filesystem::path(dir) / "report.json");
  return nlohmann::json::parse(in);
}

nlohmann::ordered_json aggregate(const std::vector<nlohmann::json>& reports) {
  nlohmann::ordered_json out;
  for (const auto& [name, pointer] : kMetrics) {
    std::vector<double> samples;
    for (const auto& r : reports) samples.push_back(r.at(nlohmann::json::json_pointer(pointer)).get<double>());
    const bool percent = std::string(name).find("percent") != std::string::npos;
    const analysis::ConfidenceInterval ci = analysis::confidence_interval_95(samples, 0, percent ? 100 : kUnbounded);
    out[name] = {{"mean", ci.mean}, {"half_width_95", ci.half_width}, {"low", ci.low()}, {"high", ci.high()},
                 {"samples", samples}};
  }
  return out;
}

}  // namespace

ReplicationResult run_replications(const Scenario& scenario, int count, const std::string& out_dir, bool quiet) {
  ReplicationResult result;
  std::vector<nlohmann::json> reports;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t seed = scenario.seed + static_cast<std::uint64_t>(i);
    const std::string dir = (std::filesystem::path(out_dir) / ("seed-" + std::to_string(seed))).string();
    if (!quiet)
      std::fprintf(stderr, "zksim: replication %d/%d (seed %llu)\n", i + 1, count, static_cast<unsigned long long>(seed));
    if (run_child(scenario, seed, dir) != ChildRun::completed) {
      ++result.failed_runs;
      continue;
    }
    reports.push_back(read_report(dir));
  }
  result.summary = {{"schema", "zksim.replications/1"}, {"scenario", scenario.name}, {"first_seed", scenario.seed},
                    {"replications", count}, {"failed_runs", result.failed_runs}, {"metrics", aggregate(reports)}};
  write_text_file(std::filesystem::path(out_dir) / "replications.json", result.summary.dump(2) + "\n");
  return result;
}

std::string replications_table(const ReplicationResult& result, const Scenario& scenario, int count) {
  std::ostringstream out;
  out << "zksim  scenario " << scenario.name << "  " << count << " replications, seeds " << scenario.seed << ".."
      << scenario.seed + static_cast<std::uint64_t>(count) - 1 << "  (mean +- 95% confidence half-width)\n\n";
  for (const auto& [name, value] : result.summary["metrics"].items()) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-30s %12.4f +- %-10.4f  [%.4f, %.4f]\n", name.c_str(), value["mean"].get<double>(),
                  value["half_width_95"].get<double>(), value["low"].get<double>(), value["high"].get<double>());
    out << line;
  }
  if (result.failed_runs) out << "\n  " << result.failed_runs << " replication(s) did not complete: see their folders\n";
  return out.str();
}

}  // namespace sim
