#include "sim/check/swarm.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cassert>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <stdexcept>

#include <csignal>

#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/node_ids.hpp"

namespace sim::check {

namespace {

// A run that takes longer than this in wall time is stuck (a livelock in the simulation).
constexpr unsigned kChildWallLimitS = 600;

struct Child {
  pid_t pid = -1;
  int result_fd = -1;  // the read end of the pipe the child writes its verdict to
};

Verdict run_here(const std::string& scenario_text, Judging judging, models::ProtocolBugs bugs) {
  LoadResult loaded = parse_scenario(scenario_text, "<check scenario>", ".");
  if (!loaded.scenario) return {Outcome::crashed, "generated an invalid scenario: " + format_errors(loaded)};
  const Scenario& scenario = *loaded.scenario;
  LivenessWatch watch(models::from_seconds(judging.heal_s), models::from_seconds(scenario.duration_s - judging.window_s),
                      models::Configuration{0, voter_ids(scenario), observer_ids(scenario)});
  ProbeCounter probes;
  RunOptions options;
  options.recorders = {&watch, &probes};
  options.bugs = bugs;
  const RunOutput output = run_scenario(scenario, options);
  Verdict verdict = judge(output, watch, LivenessJudgement{judging.heal_s, liveness_bounds(scenario), judging.window_s});
  verdict.probes = probes.counts();
  return verdict;
}

[[noreturn]] void child_main(int result_fd, const std::string& scenario_text, Judging judging,
                             const std::string& log_file, models::ProtocolBugs bugs) {
  alarm(kChildWallLimitS);
  int log = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (log < 0) log = open("/dev/null", O_WRONLY);  // an unwritable --out: the run's stderr goes nowhere
  if (log >= 0) {
    dup2(log, STDERR_FILENO);
    close(log);
  }
  Verdict verdict;
  try {
    verdict = run_here(scenario_text, judging, bugs);
  } catch (const std::exception& e) {
    verdict = {Outcome::crashed, std::string("error: ") + e.what()};
  }
  const std::string line = encode(verdict);
  [[maybe_unused]] const ssize_t written = write(result_fd, line.data(), line.size());
  _exit(0);
}

Child start_child(const std::string& scenario_text, Judging judging, const std::string& log_file,
                  models::ProtocolBugs bugs) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::fflush(nullptr);  // nothing buffered may be written twice
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    close(fds[0]);
    child_main(fds[1], scenario_text, judging, log_file, bugs);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

std::string last_line_of(const std::string& file) {
  std::FILE* f = std::fopen(file.c_str(), "r");
  if (!f) return "";
  std::string last, line;
  for (int c; (c = std::fgetc(f)) != EOF;) {
    if (c != '\n' && c != '\r') {
      line += static_cast<char>(c);
    } else if (!line.empty()) {
      last = line;
      line.clear();
    }
  }
  std::fclose(f);
  return line.empty() ? last : line;
}

// Reads the verdict of a child that has exited with `status`.
Verdict collect(const Child& child, int status, const std::string& log_file) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(child.result_fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  close(child.result_fd);
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    std::string detail = signal == SIGALRM ? "no verdict within " + std::to_string(kChildWallLimitS) +
                                                 " s of wall time (a livelock, or a stuck process)"
                                           : "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    if (const std::string last = last_line_of(log_file); !last.empty()) detail += ": " + last;
    return {Outcome::crashed, detail};
  }
  return decode(text);
}

// The seeds still running when the caller has seen enough: stopped, reaped, their logs removed.
template <typename LogOf>
void stop_children(std::map<pid_t, std::pair<std::size_t, Child>>& running, const LogOf& log_of) {
  for (const auto& [pid, child] : running) kill(pid, SIGKILL);
  for (const auto& [pid, child] : running) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    close(child.second.result_fd);
    std::remove(log_of(child.first).c_str());
  }
  running.clear();
}

}  // namespace

Judging judging_of(const RandomScenario& scenario) { return {scenario.quiet_at_s, scenario.liveness_window_s}; }

Verdict run_in_child(const std::string& scenario_text, Judging judging, const std::string& log_file,
                     models::ProtocolBugs bugs) {
  const Child child = start_child(scenario_text, judging, log_file, bugs);
  int status = 0;
  while (waitpid(child.pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  return collect(child, status, log_file);
}

void run_seeds(const std::vector<std::uint64_t>& seeds, int jobs, const std::string& log_dir, models::ProtocolBugs bugs,
               const std::function<bool(const SeedResult&)>& done) {
  assert(jobs >= 1);
  std::map<pid_t, std::pair<std::size_t, Child>> running;  // pid -> (index in seeds, child)
  std::map<std::size_t, std::pair<SeedResult, bool>> started;  // index -> (result, has its verdict)
  std::size_t next_start = 0, next_report = 0;
  const auto log_of = [&](std::size_t i) { return log_dir + "/seed-" + std::to_string(seeds[i]) + ".log"; };
  bool go_on = true;
  while (go_on && next_report < seeds.size()) {
    while (next_start < seeds.size() && running.size() < static_cast<std::size_t>(jobs)) {
      SeedResult r{seeds[next_start], random_scenario(seeds[next_start]), {}};
      const std::string text = scenario_json(r.scenario, r.scenario.faults).dump();
      const Child child = start_child(text, judging_of(r.scenario), log_of(next_start), bugs);
      running[child.pid] = {next_start, child};
      started[next_start] = {std::move(r), false};
      ++next_start;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    const auto [index, child] = running.at(pid);
    running.erase(pid);
    started.at(index).second = true;
    started.at(index).first.verdict = collect(child, status, log_of(index));
    for (; go_on && next_report < next_start && started.at(next_report).second; started.erase(next_report++)) {
      const SeedResult& r = started.at(next_report).first;
      if (r.verdict.outcome == Outcome::ok) std::remove(log_of(next_report).c_str());  // failures keep theirs
      go_on = done(r);
    }
  }
  stop_children(running, log_of);
}

std::vector<nlohmann::ordered_json> shrink(const RandomScenario& scenario, Outcome failure, int max_runs,
                                           const std::string& log_file, models::ProtocolBugs bugs) {
  std::vector<nlohmann::ordered_json> faults = scenario.faults;
  int runs = 0;
  for (std::size_t i = faults.size(); i-- > 0 && runs < max_runs;) {
    std::vector<nlohmann::ordered_json> candidate = faults;
    candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(i));
    ++runs;
    const Verdict v = run_in_child(scenario_json(scenario, candidate).dump(), judging_of(scenario), log_file, bugs);
    if (v.outcome == failure) faults = std::move(candidate);
  }
  std::remove(log_file.c_str());
  return faults;
}

}  // namespace sim::check
