#include "sim/trace/trace_diff.hpp"

#include <deque>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/interrupt.hpp"
#include "sim/trace/json_diff.hpp"
#include "sim/trace/line_reader.hpp"
#include "sim/trace/trace_lines.hpp"

namespace sim::trace {

namespace {

std::string read_header(LineReader& in, const char* which) {
  std::string text;
  if (!in.next(text)) throw std::runtime_error(std::string("trace ") + which + " is empty");
  nlohmann::ordered_json header;
  try {
    header = parse_header_line(text);
  } catch (const std::exception&) {
  }
  if (!header.is_object() || header.value("trace", "") != kTraceMagic)
    throw std::runtime_error(std::string("trace ") + which + ": line 1 is not a zksim trace header");
  return text;
}

// One entry per top-level field that differs, in header order ("seed: 1 (A) vs 2 (B)"), so
// that a different seed reads as such rather than as its consequences in every node's config.
std::string header_differences(const std::string& a_text, const std::string& b_text) {
  const auto a = nlohmann::ordered_json::parse(a_text), b = nlohmann::ordered_json::parse(b_text);
  std::string out;
  for (const auto& [key, value] : a.items()) {
    if (b.contains(key) && b.at(key) == value) continue;
    const std::string b_value = b.contains(key) ? b.at(key).dump() : "absent";
    if (!out.empty()) out += "\n  ";
    if (value.is_primitive() && b_value.size() < 80) out += key + ": " + value.dump() + " (A) vs " + b_value + " (B)";
    else out += key + ": " + short_json_diff(value.dump(), b.contains(key) ? b_value : "null", "A", "B");
  }
  for (const auto& [key, value] : b.items())
    if (!a.contains(key)) out += (out.empty() ? "" : "\n  ") + key + ": absent (A) vs " + excerpt(value.dump(), 0, 80) + " (B)";
  return out;
}

}  // namespace

TraceDiff diff_traces(std::istream& a_stream, std::istream& b_stream, std::size_t context_lines) {
  LineReader a = LineReader::from(a_stream), b = LineReader::from(b_stream);
  return diff_traces(a, b, context_lines);
}

TraceDiff diff_traces(LineReader& a, LineReader& b, std::size_t context_lines) {
  TraceDiff diff;
  const std::string header_a = read_header(a, "A"), header_b = read_header(b, "B");
  if (header_a != header_b) {
    diff.identical = false;
    diff.header_differences = header_differences(header_a, header_b);
  }
  std::deque<std::pair<std::uint64_t, std::string>> recent;
  std::string line_a, line_b;
  for (std::uint64_t number = 2;; ++number) {
    if (interrupted()) throw Interrupted(interrupt_signal());
    diff.a_ended = !a.next(line_a);
    diff.b_ended = !b.next(line_b);
    if (diff.a_ended && diff.b_ended) return diff;
    if (diff.a_ended == diff.b_ended && line_a == line_b) {
      recent.emplace_back(number, std::move(line_a));
      if (recent.size() > context_lines) recent.pop_front();
      continue;
    }
    diff.identical = false;
    diff.line = number;
    diff.a = diff.a_ended ? "" : line_a;
    diff.b = diff.b_ended ? "" : line_b;
    diff.context.assign(recent.begin(), recent.end());
    return diff;
  }
}

}  // namespace sim::trace
