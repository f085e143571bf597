#include "sim/run.hpp"

#include <cassert>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <simgrid/Exception.hpp>

#include "analysis/metrics/storage_metrics.hpp"
#include "analysis/plot/plots.hpp"
#include "analysis/report/cross_checks.hpp"
#include "analysis/report/discovery_summary.hpp"
#include "analysis/report/fault_report.hpp"
#include "analysis/report/html_run_report.hpp"
#include "models/client/app_ids.hpp"
#include "models/client/client.hpp"
#include "models/server/zk_server.hpp"
#include "analysis/report/membership_report.hpp"
#include "sim/interrupt.hpp"
#include "sim/output_file.hpp"
#include "sim/runtime/event_actor.hpp"
#include "sim/runtime/membership_actor.hpp"
#include "sim/runtime/platform.hpp"
#include "sim/runtime/role_tracker.hpp"
#include "sim/runtime/targeted_events.hpp"
#include "sim/scenario/availability_inputs.hpp"
#include "sim/scenario/node_configs.hpp"
#include "sim/scenario/node_ids.hpp"
#include "sim/scenario/event_label.hpp"
#include "sim/scenario/failure_process.hpp"
#include "sim/scenario/load_membership.hpp"
#include "sim/scenario/load_quorum.hpp"
#include "sim/strategies_report.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {

// Nodes are built by the same code a replay uses, from the same configs.
NodeFactory node_factory(const Scenario& s, models::ProtocolBugs bugs) {
  auto builder = std::make_shared<const trace::NodeBuilder>(node_configs(s), bugs);
  return [builder](models::NodeId id, const models::PersistentState& durable) {
    std::unique_ptr<models::Node> node = builder->build(id, durable);
    assert(node);
    return node;
  };
}

// Shows how far the run is, on stderr only, at most about twice a second of wall time.
void start_progress_actor(World& world) {
  const double step_s = std::max(0.01, world.scenario().duration_s / 200);
  sg4::Actor::create("progress", world.controller(), [&world, step_s] {
    const auto wall_start = std::chrono::steady_clock::now();
    double last_print = 0;
    for (;;) {
      sg4::this_actor::sleep_for(step_s);
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
      if (wall - last_print < 0.5) continue;
      last_print = wall;
      const double simulated_s = sg4::Engine::get_clock(), total_s = world.scenario().duration_s;
      // The time left at the pace so far: the runs this is for (hours simulated) keep a steady pace.
      const double left_s = simulated_s > 0 ? wall * (total_s - simulated_s) / simulated_s : 0;
      std::fprintf(stderr, "\r  %5.1f %%   simulated %.1f / %.1f s   wall %.1f s, about %.0f s left   %.0f inputs/s   ",
                   100 * simulated_s / total_s, simulated_s, total_s, wall, left_s,
                   static_cast<double>(world.counters().inputs) / wall);
    }
  })->daemonize();
}

// Stops the run at the next step of any node once zksim is interrupted (SIGINT, SIGTERM) or its
// trace can no longer be written: the step in progress completes, then the host actor that took
// it ends the simulation (as the safety checker does). It only reads a flag per observation, and
// every step that serves a request observes something, so the run stops promptly.
class StopWhenAsked final : public analysis::Recorder {
 public:
  StopWhenAsked(World& world, const trace::TraceWriter* trace) : world_(world), trace_(trace) {}
  void record(models::Time, models::NodeId, const models::Observation&) override {
    if (interrupted() || (trace_ && trace_->failed())) world_.request_stop();
  }

 private:
  World& world_;
  const trace::TraceWriter* trace_;
};

// Why M/D/1 at one server's steady utilization does not describe the scenario's reads, if it
// does not: faults, slowdowns, membership changes or a random failure process (reconnects,
// elections, changing service times), several datacenters or a platform file (hops the model does
// not know).
std::string read_latency_model_misfit(const Scenario& s) {
  if (s.failures.enabled) return "random failures (the model has no reconnects)";
  for (const Event& e : s.events)  // all but a rate or strategy change disturb reads beyond queueing
    if (e.kind != EventKind::rate && e.kind != EventKind::strategy)
      return std::string(event_kind_name(e.kind)) + " events (the model knows only steady queueing)";
  if (s.network.datacenters.size() > 1) return "several datacenters (the model has one network hop)";
  if (!s.network.platform_file.empty()) return "a platform file (the model has one network hop)";
  return "";
}

