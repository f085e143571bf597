#include "sim/trace/trace_lines.hpp"

#include <cstdio>

#include "sim/trace/codec.hpp"
#include "sim/trace/decode_error.hpp"

namespace sim::trace {

using models::ControlInput;
using models::MessageInput;
using models::PeerLostInput;
using models::PersistedInput;
using models::StartInput;
using models::TimerInput;
using ojson = nlohmann::ordered_json;

namespace {

// The "in" name and the payload keys of each input kind.
struct InputEncoder {
  ojson& j;
  void operator()(const StartInput& in) const {
    j["in"] = "start";
    j["durable"] = in.durable;
  }
  void operator()(const MessageInput& in) const {
    j["in"] = "message";
    j["from"] = in.from;
    j["msg"] = in.message;
  }
  void operator()(const TimerInput& in) const {
    j["in"] = "timer";
    j["timer"] = in.timer;
  }
  void operator()(const PersistedInput& in) const {
    j["in"] = "persisted";
    j["batch"] = in.batch;
  }
  void operator()(const PeerLostInput& in) const {
    j["in"] = "peer_lost";
    j["peer"] = in.peer;
  }
  void operator()(const models::PeerConnectedInput& in) const {
    j["in"] = "peer_connected";
    j["peer"] = in.peer;
  }
  void operator()(const models::DiskDoneInput& in) const {
    j["in"] = "disk_done";
    j["task"] = models::disk_task_name(in.kind);
  }
  void operator()(const ControlInput& in) const { std::visit(*this, in.control); }
  void operator()(const models::SetRate& in) const {
    j["in"] = "set_rate";
    j["rate_per_s"] = in.rate_per_s;
    j["read_ratio"] = in.read_ratio;
  }
  void operator()(const models::SetStrategy& in) const {
    j["in"] = "set_strategy";
    j["strategy"] = in.name;
    j["options"] = in.options;
  }
  void operator()(const models::RequestReconfig& in) const {
    j["in"] = "reconfig";
    j["msg"] = models::Message{in.request};
  }
  void operator()(const models::Submit& in) const {
    j["in"] = "submit";
    j["op"] = in.op;
  }
};

models::ReconfigRequest decode_reconfig(const ojson& j) {
  const models::Message message = j.at("msg").get<models::Message>();
  const auto* request = std::get_if<models::ReconfigRequest>(&message);
  if (!request) throw DecodeError("a reconfig input carries a message that is not a reconfig request");
  return *request;
}

models::DiskTask::Kind decode_disk_task_kind(const std::string& name) {
  for (auto kind : models::kDiskTaskKinds)
    if (name == models::disk_task_name(kind)) return kind;
  throw DecodeError("unknown disk task \"" + name + "\"");
}

Input decode_input(const ojson& j) {
  const std::string& kind = j.at("in").get_ref<const std::string&>();
  if (kind == "start") return StartInput{j.at("durable").get<models::PersistentState>()};
  if (kind == "message") return MessageInput{j.at("from").get<models::NodeId>(), j.at("msg").get<models::Message>()};
  if (kind == "timer") return TimerInput{j.at("timer").get<models::TimerId>()};
  if (kind == "persisted") return PersistedInput{j.at("batch").get<std::uint64_t>()};
  if (kind == "peer_lost") return PeerLostInput{j.at("peer").get<models::NodeId>()};
  if (kind == "peer_connected") return models::PeerConnectedInput{j.at("peer").get<models::NodeId>()};
  if (kind == "disk_done") return models::DiskDoneInput{decode_disk_task_kind(j.at("task").get<std::string>())};
  if (kind == "set_rate") return ControlInput{models::SetRate{j.at("rate_per_s").get<double>(), j.at("read_ratio").get<double>()}};
  if (kind == "set_strategy")
    return ControlInput{models::SetStrategy{j.at("strategy").get<std::string>(), j.at("options").get<models::StrategyOptions>()}};
  if (kind == "reconfig") return ControlInput{models::RequestReconfig{decode_reconfig(j)}};
  if (kind == "submit") return ControlInput{models::Submit{j.at("op").get<models::Op>()}};
  throw DecodeError("unknown input kind \"" + kind + "\"");
}

ojson effect_head(models::NodeId node, const char* kind) {
  ojson j = ojson::object();
  j["node"] = node;
  j["fx"] = kind;
  return j;
}

void append_timer(models::NodeId node, const models::TimerSet& timer, std::vector<std::string>& out) {
  ojson j = effect_head(node, timer.deadline_ns == models::kCancelTimer ? "cancel_timer" : "timer");
  j["id"] = timer.id;
  if (timer.deadline_ns != models::kCancelTimer) j["deadline_ns"] = timer.deadline_ns;
  out.push_back(j.dump());
}

}  // namespace

std::string input_line(models::Time t_ns, models::NodeId node, const Input& input) {
  ojson j = ojson::object();
  j["t"] = t_ns;
  j["node"] = node;
  std::visit(InputEncoder{j}, input);
  return j.dump();
}

void append_effect_lines(models::NodeId node, const models::Effects& effects, std::vector<std::string>& out) {
  for (const models::StorageOp& op : effects.persist) {
    ojson j = effect_head(node, "persist");
    j["op"] = op;
    out.push_back(j.dump());
  }
  for (const models::Send& send : effects.sends) {
    ojson j = effect_head(node, "send");
    models::to_json(j, send);
    out.push_back(j.dump());
  }
  for (const models::TimerSet& timer : effects.timers) append_timer(node, timer, out);
  for (const models::DiskTask& task : effects.disk) {
    ojson j = effect_head(node, "disk");
    j["task"] = models::disk_task_name(task.kind);
    j["bytes"] = task.bytes;
    // What the task makes durable, by kind (a snapshot's whole tree would swamp the line; the
    // replayer's executor holds the task itself).
    if (!task.durable.empty()) {
      ojson kinds = ojson::array();
      for (const models::StorageOp& op : task.durable) kinds.push_back(ojson(op).at("type"));
      j["durable"] = kinds;
    }
    out.push_back(j.dump());
  }
  for (const models::Txn& txn : effects.deliver) {
    ojson j = effect_head(node, "deliver");
    j["txn"] = txn;
    out.push_back(j.dump());
  }
  for (const models::Observation& what : effects.observe) {
    ojson j = effect_head(node, "observe");
    j["what"] = what;
    out.push_back(j.dump());
  }
}

std::string stop_line(models::Time t_ns, models::NodeId node, bool silent) {
  ojson j = ojson::object();
  j["t"] = t_ns;
  j["node"] = node;
  j["process"] = "stop";
  j["silent"] = silent;
  return j.dump();
}

LineKind line_kind(const ojson& line) {
  if (!line.is_object()) return LineKind::unknown;
  if (line.contains("end")) return LineKind::footer;
  if (line.contains("fx")) return LineKind::effect;
  if (line.contains("in")) return LineKind::input;
  if (line.contains("process")) return LineKind::process;
  return LineKind::unknown;
}

InputRecord parse_input(const ojson& line) {
  return {line.at("t").get<models::Time>(), line.at("node").get<models::NodeId>(), decode_input(line)};
}

std::string TraceDigest::hex() const {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash_));
  return text;
}

