#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

#include "analysis/report/chrome_trace.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_inputs.hpp"
#include "sim/default_scenario.hpp"
#include "sim/interrupt.hpp"
#include "sim/limits/memory_estimate.hpp"
#include "sim/output_file.hpp"
#include "sim/replications.hpp"
#include "sim/run.hpp"
#include "sim/runtime/platform.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/node_configs.hpp"
#include "sim/trace/incident.hpp"
#include "sim/trace/trace_header.hpp"

namespace sim::cli {

namespace {

struct RunArgs {
  std::string scenario_file;
  std::optional<std::uint64_t> seed;
  std::string out_dir;
  bool quiet = false;
  std::string trace_file;     // --trace: record every input and effect there
  std::string incident_file;  // --incident: fault events merged into the scenario's
  std::string chrome_trace_file;  // --chrome-trace: the timeline for Perfetto
  int replications = 1;           // --replications: seeds seed .. seed + K - 1, aggregated
  bool force = false;             // --force: run even when the memory estimate says it will not fit
  std::string broken;             // --break: every server runs this deliberately broken variant
  models::ProtocolBugs bugs;
};

LoadResult load(const std::string& file) {
  if (file.empty()) return parse_scenario(default_scenario_json(), "<default scenario>", ".");
  return load_scenario_file(file);
}

void print_violation(const RunArgs& args, const Scenario& scenario, const analysis::Violation& violation) {
  const auto seed = static_cast<unsigned long long>(scenario.seed);
  const std::string broken = args.broken.empty() ? "" : " --break " + args.broken;
  std::fprintf(stderr, "zksim: SAFETY VIOLATION, run stopped (seed %llu): %s\n  reproduce: zksim run %s --seed %llu%s\n",
               seed, analysis::describe(violation).c_str(), args.scenario_file.c_str(), seed, broken.c_str());
}

// Merges the incident file's events into the scenario; false (after printing why) when invalid.
bool add_incident(const RunArgs& args, Scenario& scenario, nlohmann::ordered_json& events_json) {
  if (args.incident_file.empty()) return true;
  trace::IncidentResult incident = trace::load_incident(args.incident_file, scenario);
  for (const std::string& error : incident.errors) std::fprintf(stderr, "%s\n", error.c_str());
  if (!incident.errors.empty()) return false;
  trace::merge_events(scenario, incident.events);
  events_json = std::move(incident.events_json);
  return true;
}

// Refuses (after printing why) a run whose estimated memory exceeds what the machine can give:
// better exit code 2 now than an out-of-memory kill hours into the run.
bool fits_in_memory(const RunArgs& args, const LoadResult& loaded, const Scenario& scenario) {
  const std::string refused = args.force ? "" : limits::refusal_here(scenario, loaded.source);
  if (refused.empty()) return true;
  std::fprintf(stderr, "%s\n", refused.c_str());
  return false;
}

// Creates the --trace file (under a temporary name until the run ends) and writes its header;
// throws OutputRefused (exit 2) when it cannot.
std::unique_ptr<trace::TraceWriter> open_trace(const RunArgs& args, const LoadResult& loaded, const Scenario& scenario,
                                               const nlohmann::ordered_json& incident_json) {
  if (args.trace_file.empty()) return nullptr;
  trace::HeaderInfo info{nlohmann::ordered_json::parse(loaded.text), incident_json, scenario.seed, scenario.network.model};
  return std::make_unique<trace::TraceWriter>(args.trace_file, trace::make_header(info, node_configs(scenario)));
}

// The output folder is replaced as a whole when the run completes: a file named inside it would
// be lost, so it is refused before anything runs.
bool outputs_apart(const RunArgs& args, const std::string& out_dir) {
  for (const auto& [option, file] : {std::pair<const char*, const std::string&>{"--trace", args.trace_file},
                                     {"--chrome-trace", args.chrome_trace_file}})
    if (!file.empty() && path_within(file, out_dir)) {
      std::fprintf(stderr, "zksim: %s %s is inside the output folder %s, which the run replaces as a whole: give it a "
                           "path outside\n", option, file.c_str(), out_dir.c_str());
      return false;
    }
  return true;
}

// What report.html shows as the run's inputs: the scenario and seed (scenario_inputs.hpp), and
// what else the command line changed (an incident's events, a broken variant).
analysis::HtmlInputs html_inputs(const RunArgs& args, const LoadResult& loaded, const nlohmann::ordered_json& incident_json) {
  analysis::HtmlInputs inputs = scenario_inputs(loaded, args.seed);
  if (!args.incident_file.empty())
    inputs.notes.push_back("the events of " + std::filesystem::path(args.incident_file).filename().string() +
                           " (--incident): " + incident_json.dump());
  if (!args.broken.empty()) inputs.notes.push_back("every server runs the broken variant " + args.broken + " (--break)");
  return inputs;
}

int run_replicated(const RunArgs& args, const Scenario& scenario, const std::string& out_dir,
                   const analysis::HtmlInputs& inputs) {
  if (!args.trace_file.empty() || !args.chrome_trace_file.empty()) {
    std::fprintf(stderr, "zksim: --trace and --chrome-trace record one run: not with --replications\n");
    return kExitBadInput;
  }
  if (scenario.seed > UINT64_MAX - static_cast<std::uint64_t>(args.replications - 1)) {
    std::fprintf(stderr, "zksim: --replications %d from seed %llu would pass seed 2^64 - 1: choose a smaller seed\n",
                 args.replications, static_cast<unsigned long long>(scenario.seed));
    return kExitBadInput;
  }
  StagedFolder out(out_dir);
  out.remove_earlier();
  const ReplicationResult result = run_replications(scenario, args.replications, out.path().string(), args.quiet, inputs);
  out.commit();
  std::fputs(replications_table(result, scenario, args.replications).c_str(), stdout);
  std::printf("\n  report: %s/replications.json (every figure; replications.txt the same as a table; report.html; one folder per seed)\n",
              out_dir.c_str());
  return result.failed_runs ? kExitFailedRun : kExitOk;
}

// Runs the scenario with the recorders the options ask for; nullopt if the platform is refused.
std::optional<RunOutput> execute(const RunArgs& args, const Scenario& scenario, trace::TraceWriter* trace_writer,
                                 analysis::ChromeTraceRecorder* timeline, std::function<void()> on_start) {
  RunOptions options;
  options.on_start = std::move(on_start);
  options.progress = !args.quiet && isatty(STDERR_FILENO);
  options.trace = trace_writer;
  options.bugs = args.bugs;
  if (timeline) options.recorders.push_back(timeline);
  try {
    return run_scenario(scenario, options);
  } catch (const PlatformError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return std::nullopt;
  }
}

void finish_trace(const RunArgs& args, trace::TraceWriter* writer) {
  if (!writer) return;
  writer->finish();
  if (!args.quiet)
    std::fprintf(stderr, "zksim: trace %s: %llu lines, %.1f MB\n", args.trace_file.c_str(),
                 static_cast<unsigned long long>(writer->lines()), static_cast<double>(writer->bytes()) / 1e6);
}

void finish_timeline(const Scenario& scenario, analysis::ChromeTraceRecorder* timeline, OutputFile* file) {
  if (!timeline) return;
  timeline->finish(models::from_seconds(scenario.duration_s));
  file->write(timeline->text());
  file->commit();
}

int report(const RunArgs& args, const Scenario& scenario, const RunOutput& output, StagedFolder& out,
           const analysis::HtmlInputs& inputs) {
  const std::string plot_warning = out.with_final_path(write_report(output, out.path().string(), inputs));
  out.commit();
  if (!plot_warning.empty()) std::fprintf(stderr, "zksim: warning: %s\n", plot_warning.c_str());
  std::fputs(summary_of(output).c_str(), stdout);
  std::printf("\n  report: %s/report.json (also report.html, summary.txt, timeseries.csv, resources.csv, plots/)\n",
              out.final_path().c_str());
  if (!args.quiet)
    std::fprintf(stderr, "zksim: %.2f s wall, %.1fx real time, %llu SimGrid comms\n", output.wall_seconds,
                 scenario.duration_s / std::max(output.wall_seconds, 1e-9),
                 static_cast<unsigned long long>(output.counters.comms));
  if (!output.violation) return kExitOk;
  print_violation(args, scenario, *output.violation);
  return kExitFailedRun;
}

// One run: every output is checked writable first, written under temporary names, and renamed
// into place only once the run is complete (sim/output_file.hpp).
int run_once(const RunArgs& args, const LoadResult& loaded, const Scenario& scenario,
             const nlohmann::ordered_json& incident_json, const std::string& out_dir) {
  if (!outputs_apart(args, out_dir)) return kExitBadInput;
  StagedFolder out(out_dir);
  const std::unique_ptr<trace::TraceWriter> trace_writer = open_trace(args, loaded, scenario, incident_json);
  std::optional<OutputFile> chrome_file;
  std::optional<analysis::ChromeTraceRecorder> timeline;
  if (!args.chrome_trace_file.empty()) {
    chrome_file.emplace(args.chrome_trace_file);
    timeline.emplace(models::from_seconds(scenario.interval_s));
  }
  // Every output can be written and the platform is built: the earlier outputs go now.
  const auto remove_earlier = [&] {
    out.remove_earlier();
    if (trace_writer) trace_writer->remove_earlier();
    if (chrome_file) chrome_file->remove_earlier();
  };
  if (!args.quiet)
    std::fprintf(stderr, "zksim: running %s with seed %llu\n", scenario.name.c_str(),
                 static_cast<unsigned long long>(scenario.seed));
  const std::optional<RunOutput> output =
      execute(args, scenario, trace_writer.get(), timeline ? &*timeline : nullptr, remove_earlier);
  if (!output) return kExitBadInput;
  throw_if_interrupted();
  finish_trace(args, trace_writer.get());
  finish_timeline(scenario, timeline ? &*timeline : nullptr, chrome_file ? &*chrome_file : nullptr);
  return report(args, scenario, *output, out, html_inputs(args, loaded, incident_json));
}

int run(const RunArgs& args) {
  LoadResult loaded = load(args.scenario_file);
  if (!loaded.scenario) {
    std::fputs(format_errors(loaded).c_str(), stderr);
    return kExitBadInput;
  }
  Scenario scenario = *loaded.scenario;
  if (args.seed) scenario.seed = *args.seed;
  nlohmann::ordered_json incident_json = nlohmann::ordered_json::array();
  if (!add_incident(args, scenario, incident_json)) return kExitBadInput;
  if (!fits_in_memory(args, loaded, scenario)) return kExitBadInput;
  const std::string out_dir = args.out_dir.empty() ? "out/" + scenario.name : args.out_dir;
  if (args.bugs.any() && (args.replications > 1 || !args.trace_file.empty())) {
    std::fprintf(stderr, "zksim: --break runs one run, without a trace (a replay builds the protocol as it should be)\n");
    return kExitBadInput;
  }
  if (args.replications > 1) return run_replicated(args, scenario, out_dir, html_inputs(args, loaded, incident_json));
  return run_once(args, loaded, scenario, incident_json, out_dir);
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run one scenario and write its report");
  cmd->add_option("scenario", args->scenario_file, "Scenario JSON file (default: the built-in scenarios/default.json)");
  add_seed_option(cmd, "--seed", args->seed, "Seed for every random choice, 0 to 2^64 - 1 (default: the scenario's own)");
  cmd->add_option("--out", args->out_dir,
                  "Folder for report.json, summary.txt, timeseries.csv, replaced as a whole once the run is complete "
                  "(default: out/<scenario name>)");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress or timing on stderr");
  cmd->add_option("--trace", args->trace_file, "Record every state machine input and effect to this NDJSON file (see `zksim replay`)");
  cmd->add_option("--replications", args->replications,
                  "Run K seeds (the seed and the K-1 after it) and report every figure's mean and 95% confidence interval "
                  "(replications.json, replications.txt)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--chrome-trace", args->chrome_trace_file,
                  "Also write the run's timeline as Chrome trace-event JSON (open it in ui.perfetto.dev)");
  cmd->add_option("--incident", args->incident_file, "Merge this incident timeline (CSV or JSON fault events) into the scenario's events")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--force", args->force, "Run even if the scenario's estimated memory exceeds the machine's available memory");
  cmd->add_option("--break", args->broken,
                  "Run every server as a deliberately broken protocol variant (what `zksim check --break` prints to "
                  "reproduce a failure): " + models::all_protocol_bug_names())
      ->check([args](const std::string& name) {
        return models::enable_protocol_bug(args->bugs, name) ? "" : "not a protocol variant: " + models::all_protocol_bug_names();
      });
  return [cmd, args] { return cmd->parsed() ? run(*args) : -1; };
}

}  // namespace sim::cli