// What the analytic models need from the scenario and from the run's measurements.
analysis::CrossCheckInputs cross_check_inputs(const Scenario& s, World& world) {
  analysis::CrossCheckInputs in;
  AvailabilityInputs availability = availability_inputs(s);
  in.availability = availability.chain;
  in.layout_availability = std::move(availability.layout);
  in.availability_not_applicable = availability.not_applicable;
  const models::Op read{models::OpKind::read, 0, s.workload.value_bytes};
  const models::Message request = models::ClientRequest{1, read};
  const models::Message reply = models::ClientReply{1, models::OpKind::read, models::Status::ok, 0, read.value_bytes};
  in.read_service_s = world.cpu_flops(request) / (s.ensemble.host.cpu_ghz * 1e9);
  const double bytes_per_s = std::min(s.ensemble.host.nic_gbps, s.clients.host.nic_gbps) * 1e9 / 8;
  const double latency_s = models::us_to_seconds(s.network.datacenters.empty() ? s.network.latency_us : s.network.datacenters[0].latency_us);
  in.read_network_s = 2 * latency_s + (models::wire_bytes(request) + models::wire_bytes(reply)) / bytes_per_s;
  const double measured_s = s.duration_s - s.warmup_s;
  for (models::NodeId id : server_ids(s))
    in.servers.push_back({id, world.host(world.node(id).host).cpu_busy_s / measured_s});
  in.read_latency_not_applicable = read_latency_model_misfit(s);
  return in;
}

analysis::RunInfo run_info(const Scenario& s, const RunCounters& counters, const models::ProtocolBugs& bugs) {
  analysis::RunInfo info;
  info.scenario = s.name;
  info.description = s.description;
  info.seed = s.seed;
  info.network_model = s.network.model;
  info.protocol = bugs.any() ? "zab (broken: " + models::protocol_bug_list(bugs) + ")" : "zab";
  info.profile = s.profile.name;
  info.servers = s.ensemble.servers;
  if (s.ensemble.hierarchical()) info.quorums = models::describe_layout(static_configuration(s));
  info.clients = s.clients.count;
  info.duration_s = s.duration_s;
  info.warmup_s = s.warmup_s;
  info.engine = {{"simgrid_comms", counters.comms}, {"packets", counters.packets}, {"wakes", counters.wakes},
                 {"messages", counters.messages}, {"cpu_charges", counters.execs},
                 {"clock_waits", counters.clock_waits}, {"fsyncs", counters.fsyncs}, {"state_machine_inputs", counters.inputs}};
  return info;
}

// The membership timeline in the report, and a mark on the plots at each commit.
void add_membership(RunOutput& out, analysis::MembershipMetrics& membership, models::Time end_ns) {
  membership.finish(end_ns);
  out.info.membership = analysis::membership_json(membership);
  for (const auto& c : membership.changes())
    if (c.committed_ns) out.marks.push_back({models::to_seconds(*c.committed_ns), "reconfig committed"});
}

// The faults in the report, and their marks on the plots with how long writes stopped; the
// scenario's other events keep their own marks.
void add_faults(RunOutput& out, analysis::FaultMetrics& faults, const Scenario& scenario, models::Time end_ns) {
  faults.finish(end_ns);
  for (const Event& e : all_events(scenario))
    if (!is_fault(e.kind)) out.marks.push_back({e.at_s, is_membership(e.kind) ? membership_label(e) : event_label(e)});
  if (!faults.faults().empty()) {
    out.info.faults = analysis::faults_json(faults);
    for (const auto& f : out.info.faults["events"]) out.marks.push_back({f["at_s"].get<double>(), analysis::fault_mark_label(f)});
  }
}

}  // namespace

