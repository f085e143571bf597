#pragma once
// `zksim compare`: the same scenario (seed, faults, load) run once per balancing strategy, each in
// a child process of its own (SimGrid allows one engine per process), then set side by side.
// With a services section the strategies are the app clients' (requests over backends); without,
// the ZooKeeper clients' (sessions over ensemble servers).
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/report/comparison.hpp"
#include "analysis/report/html_sections.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

struct MemberListChange {
  std::string label;
  std::vector<models::NodeId> before, after;
};

// A run's report.json in dir; null when the run left none (or an unreadable one).
nlohmann::ordered_json read_run_report(const std::filesystem::path& dir);

// The scenario with the compared level's strategy replaced (its options kept).
Scenario with_strategy(const Scenario& scenario, const std::string& name);
// The member-list changes of the compared level that the scenario's events make: app servers
// crashing, powered off or restarted (their registrations go and come back). None for sessions:
// there the moved fraction of each ensemble membership change is the run's own measurement (the
// report's membership section), sessions moved over clients.
std::vector<MemberListChange> membership_changes(const Scenario& scenario);

struct CompareOptions {
  int jobs = 1;        // strategies run at once, each in its own child process (>= 1)
  bool quiet = false;  // no progress on stderr
  analysis::HtmlInputs inputs;  // the scenario as given, shown by every report.html
};

struct CompareResult {
  analysis::Comparison comparison;
  int failed_runs = 0;
  std::string plot_warning;  // gnuplot missing or failing (compare_plot.hpp), or ""
};

// Runs every strategy (reports in out_dir/<strategy>/, up to options.jobs at once) and writes
// out_dir/compare.txt, .csv, .json (with every figure of the reports side by side) and the plot
// (compare.dat, .gp, .png, .svg). The outputs are the same bytes whatever options.jobs. out_dir
// exists: the caller's staging folder, sim/output_file.hpp. Strategy names are distinct (each
// names its run's folder). Throws WriteError, or Interrupted.
CompareResult run_compare(const Scenario& scenario, const std::vector<std::string>& strategies,
                          const std::string& out_dir, const CompareOptions& options);

}  // namespace sim
