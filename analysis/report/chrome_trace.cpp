#include "analysis/report/chrome_trace.hpp"

#include <algorithm>
#include <cassert>
#include <fstream>
#include <stdexcept>
#include <tuple>

#include "models/client/app_ids.hpp"

namespace analysis {

namespace {

constexpr int kEnsemblePid = 1;
constexpr int kElectionsPid = 2;
constexpr int kRequestsPid = 3;
constexpr int kScenarioPid = 4;
constexpr int kSyncPid = 5;
constexpr int kAppServersPid = 6;
constexpr models::NodeId kLeaderTid = 0;  // server ids start at 1

// Trace-event times are microseconds; keeping the nanoseconds as a fraction loses nothing.
double micros(models::Time t_ns) { return models::to_us(t_ns); }

std::string server_name(models::NodeId id) { return "server " + std::to_string(id); }

// The mode of a learner's synchronization, or null for data work that is not one.
const char* sync_mode(models::DataWorkDone::Kind kind) {
  switch (kind) {
    case models::DataWorkDone::Kind::sync_diff: return "DIFF";
    case models::DataWorkDone::Kind::sync_trunc: return "TRUNC";
    case models::DataWorkDone::Kind::sync_snap: return "SNAP";
    default: return nullptr;
  }
}

nlohmann::ordered_json name_event(const char* kind, int pid, models::NodeId tid, const std::string& name) {
  return {{"name", kind}, {"ph", "M"}, {"pid", pid}, {"tid", tid}, {"args", {{"name", name}}}};
}

nlohmann::ordered_json sort_event(const char* kind, int pid, models::NodeId tid, std::int64_t index) {
  return {{"name", kind}, {"ph", "M"}, {"pid", pid}, {"tid", tid}, {"args", {{"sort_index", index}}}};
}

}  // namespace

ChromeTraceRecorder::ChromeTraceRecorder(models::Time interval_ns) : interval_ns_(interval_ns) {
  assert(interval_ns_ > 0);
}

void ChromeTraceRecorder::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  assert(!finished_);
  if (const auto* r = std::get_if<models::RequestCompleted>(&what)) return on_completed(time_ns, *r);
  if (models::is_server(node)) on_server(time_ns, node, what);
  else if (models::is_app_server(node)) on_app_server(time_ns, node, what);
}

void ChromeTraceRecorder::scenario_event(models::Time time_ns, const ScenarioEventMark& mark) {
  assert(!finished_);
  nlohmann::ordered_json args = {{"kind", mark.kind}};
  if (mark.args.is_object()) args.update(mark.args);
  instant(time_ns, 0, mark.label, std::move(args), kScenarioPid, "scenario");
}

void ChromeTraceRecorder::on_server(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  servers_.insert(node);
  if (const auto* c = std::get_if<models::StateChanged>(&what)) {
    if (c->state != models::PeerState::leading) leader_down(time_ns, node);
    open_state(time_ns, node, models::peer_state_name(c->state));
  } else if (const auto* e = std::get_if<models::ElectionFinished>(&what)) {
    on_election(time_ns, node, *e);
  } else if (const auto* l = std::get_if<models::LeaderEstablished>(&what)) {
    instant(time_ns, node, "leader established", {{"epoch", l->epoch}});
    leader_up(time_ns, node, l->epoch);
  } else if (const auto* lost = std::get_if<models::LeadershipLost>(&what)) {
    instant(time_ns, node, "leadership lost", {{"epoch", lost->epoch}});
    leader_down(time_ns, node);
  } else if (const auto* stop = std::get_if<models::ProcessStopped>(&what)) {
    instant(time_ns, node, stop->silent ? "power-off" : "crash");
    leader_down(time_ns, node);
    open_state(time_ns, node, "DOWN");
  } else if (std::holds_alternative<models::ProcessStarted>(what)) {
    close_state(time_ns, node);  // the state machine reports its first state itself
    instant(time_ns, node, "process started");
  } else {
    on_server_fault(time_ns, node, what);
  }
}

// The rest of a server's story: freezes, synchronizations, reconfig phases.
void ChromeTraceRecorder::on_server_fault(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  if (const auto* pause = std::get_if<models::ProcessPaused>(&what)) {
    instant(time_ns, node, "frozen", {{"duration_ms", models::to_ms(pause->duration_ns)}});
  } else if (std::holds_alternative<models::ProcessResumed>(what)) {
    instant(time_ns, node, "resumed");
  } else if (std::holds_alternative<models::StateSynced>(what)) {
    last_synced_ns_[node] = time_ns;
  } else if (const auto* work = std::get_if<models::DataWorkDone>(&what)) {
    on_sync(time_ns, node, *work);
  } else if (const auto* reconfig = std::get_if<models::ReconfigEvent>(&what)) {
    on_reconfig(time_ns, node, *reconfig);
  }
}