std::string footer_line(const TraceCounts& counts) {
  ojson j = ojson::object();
  j["end"] = kTraceMagic;
  j["lines"] = counts.lines;
  j["inputs"] = counts.inputs;
  j["effects"] = counts.effects;
  j["stops"] = counts.stops;
  j["digest"] = "fnv1a64:" + counts.digest.hex();
  return j.dump();
}

std::string footer_mismatch(const ojson& footer, const TraceCounts& counted) {
  if (footer.at("end") != kTraceMagic) throw DecodeError("a footer whose \"end\" is not \"zksim\"");
  std::string out;
  const auto compare = [&](const char* key, std::uint64_t value) {
    const auto recorded = footer.at(key).get<std::uint64_t>();
    if (recorded != value)
      out += std::string(out.empty() ? "" : "; ") + key + " " + std::to_string(recorded) + " in the footer, " +
             std::to_string(value) + " in the trace";
  };
  compare("lines", counted.lines);
  compare("inputs", counted.inputs);
  compare("effects", counted.effects);
  compare("stops", counted.stops);
  const std::string digest = "fnv1a64:" + counted.digest.hex();
  if (footer.at("digest").get_ref<const std::string&>() != digest)
    out += std::string(out.empty() ? "" : "; ") + "digest " + footer.at("digest").get<std::string>() +
           " in the footer, " + digest + " of the lines";
  return out;
}

StopRecord parse_stop(const ojson& line) {
  if (line.at("process").get_ref<const std::string&>() != "stop")
    throw DecodeError("unknown process record \"" + line.at("process").get<std::string>() + "\"");
  return {line.at("t").get<models::Time>(), line.at("node").get<models::NodeId>(), line.at("silent").get<bool>()};
}

}  // namespace sim::trace