RunOutput run_scenario(const Scenario& scenario, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  char arg0[] = "zksim", arg1[] = "--log=root.thres:critical";
#ifdef ZKSIM_SANITIZE
  // SimGrid's default raw contexts switch actor stacks in assembly that AddressSanitizer is not
  // told about (Debian's libsimgrid is not built with it), so it would report false overflows;
  // one thread per actor is slower but every stack is one ASan knows.
  char arg2[] = "--cfg=contexts/factory:thread";
  char* argv[] = {arg0, arg1, arg2, nullptr};
#else
  char* argv[] = {arg0, arg1, nullptr};
#endif
  int argc = static_cast<int>(std::size(argv)) - 1;
  sg4::Engine engine(&argc, argv);
  install_interrupt_handlers();  // the engine replaced the SIGINT handler with SimGrid's (exit 1)
  World world(scenario, node_factory(scenario, options.bugs));
  world.set_trace_writer(options.trace);
  try {
    build_platform(world);
  } catch (const simgrid::ParseError& e) {  // "Parse error at FILE:LINE: what": bad input, not a failed run
    throw PlatformError(e.what());
  }
  RunOutput out;
  out.resources = std::make_unique<analysis::ResourceUsage>(analysis::MetricsWindow{
      models::from_seconds(scenario.warmup_s), models::from_seconds(scenario.duration_s),
      models::from_seconds(scenario.interval_s)});
  world.meter().attach(*out.resources, world);
  const models::PersistentState initial = initial_durable_state(scenario);
  for (models::NodeId id = 1; id <= static_cast<models::NodeId>(scenario.ensemble.members()); ++id)
    world.node(id).durable = initial;
  if (options.on_start) options.on_start();
  out.servers = all_server_ids(scenario);
  out.metrics = std::make_unique<analysis::RunMetrics>(analysis::MetricsWindow{
      models::from_seconds(scenario.warmup_s), models::from_seconds(scenario.duration_s),
      models::from_seconds(scenario.interval_s), models::from_ms(scenario.request_timeout_ms)});
  analysis::SafetyChecker checker([&world](const analysis::Violation&) { world.request_stop(); });
  out.metrics->set_configuration(static_configuration(scenario));
  world.recorder().add(out.metrics.get());
  if (scenario.services.enabled) {
    out.discovery = std::make_unique<analysis::DiscoveryMetrics>(out.metrics->window());
    world.recorder().add(out.discovery.get());
  }
  world.recorder().add(&checker);
  analysis::FaultMetrics faults;
  world.recorder().add(&faults);
  analysis::StorageMetrics storage;
  world.recorder().add(&storage);
  for (analysis::Recorder* r : options.recorders) {
    world.recorder().add(r);
    // A recorder that draws the whole story also wants the events no observation shows.
    if (auto* sink = dynamic_cast<analysis::ScenarioEventSink*>(r)) world.add_event_sink(sink);
  }
  StopWhenAsked stop_when_asked(world, options.trace);
  world.recorder().add(&stop_when_asked);
  const bool changes_membership = std::any_of(scenario.events.begin(), scenario.events.end(),
                                              [](const Event& e) { return is_membership(e.kind); });
  // Targeted events (sim/scenario/targeting.hpp) learn the roles from the observations; one that
  // waits for a moment must see it at its time, so such a run never runs ahead of the clock.
  RoleTracker roles;
  TargetedEvents targeted(world, roles);
  if (std::any_of(scenario.events.begin(), scenario.events.end(), [](const Event& e) { return e.targeted(); })) {
    world.recorder().add(&roles);
    world.recorder().add(&targeted);
    if (waits_for_moments(scenario)) world.forbid_lookahead();
  }
  MembershipTracker tracker(static_configuration(scenario));
  analysis::MembershipMetrics membership(models::from_seconds(scenario.warmup_s));
  if (changes_membership) {
    world.forbid_lookahead();
    world.recorder().add(&tracker);
    world.recorder().add(&membership);
    start_membership_actor(world, tracker, membership, &targeted);
  }
  for (std::size_t h = 0; h < world.host_count(); ++h)
    if (!world.host(h).nodes.empty() && !world.host(h).starts_later) world.start_host(h);
  start_event_actor(world, &targeted);
  if (options.progress) start_progress_actor(world);
  engine.run_until(scenario.duration_s);
  world.recorder().flush();
  if (options.progress) std::fprintf(stderr, "\n");
  out.metrics->finish();
  out.counters = world.counters();
  out.violation = checker.first_violation();
  out.observations_checked = checker.observations_seen();
  out.info = run_info(scenario, out.counters, options.bugs);
  out.strategies = strategies_json(scenario);
  out.info.cross_checks = analysis::cross_checks_json(cross_check_inputs(scenario, world), *out.metrics);
  if (out.discovery) out.info.service_discovery = out.discovery->to_json();
  add_faults(out, faults, scenario, models::from_seconds(scenario.duration_s));
  if (!storage.empty()) out.info.storage = analysis::storage_json(storage);
  out.info.resources = analysis::resources_json(*out.resources, out.metrics->roles());
  if (changes_membership) add_membership(out, membership, models::from_seconds(scenario.duration_s));
  std::stable_sort(out.marks.begin(), out.marks.end(),  // in time order, ties as added
                   [](const analysis::TimelineMark& a, const analysis::TimelineMark& b) { return a.time_s < b.time_s; });
  out.info.safety = {{"observations_checked", out.observations_checked},
                     {"violation", out.violation ? nlohmann::ordered_json(analysis::describe(*out.violation)) : nullptr}};
  if (out.violation) out.info.status = "stopped at a safety violation";
  out.interrupted = interrupted();
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return out;
}

std::string summary_of(const RunOutput& output) {
  std::string summary = analysis::summary_table(output.info, *output.metrics, output.servers);
  if (output.discovery) summary += analysis::discovery_summary(*output.discovery);
  return summary;
}

std::string write_report(const RunOutput& output, const std::string& out_dir, const analysis::HtmlInputs& inputs) {
  const std::filesystem::path dir(out_dir);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw WriteError("cannot create " + out_dir + ": " + error.message());
  const nlohmann::ordered_json report =
      with_strategies(analysis::report_json(output.info, *output.metrics, output.servers), output.strategies);
  const std::string summary = summary_of(output);
  write_text_file(dir / "report.json", report.dump(2) + "\n");
  write_text_file(dir / "summary.txt", summary);
  write_text_file(dir / "timeseries.csv", analysis::timeseries_csv(*output.metrics));
  write_text_file(dir / "resources.csv", analysis::resources_csv(*output.resources));
  analysis::PlotOptions plot_options;
  plot_options.title = output.info.scenario;
  plot_options.servers = output.servers;
  plot_options.resources = output.resources.get();
  const analysis::PlotResult plots = analysis::write_plots(*output.metrics, output.marks, (dir / "plots").string(), plot_options);
  if (plots.write_failed) throw WriteError(plots.warning);
  // Last, from the plots just drawn: the page inlines them.
  const std::vector<analysis::SvgFile> svgs = read_written_plots(dir / "plots");
  write_text_file(dir / "report.html", analysis::run_report_html({report, summary, svgs, inputs}));
  return plots.warning;
}

}  // namespace sim