// A learner's synchronization is reported once over (at UPTODATE), with its start (ACKEPOCH);
// its applied state became the leader's at the StateSynced of that step, where the span ends.
void ChromeTraceRecorder::on_sync(models::Time time_ns, models::NodeId node, const models::DataWorkDone& work) {
  const char* mode = sync_mode(work.kind);
  if (!mode) return;
  const auto synced = last_synced_ns_.find(node);
  const bool synced_since = synced != last_synced_ns_.end() && synced->second >= work.started_ns;
  const models::Time end_ns = synced_since ? synced->second : time_ns;
  span(kSyncPid, node, std::min(work.started_ns, end_ns), end_ns, std::string("sync ") + mode, "sync",
       {{"mode", mode}, {"bytes", work.bytes}, {"zxid", work.zxid}});
}

void ChromeTraceRecorder::on_reconfig(models::Time time_ns, models::NodeId node, const models::ReconfigEvent& r) {
  nlohmann::ordered_json args = {{"phase", models::reconfig_phase_name(r.phase)}, {"request_id", r.request_id}};
  if (r.version) args["version"] = r.version;
  if (r.refusal != models::ReconfigRefusal::none) args["refusal"] = models::reconfig_refusal_name(r.refusal);
  if (r.new_config) {
    args["voters"] = r.new_config->voters;
    args["observers"] = r.new_config->observers;
  }
  instant(time_ns, node, std::string("reconfig ") + models::reconfig_phase_name(r.phase), std::move(args));
}

// App server processes: UP from their start, DOWN from a crash, on a track of their own.
void ChromeTraceRecorder::on_app_server(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  const auto number = static_cast<models::NodeId>(models::app_server_number(node));
  app_servers_.insert(number);
  if (const auto* stop = std::get_if<models::ProcessStopped>(&what)) {
    instant(time_ns, number, stop->silent ? "power-off" : "crash", {}, kAppServersPid);
    open_state(time_ns, number, "DOWN", kAppServersPid);
  } else if (std::holds_alternative<models::ProcessStarted>(what)) {
    instant(time_ns, number, "process started", {}, kAppServersPid);
    open_state(time_ns, number, "UP", kAppServersPid);
  } else if (const auto* pause = std::get_if<models::ProcessPaused>(&what)) {
    instant(time_ns, number, "frozen", {{"duration_ms", models::to_ms(pause->duration_ns)}}, kAppServersPid);
  }
}

void ChromeTraceRecorder::on_completed(models::Time time_ns, const models::RequestCompleted& r) {
  const std::int64_t interval = std::max<models::Time>(time_ns, 0) / interval_ns_;
  if (interval != interval_) flush_requests(interval);
  ++(r.status == models::Status::ok ? interval_ok_ : interval_failed_);
}

// Emits the counter of the interval being counted and, when intervals without requests follow,
// one zero at the first of them: a counter holds its value until the next sample, so one suffices.
void ChromeTraceRecorder::flush_requests(std::int64_t next_interval) {
  assert(next_interval >= interval_);
  const auto counter = [this](std::int64_t interval, std::uint64_t ok, std::uint64_t failed) {
    add({'C', kRequestsPid, 0, interval * interval_ns_, 0, "completed requests per interval", "requests",
         {{"ok", ok}, {"failed", failed}}, 0});
  };
  counter(interval_, interval_ok_, interval_failed_);
  if (next_interval > interval_ + 1) counter(interval_ + 1, 0, 0);
  interval_ = next_interval;
  interval_ok_ = interval_failed_ = 0;
}

void ChromeTraceRecorder::on_election(models::Time time_ns, models::NodeId node, const models::ElectionFinished& e) {
  // A server runs one election at a time; clamping to the previous end keeps its track a sequence
  // of disjoint spans even if a start time were reported early.
  auto [it, inserted] = last_election_end_ns_.try_emplace(node, e.started_ns);
  const models::Time start_ns = std::clamp(e.started_ns, it->second, time_ns);
  it->second = time_ns;
  span(kElectionsPid, node, start_ns, time_ns, "election: leader " + std::to_string(e.leader), "election",
       {{"leader", e.leader}, {"peer_epoch", e.peer_epoch}, {"election_epoch", e.election_epoch}});
}

void ChromeTraceRecorder::leader_up(models::Time time_ns, models::NodeId node, models::Epoch epoch) {
  if (leader_) leader_down(time_ns, leader_->server);
  leader_ = Leader{node, epoch, time_ns};
}

void ChromeTraceRecorder::leader_down(models::Time time_ns, models::NodeId node) {
  if (!leader_ || leader_->server != node) return;
  span(kEnsemblePid, kLeaderTid, leader_->since_ns, time_ns,
       server_name(node) + " (epoch " + std::to_string(leader_->epoch) + ")", "leader",
       {{"leader", node}, {"epoch", leader_->epoch}});
  leader_.reset();
}

void ChromeTraceRecorder::open_state(models::Time time_ns, models::NodeId node, std::string name, int pid) {
  close_state(time_ns, node, pid);
  open_states_[{pid, node}] = OpenSpan{std::move(name), time_ns, {}};
}

