#include "sim/trace/replay.hpp"

#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "models/core/node_driver.hpp"
#include "sim/trace/decode_error.hpp"
#include "sim/trace/json_diff.hpp"
#include "sim/trace/node_builder.hpp"
#include "sim/trace/trace_header.hpp"
#include "sim/trace/trace_lines.hpp"

namespace sim::trace {

namespace {

using ojson = nlohmann::ordered_json;

// A replay step failed: the trace is malformed (bad_trace) or the node disagrees (mismatch).
struct Stop {
  ReplayOutcome outcome;
  std::string report;
};

// The runtime of a replay is the trace itself: what the driver would send, arm or write goes
// nowhere; what a step returned is kept to be matched against the trace's effect lines.
class ReplayPort final : public models::DriverPort {
 public:
  void on_input(models::Time, models::NodeId, const models::Input&) override {}
  void on_start(models::Time, models::NodeId, const models::PersistentState&) override {}
  void on_effects(models::Time, models::NodeId node, const models::Effects& effects) override {
    append_effect_lines(node, effects, lines);
  }
  void send(models::NodeId, models::Send) override {}
  void arm_timer(models::NodeId, models::TimerId, models::Time) override {}
  void start_fsync(models::NodeId, std::uint64_t) override {}
  void start_disk_task(models::NodeId, const models::DiskTask&) override {}
  std::vector<std::string> lines;
};

// A node being replayed: the one executor of the contract over it, and its disk.
struct Running {
  std::unique_ptr<models::NodeDriver> driver;
  models::PersistentState durable;
};

class Replayer {
 public:
  explicit Replayer(ReplayResult& result) : result_(result) {}
  void header(const std::string& text) { builder_.emplace(configs_from_header(ojson::parse(text))); }
  void line(std::uint64_t number, const std::string& text);
  void finish(std::uint64_t lines);

 private:
  void input(std::uint64_t number, const std::string& text, const ojson& line);
  void step(Running& node, const InputRecord& record);
  void compare_effect(std::uint64_t number, const std::string& text);
  [[noreturn]] void mismatch(std::uint64_t number, const std::string& why, const std::string& expected,
                             const std::string& actual) const;

