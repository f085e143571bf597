#include "sim/trace/replay.hpp"

#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "models/core/node_driver.hpp"
#include "sim/interrupt.hpp"
#include "sim/trace/decode_error.hpp"
#include "sim/trace/json_diff.hpp"
#include "sim/trace/line_reader.hpp"
#include "sim/trace/node_builder.hpp"
#include "sim/trace/replay_checks.hpp"
#include "sim/trace/trace_header.hpp"
#include "sim/trace/trace_lines.hpp"

namespace sim::trace {

namespace {

using ojson = nlohmann::ordered_json;

// A replay step failed: the trace is malformed (bad_trace), the node disagrees (mismatch), or the
// trace does not add up to its footer (damaged).
struct Stop {
  ReplayOutcome outcome;
  std::string report;
};

// The runtime of a replay is the trace itself: what the driver would arm or write goes nowhere;
// what a step returned is kept to be matched against the trace's effect lines, and what leaves
// (when the executor lets it: a send held for an fsync leaves after it, a send_now at once) to be
// matched against the messages the trace delivers, in the order the connections carried them.
class ReplayPort final : public models::DriverPort {
 public:
  void on_input(models::Time, models::NodeId, const models::Input&) override {}
  void on_start(models::Time, models::NodeId, const models::PersistentState&) override {}
  void on_effects(models::Time, models::NodeId node, const models::Effects& effects) override {
    append_effect_lines(node, effects, lines);
  }
  void send(models::NodeId from, models::Send send) override { sent.sent(from, std::move(send)); }
  void arm_timer(models::NodeId, models::TimerId, models::Time) override {}
  void start_fsync(models::NodeId, std::uint64_t) override {}
  void start_disk_task(models::NodeId, const models::DiskTask&) override {}
  std::vector<std::string> lines;
  SentMessages sent;
};

// A node of the trace: the executor of the contract over it while its process runs, its disk
// (which outlives the process), and the time of its last input.
struct Tracked {
  std::unique_ptr<models::NodeDriver> driver;  // null while the process is not running
  models::PersistentState durable;
  models::Time last_ns = 0;
};

class Replayer {
 public:
  explicit Replayer(ReplayResult& result) : result_(result) {}
  void header(const std::string& text);
  void line(std::uint64_t number, const std::string& text);
  void finish(std::uint64_t lines);

 private:
  void input(std::uint64_t number, const std::string& text, const ojson& line);
  void start(const InputRecord& record, const ojson& line);
  void stop(const ojson& line);
  void step(Tracked& node, const InputRecord& record);
  void check_input(const Tracked& node, const InputRecord& record, const std::string& text, const ojson& line);
  void footer(const ojson& line);
  void compare_effect(std::uint64_t number, const std::string& text);
  [[noreturn]] void mismatch(std::uint64_t number, const std::string& why, const std::string& expected,
                             const std::string& actual) const;

