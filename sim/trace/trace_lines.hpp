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
//   footer   {"end":"zksim","lines":L,"inputs":I,"effects":E,          the last line: what the L lines
//            "stops":S,"digest":"fnv1a64:HEX"}                         before it hold, and the digest
//                                                                      of their bytes (each with its
//                                                                      newline)
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/core/effects.hpp"
#include "models/core/input.hpp"

namespace sim::trace {

using models::Input;

constexpr const char* kTraceMagic = "zksim";
// Version 2 added the footer: a trace without one is cut short.
constexpr int kTraceVersion = 2;

// The footer's digest: 64-bit FNV-1a over every byte of every line before the footer. It finds a
// trace cut short (at a line boundary too) or changed after it was written; it is a checksum, not
// a signature: whoever edits a trace on purpose can recompute it, which is why replay also checks
// that every record is one the models could have produced (replay.hpp).
class TraceDigest {
 public:
  void add(std::string_view bytes) {
    for (const char c : bytes) hash_ = (hash_ ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  }
  std::string hex() const;

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

// What a trace's lines add up to: the writer counts them into its footer, a reader checks them.
struct TraceCounts {
  std::uint64_t lines = 0;  // every line before the footer, the header included
  std::uint64_t inputs = 0;
  std::uint64_t effects = 0;
  std::uint64_t stops = 0;
  TraceDigest digest;
  void add_line(std::string_view line) {
    ++lines;
    digest.add(line);
    digest.add("\n");
  }
};
std::string footer_line(const TraceCounts& counts);
// Compares a footer line (parsed) with what the reader counted; an empty string when they agree,
// else what differs. Throws DecodeError (or a JSON error) when it is not a footer.
std::string footer_mismatch(const nlohmann::ordered_json& footer, const TraceCounts& counted);

std::string input_line(models::Time t_ns, models::NodeId node, const Input& input);
// Appends one line per effect: persist ops, sends, timers, delivered txns, observations.
void append_effect_lines(models::NodeId node, const models::Effects& effects, std::vector<std::string>& out);
std::string stop_line(models::Time t_ns, models::NodeId node, bool silent);

enum class LineKind { input, effect, process, footer, unknown };
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