  ReplayResult& result_;
  std::optional<NodeBuilder> builder_;
  ReplayPort port_;
  std::map<models::NodeId, Running> running_;
  std::deque<std::string> pending_;  // effects the last step returned, not yet matched
  models::NodeId step_node_ = models::kNoNode;
  std::uint64_t step_line_ = 0;
  std::string step_text_;
};

// Most lines are effects equal to the replayed ones byte for byte: those cost a string compare.
void Replayer::line(std::uint64_t number, const std::string& text) {
  if (!pending_.empty() && text == pending_.front()) {
    pending_.pop_front();
    ++result_.effects;
    return;
  }
  const ojson parsed = ojson::parse(text);
  const LineKind kind = line_kind(parsed);
  if (kind == LineKind::effect) return compare_effect(number, text);
  if (!pending_.empty())
    mismatch(number, "the replayed node returned an effect that the trace does not have", "(none: line " +
             std::to_string(number) + " is not an effect)", pending_.front());
  if (kind == LineKind::input) return input(number, text, parsed);
  if (kind == LineKind::process) {
    const StopRecord stop = parse_stop(parsed);
    if (running_.erase(stop.node) == 0) throw DecodeError("node " + std::to_string(stop.node) + " stops but is not running");
    return;
  }
  throw DecodeError("not a trace record (expected an \"in\", \"fx\" or \"process\" key)");
}

void Replayer::compare_effect(std::uint64_t number, const std::string& text) {
  if (pending_.empty()) mismatch(number, "the trace has an effect that the replayed node did not return", text, "(none)");
  // Equal values written differently (a trace edited by hand, keys reordered) still match.
  if (nlohmann::json::parse(text) != nlohmann::json::parse(pending_.front()))
    mismatch(number, "the effect differs", text, pending_.front());
  pending_.pop_front();
  ++result_.effects;
}

void Replayer::input(std::uint64_t number, const std::string& text, const ojson& line) {
  const InputRecord record = parse_input(line);
  if (const auto* start = std::get_if<models::StartInput>(&record.input)) {
    auto node = builder_->build(record.node, start->durable);
    if (!node) throw DecodeError("node " + std::to_string(record.node) + " is not in the header");
    running_[record.node] = Running{std::make_unique<models::NodeDriver>(std::move(node), port_, models::CheckCadence{}),
                                    start->durable};
    ++result_.nodes_started;
  }
  auto it = running_.find(record.node);
  if (it == running_.end()) throw DecodeError("input for node " + std::to_string(record.node) + ", which is not running");
  step_node_ = record.node;
  step_line_ = number;
  step_text_ = text;
  step(it->second, record);
  pending_.assign(std::make_move_iterator(port_.lines.begin()), std::make_move_iterator(port_.lines.end()));
  port_.lines.clear();
  ++result_.inputs;
  result_.last_time_ns = static_cast<std::uint64_t>(record.t_ns);
}

// Through the executor, which checks that the trace's runtime kept the contract: a timer fires
// only while armed, an fsync completes only while one is in flight, with the batch it wrote, and a
// disk task finishes only while it is the one in flight.
void Replayer::step(Running& node, const InputRecord& record) {
  models::NodeDriver& driver = *node.driver;
  if (std::holds_alternative<models::StartInput>(record.input)) return driver.start(record.t_ns, node.durable);
  if (const auto* timer = std::get_if<models::TimerInput>(&record.input)) {
    const models::Time deadline_ns = driver.timer_deadline(timer->timer);
    if (deadline_ns == models::kNever) throw DecodeError("timer " + std::to_string(timer->timer) + " fires but is not armed");
    driver.fire_timer(record.t_ns, timer->timer, deadline_ns);
    return;
  }
  if (const auto* persisted = std::get_if<models::PersistedInput>(&record.input)) {
    if (driver.writing_batch() != persisted->batch)
      throw DecodeError("persisted batch " + std::to_string(persisted->batch) + " is not the one being written (" +
                        std::to_string(driver.writing_batch()) + ")");
    return driver.finish_fsync(record.t_ns, node.durable);
  }
  if (const auto* done = std::get_if<models::DiskDoneInput>(&record.input)) {
    const models::DiskTask::Lane lane = models::DiskTask::lane_of(done->kind);
    const models::DiskTask* task = driver.disk_task_in_flight(lane);
    if (!task || task->kind != done->kind)
      throw DecodeError(std::string("disk task ") + models::disk_task_name(done->kind) + " finishes but is not the one in flight");
    return driver.finish_disk_task(record.t_ns, node.durable, lane);
  }
  driver.feed(record.t_ns, record.input);
}

void Replayer::finish(std::uint64_t lines) {
  if (!pending_.empty())
    mismatch(lines + 1, "the trace ends before an effect the replayed node returned", "(end of trace)", pending_.front());
}

void Replayer::mismatch(std::uint64_t number, const std::string& why, const std::string& expected,
                        const std::string& actual) const {
  std::string report = "MISMATCH at line " + std::to_string(number) + " (node " + std::to_string(step_node_) +
                       "): " + why + "\n";
  report += "  input    (line " + std::to_string(step_line_) + "): " + excerpt(step_text_, 0) + "\n";
  report += "  expected (trace):  " + excerpt(expected, 0) + "\n";
  report += "  actual   (replay): " + excerpt(actual, 0) + "\n";
  const std::string diff = short_json_diff(expected, actual, "trace", "replay");
  if (!diff.empty()) report += "  differs: " + diff + "\n";
  throw Stop{ReplayOutcome::mismatch, report};
}

}  // namespace

ReplayResult replay_trace(std::istream& in) {
  ReplayResult result;
  Replayer replayer(result);
  std::string text;
  std::uint64_t number = 0;
  try {
    if (!std::getline(in, text)) throw DecodeError("the trace is empty");
    number = 1;
    replayer.header(text);
    while (std::getline(in, text)) replayer.line(++number, text);
    replayer.finish(number);
  } catch (const Stop& stop) {
    result.outcome = stop.outcome;
    result.report = stop.report;
  } catch (const nlohmann::json::exception& e) {
    result.outcome = ReplayOutcome::bad_trace;
    result.report = "bad trace at line " + std::to_string(number) + ": " + e.what() + "\n";
  } catch (const DecodeError& e) {
    result.outcome = ReplayOutcome::bad_trace;
    result.report = "bad trace at line " + std::to_string(number) + ": " + e.what() + "\n";
  }
  result.lines = number;
  return result;
}

}  // namespace sim::trace