  ReplayResult& result_;
  std::optional<NodeBuilder> builder_;
  ReplayPort port_;
  std::map<models::NodeId, Tracked> nodes_;
  std::deque<std::string> pending_;  // effects the last step returned, not yet matched
  TraceCounts counted_;
  bool footer_seen_ = false;
  models::NodeId step_node_ = models::kNoNode;
  std::uint64_t step_line_ = 0;
  std::string step_text_;
};

void Replayer::header(const std::string& text) {
  NodeConfigs configs = configs_from_header(parse_header_line(text));
  check_configs(configs);
  builder_.emplace(std::move(configs));
  counted_.add_line(text);
}

// Most lines are effects equal to the replayed ones byte for byte: those cost a string compare.
void Replayer::line(std::uint64_t number, const std::string& text) {
  if (footer_seen_) throw Stop{ReplayOutcome::damaged, "line " + std::to_string(number) + " comes after the footer\n"};
  if (!pending_.empty() && text == pending_.front()) {
    pending_.pop_front();
    ++result_.effects;
    ++counted_.effects;
    counted_.add_line(text);
    return;
  }
  const ojson parsed = parse_line(text);
  const LineKind kind = line_kind(parsed);
  if (kind == LineKind::footer) return footer(parsed);
  counted_.add_line(text);
  if (kind == LineKind::effect) return compare_effect(number, text);
  if (!pending_.empty())
    mismatch(number, "the replayed node returned an effect that the trace does not have", "(none: line " +
             std::to_string(number) + " is not an effect)", pending_.front());
  if (kind == LineKind::input) return input(number, text, parsed);
  if (kind == LineKind::process) return stop(parsed);
  throw DecodeError("not a trace record (expected an \"in\", \"fx\", \"process\" or \"end\" key)");
}

void Replayer::compare_effect(std::uint64_t number, const std::string& text) {
  ++counted_.effects;
  if (pending_.empty()) mismatch(number, "the trace has an effect that the replayed node did not return", text, "(none)");
  // Equal values written differently (keys reordered) still match here; the digest does not.
  if (parse_line(text) != ojson::parse(pending_.front())) mismatch(number, "the effect differs", text, pending_.front());
  pending_.pop_front();
  ++result_.effects;
}

void Replayer::stop(const ojson& line) {
  const StopRecord stop = parse_stop(line);
  ++counted_.stops;
  auto it = nodes_.find(stop.node);
  if (it == nodes_.end() || !it->second.driver)
    throw DecodeError("node " + std::to_string(stop.node) + " stops but is not running");
  it->second.driver.reset();
  port_.sent.stopped(stop.node);
}

void Replayer::start(const InputRecord& record, const ojson& line) {
  const bool first_start = !nodes_.count(record.node);
  Tracked& node = nodes_[record.node];
  if (node.driver) throw DecodeError("node " + std::to_string(record.node) + " starts while it is running");
  const bool is_server = models::is_server(record.node);
  node.durable = check_start_state(line.at("durable"), node.durable, builder_->configs(), is_server, first_start);
  auto built = builder_->build(record.node, node.durable);
  if (!built) throw DecodeError("node " + std::to_string(record.node) + " is not in the header");
  node.driver = std::make_unique<models::NodeDriver>(std::move(built), port_, models::CheckCadence{});
  ++result_.nodes_started;
}

void Replayer::input(std::uint64_t number, const std::string& text, const ojson& line) {
  const InputRecord record = parse_input(line);
  ++counted_.inputs;
  if (record.t_ns < 0) throw DecodeError("a negative time");
  if (std::holds_alternative<models::StartInput>(record.input)) start(record, line);
  auto it = nodes_.find(record.node);
  if (it == nodes_.end() || !it->second.driver)
    throw DecodeError("input for node " + std::to_string(record.node) + ", which is not running");
  check_input(it->second, record, text, line);
  step_node_ = record.node;
  step_line_ = number;
  step_text_ = text;
  step(it->second, record);
  pending_.assign(std::make_move_iterator(port_.lines.begin()), std::make_move_iterator(port_.lines.end()));
  port_.lines.clear();
  ++result_.inputs;
  result_.last_time_ns = static_cast<std::uint64_t>(record.t_ns);
}

// The JSON of a message input's "msg": the end of the line as the writer puts it ("msg" last,
// ...,"msg":{...}}), else (a line written otherwise) the value dumped again.
std::string message_json(const std::string& text, const ojson& line) {
  static constexpr std::string_view kKey = ",\"msg\":";
  const std::size_t at = text.find(kKey);
  if (at != std::string::npos && &line.back() == &line.at("msg") && line.back().is_object() &&
      text.size() > at + kKey.size() && text[at + kKey.size()] == '{' && text.back() == '}')
    return text.substr(at + kKey.size(), text.size() - at - kKey.size() - 1);
  return line.at("msg").dump();
}

// What replay_checks.hpp guards before the input reaches the node.
void Replayer::check_input(const Tracked& node, const InputRecord& record, const std::string& text, const ojson& line) {
  if (record.t_ns < node.last_ns)
    throw DecodeError("node " + std::to_string(record.node) + "'s time goes back (" + std::to_string(record.t_ns) +
                      " ns after " + std::to_string(node.last_ns) + " ns)");
  if (const auto* message = std::get_if<models::MessageInput>(&record.input))
    port_.sent.delivered(message->from, record.node, message_json(text, line));
  else if (const auto* control = std::get_if<models::ControlInput>(&record.input))
    check_control(node.driver->node(), control->control, builder_->configs());
  else if (const auto* lost = std::get_if<models::PeerLostInput>(&record.input))
    check_peer(record.node, lost->peer, builder_->configs());
  else if (const auto* connected = std::get_if<models::PeerConnectedInput>(&record.input))
    check_peer(record.node, connected->peer, builder_->configs());
}

// Through the executor, which checks that the trace's runtime kept the contract: a timer fires
// only while armed, an fsync completes only while one is in flight, with the batch it wrote, and a
// disk task finishes only while it is the one in flight.
void Replayer::step(Tracked& node, const InputRecord& record) {
  models::NodeDriver& driver = *node.driver;
  node.last_ns = record.t_ns;
  if (std::holds_alternative<models::StartInput>(record.input)) return driver.start(record.t_ns, node.durable);
  if (const auto* timer = std::get_if<models::TimerInput>(&record.input)) {
    const models::Time deadline_ns = driver.timer_deadline(timer->timer);
    if (deadline_ns == models::kNever) throw DecodeError("timer " + std::to_string(timer->timer) + " fires but is not armed");
    driver.fire_timer(record.t_ns, timer->timer, deadline_ns);
    return;
  }
  if (const auto* persisted = std::get_if<models::PersistedInput>(&record.input)) {
    if (!driver.fsync_in_flight() || driver.writing_batch() != persisted->batch)
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

void Replayer::footer(const ojson& line) {
  footer_seen_ = true;
  if (!pending_.empty())
    mismatch(counted_.lines + 1, "the trace ends before an effect the replayed node returned", "(end of trace)",
             pending_.front());
  const std::string differs = footer_mismatch(line, counted_);
  if (!differs.empty())
    throw Stop{ReplayOutcome::damaged, "the footer does not match the lines before it (" + differs +
                                           "): the trace was changed after it was written\n"};
}

void Replayer::finish(std::uint64_t lines) {
  if (!footer_seen_)
    throw Stop{ReplayOutcome::damaged, "the trace ends at line " + std::to_string(lines) +
                                           " without its footer: it was cut short (an interrupted recording, or a "
                                           "truncated copy), so it cannot be verified whole\n"};
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

void replay_lines(LineReader& reader, Replayer& replayer) {
  std::string text;
  if (!reader.next(text)) throw DecodeError("the trace is empty");
  if (!reader.complete()) throw Stop{ReplayOutcome::damaged, "the trace is cut in the middle of line 1\n"};
  replayer.header(text);
  while (reader.next(text)) {
    if (!reader.complete())
      throw Stop{ReplayOutcome::damaged, "the trace is cut in the middle of line " + std::to_string(reader.number()) + "\n"};
    if (interrupted()) throw Stop{ReplayOutcome::interrupted, "interrupted\n"};
    replayer.line(reader.number(), text);
  }
  replayer.finish(reader.number());
}

}  // namespace

ReplayResult replay_trace(std::istream& in) {
  LineReader reader = LineReader::from(in);
  return replay_trace(reader);
}

ReplayResult replay_trace(LineReader& reader) {
  ReplayResult result;
  Replayer replayer(result);
  const auto fail = [&](ReplayOutcome outcome, const std::string& why) {
    result.outcome = outcome;
    result.report = "bad trace at line " + std::to_string(reader.number()) + ": " + why + "\n";
  };
  try {
    replay_lines(reader, replayer);
  } catch (const Stop& stop) {
    result.outcome = stop.outcome;
    result.report = stop.report;
  } catch (const nlohmann::json::exception& e) {
    fail(ReplayOutcome::bad_trace, e.what());
  } catch (const DecodeError& e) {
    fail(ReplayOutcome::bad_trace, e.what());
  }
  result.lines = reader.number();
  return result;
}

}  // namespace sim::trace
