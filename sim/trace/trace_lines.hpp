#pragma once
// The line kinds of a zksim trace (NDJSON, one object a line), shared by the writer and the
// replayer so that both encode an effect identically and the replayer can compare strings.
//
//   line 1   {"trace":"zksim","version":1,...}                        the header (trace_header.hpp)
//   input    {"t":T,"node":N,"in":KIND,...}                            one step's input at time T ns
//   effect   {"node":N,"fx":KIND,...}                                  what that step returned, in
//                                                                      Effects order, right after
//   process  {"t":T,"node":N,"process":"stop","silent":B}              the process died (a start is
//                                                                      the "start" input)
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/core/effects.hpp"
#include "models/core/input.hpp"

namespace sim::trace {

using models::Input;

constexpr const char* kTraceMagic = "zksim";
constexpr int kTraceVersion = 1;

std::string input_line(models::Time t_ns, models::NodeId node, const Input& input);
// Appends one line per effect: persist ops, sends, timers, delivered txns, observations.
void append_effect_lines(models::NodeId node, const models::Effects& effects, std::vector<std::string>& out);
std::string stop_line(models::Time t_ns, models::NodeId node, bool silent);

enum class LineKind { input, effect, process, unknown };
LineKind line_kind(const nlohmann::ordered_json& line);

struct InputRecord {
  models::Time t_ns = 0;
  models::NodeId node = models::kNoNode;
  Input input;
};
// Throws nlohmann::json::exception or DecodeError when the line is not a valid input.
InputRecord parse_input(const nlohmann::ordered_json& line);

struct StopRecord {
  models::Time t_ns = 0;
  models::NodeId node = models::kNoNode;
  bool silent = false;
};
StopRecord parse_stop(const nlohmann::ordered_json& line);

}  // namespace sim::trace