void ChromeTraceRecorder::close_state(models::Time time_ns, models::NodeId node, int pid) {
  const auto it = open_states_.find({pid, node});
  if (it == open_states_.end()) return;
  span(pid, node, it->second.since_ns, time_ns, it->second.name, "state", it->second.args);
  open_states_.erase(it);
}

void ChromeTraceRecorder::instant(models::Time time_ns, models::NodeId node, std::string name, nlohmann::ordered_json args,
                                  int pid, const char* category) {
  add({'i', pid, node, time_ns, 0, std::move(name), category, std::move(args), 0});
}

void ChromeTraceRecorder::span(int pid, models::NodeId tid, models::Time start_ns, models::Time end_ns, std::string name,
                               const char* category, nlohmann::ordered_json args) {
  assert(end_ns >= start_ns);
  // A zero-length span is invisible in every viewer and only makes the file longer.
  if (end_ns == start_ns) return;
  add({'X', pid, tid, start_ns, end_ns - start_ns, std::move(name), category, std::move(args), 0});
}

void ChromeTraceRecorder::add(Event event) {
  if (events_.size() >= kMaxEvents) {
    ++dropped_;
    return;
  }
  event.sequence = events_.size();
  events_.push_back(std::move(event));
}

void ChromeTraceRecorder::finish(models::Time end_ns) {
  if (finished_) return;
  while (!open_states_.empty()) close_state(end_ns, open_states_.begin()->first.second, open_states_.begin()->first.first);
  if (leader_) leader_down(end_ns, leader_->server);
  if (interval_ok_ + interval_failed_ > 0) flush_requests(interval_);
  finished_ = true;
}

nlohmann::ordered_json ChromeTraceRecorder::metadata() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  const std::pair<int, const char*> processes[] = {
      {kEnsemblePid, "ensemble"}, {kElectionsPid, "elections"},       {kRequestsPid, "requests"},
      {kScenarioPid, "scenario"}, {kSyncPid, "synchronization"}, {kAppServersPid, "app servers"}};
  for (const auto& [pid, name] : processes) {
    out.push_back(name_event("process_name", pid, 0, name));
    out.push_back(sort_event("process_sort_index", pid, 0, pid));
  }
  out.push_back(name_event("thread_name", kEnsemblePid, kLeaderTid, "leader"));
  out.push_back(name_event("thread_name", kScenarioPid, 0, "events"));
  for (models::NodeId id : servers_)
    for (int pid : {kEnsemblePid, kElectionsPid, kSyncPid}) {
      out.push_back(name_event("thread_name", pid, id, server_name(id)));
      out.push_back(sort_event("thread_sort_index", pid, id, id));
    }
  for (models::NodeId number : app_servers_) {
    out.push_back(name_event("thread_name", kAppServersPid, number, "app server " + std::to_string(number)));
    out.push_back(sort_event("thread_sort_index", kAppServersPid, number, number));
  }
  return out;
}

nlohmann::ordered_json ChromeTraceRecorder::to_json() const {
  std::vector<const Event*> sorted;
  sorted.reserve(events_.size());
  for (const Event& e : events_) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](const Event* a, const Event* b) {
    return std::tie(a->ts_ns, a->pid, a->tid, a->sequence) < std::tie(b->ts_ns, b->pid, b->tid, b->sequence);
  });
  nlohmann::ordered_json events = metadata();
  for (const Event* e : sorted) {
    nlohmann::ordered_json j = {{"name", e->name}, {"cat", e->category}, {"ph", std::string(1, e->phase)},
                                {"ts", micros(e->ts_ns)}, {"pid", e->pid}, {"tid", e->tid}};
    if (e->phase == 'X') j["dur"] = micros(e->dur_ns);
    if (e->phase == 'i') j["s"] = "t";  // scoped to its thread: drawn on the server's track
    if (!e->args.is_null()) j["args"] = e->args;
    events.push_back(std::move(j));
  }
  return {{"traceEvents", std::move(events)},
          {"displayTimeUnit", "ms"},
          {"otherData", {{"generator", "zksim"}, {"dropped_events", dropped_}}}};
}

std::string ChromeTraceRecorder::text() const {
  const nlohmann::ordered_json trace = to_json();
  std::string out = "{\"traceEvents\":[\n";
  const auto& events = trace["traceEvents"];
  for (std::size_t i = 0; i < events.size(); ++i) out += events[i].dump() + (i + 1 < events.size() ? ",\n" : "\n");
  out += "],\n\"displayTimeUnit\":" + trace["displayTimeUnit"].dump() + ",\n\"otherData\":" + trace["otherData"].dump() +
         "}\n";
  return out;
}

void ChromeTraceRecorder::write_file(const std::string& path) const {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text();
  file.close();
  if (!file) throw std::runtime_error("cannot write " + path);
}

}  // namespace analysis
