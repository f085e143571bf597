#include "sim/sweep/sweep_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "sim/interrupt.hpp"
#include "sim/sweep/adaptive_step.hpp"

namespace sim::sweep {

namespace {

// Configurations done, runs done and an estimate of the time left, on one rewritten stderr line,
// after every step: a configuration can take minutes, and a silent terminal looks like a hang.
class Progress {
 public:
  Progress(bool enabled, std::size_t total) : enabled_(enabled), total_(total), start_(std::chrono::steady_clock::now()) {}

  void config_done() {
    std::lock_guard lock(mutex_);
    ++done_;
    print();
    if (enabled_ && done_ == total_) std::fprintf(stderr, "\n");
  }
  void runs_done(std::size_t count) {
    std::lock_guard lock(mutex_);
    runs_ += count;
    print();
  }

 private:
  void print() const {
    if (!enabled_) return;
    const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    char left[64] = "time left known after the first configuration";
    if (done_ > 0)
      std::snprintf(left, sizeof left, "about %.0f s left", elapsed_s / static_cast<double>(done_) * static_cast<double>(total_ - done_));
    std::fprintf(stderr, "\r  sweep: %zu / %zu configurations, %zu runs, %.0f s elapsed, %s   ", done_, total_, runs_,
                 elapsed_s, left);
  }

  std::mutex mutex_;
  bool enabled_;
  std::size_t total_, done_ = 0, runs_ = 0;
  std::chrono::steady_clock::time_point start_;
};

struct Shared {
  const Plan& plan;
  const SweepOptions& options;
  JobSlots slots;
  Progress progress;
  std::mutex error_mutex;
  std::exception_ptr error;  // the first failure; the other workers stop taking configurations
  std::atomic<bool> failed{false};
};

// The first of the exceptions the threads of a batch caught, or an interruption if there was one
// (a child stopped by the signal fails too, but the interruption is what happened).
void rethrow_first(const std::vector<std::exception_ptr>& errors) {
  throw_if_interrupted();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

// Replications first .. first + count - 1 of one rate, side by side (each waits for a job slot).
std::vector<RunResult> run_batch(Shared& shared, const Configuration& config, const std::string& scenario,
                                 std::size_t step_index, int first, int count) {
  std::vector<RunResult> runs(static_cast<std::size_t>(count));
  std::vector<std::exception_ptr> errors(runs.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < runs.size(); ++i)
    threads.emplace_back([&, i] {
      const std::size_t k = static_cast<std::size_t>(first) + i;
      const std::string dir = (std::filesystem::path(shared.options.work_dir) / ("config-" + std::to_string(config.index)) /
                               ("step-" + std::to_string(step_index)) / ("replication-" + std::to_string(k))).string();
      try {
        runs[i] = run_child(scenario, shared.plan.seed + k, dir, shared.slots, shared.options.keep_runs);
      } catch (const std::exception&) {  // zksim throws only these; a parent thread, no SimGrid actor
        errors[i] = std::current_exception();
      }
    });
  for (std::thread& t : threads) t.join();
  rethrow_first(errors);
  shared.progress.runs_done(runs.size());
  return runs;
}

// The replications of one rate, as many as the plan's confidence rule asks for.
Step evaluate(Shared& shared, const Configuration& config, double rate_per_s, std::size_t step_index) {
  const std::string scenario = scenario_text(shared.plan, config, rate_per_s);
  return evaluate_step(rate_per_s, replication_rule(shared.plan), [&](int first, int count) {
    return run_batch(shared, config, scenario, step_index, first, count);
  });
}

ConfigResult search_one(Shared& shared, const Configuration& config) {
  ConfigResult result{config, shared.plan.grid.profile_labels.at(config.profile), {},
                      shared.plan.grid.strategy_label(config.strategy)};
  std::size_t step_index = 0;
  result.outcome = search_capacity(shared.plan.search,
                                   [&](double rate) { return evaluate(shared, config, rate, step_index++); });
  return result;
}

void worker(Shared& shared, const std::vector<Configuration>& todo, std::atomic<std::size_t>& next,
            std::vector<ConfigResult>& results) {
  for (std::size_t i = next++; i < todo.size() && !shared.failed; i = next++) {
    try {
      results[i] = search_one(shared, todo[i]);
    } catch (const std::exception&) {
      std::lock_guard lock(shared.error_mutex);
      if (!shared.error) shared.error = std::current_exception();
      shared.failed = true;
      return;
    }
    shared.progress.config_done();
  }
}

}  // namespace

SweepData run_sweep(const Plan& plan, const SweepOptions& options) {
  std::vector<Configuration> todo;
  for (const Configuration& c : configurations(plan))
    if (c.index % static_cast<std::size_t>(options.shard_count) == static_cast<std::size_t>(options.shard_index))
      todo.push_back(c);
  Shared shared{plan, options, JobSlots(std::max(1, options.jobs)), Progress(options.progress, todo.size()), {}, {}, {}};
  std::vector<ConfigResult> results(todo.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  const std::size_t worker_count = std::min<std::size_t>(todo.size(), static_cast<std::size_t>(std::max(1, options.jobs)));
  for (std::size_t w = 0; w < worker_count; ++w) workers.emplace_back([&] { worker(shared, todo, next, results); });
  for (std::thread& t : workers) t.join();
  std::error_code error;
  if (!options.keep_runs) std::filesystem::remove_all(options.work_dir, error);  // failed or not: scratch
  if (shared.failed) rethrow_first({shared.error});
  SweepData data = sweep_data(plan);
  data.results = std::move(results);
  return data;
}

}  // namespace sim::sweep
