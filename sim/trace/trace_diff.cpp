#include "sim/trace/trace_diff.hpp"

#include <deque>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/trace/json_diff.hpp"
#include "sim/trace/trace_lines.hpp"

namespace sim::trace {

namespace {

std::string read_header(std::istream& in, const char* which) {
  std::string text;
  if (!std::getline(in, text)) throw std::runtime_error(std::string("trace ") + which + " is empty");
  const nlohmann::json header = nlohmann::json::parse(text, nullptr, false);
  if (header.is_discarded() || !header.is_object() || header.value("trace", "") != kTraceMagic)
    throw std::runtime_error(std::string("trace ") + which + ": line 1 is not a zksim trace header");
  return text;
}

}  // namespace

TraceDiff diff_traces(std::istream& a, std::istream& b, std::size_t context_lines) {
  TraceDiff diff;
  const std::string header_a = read_header(a, "A"), header_b = read_header(b, "B");
  if (header_a != header_b) {
    diff.identical = false;
    diff.header_differences = short_json_diff(header_a, header_b, "A", "B");
  }
  std::deque<std::pair<std::uint64_t, std::string>> recent;
  std::string line_a, line_b;
  for (std::uint64_t number = 2;; ++number) {
    diff.a_ended = !std::getline(a, line_a);
    diff.b_ended = !std::getline(b, line_b);
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
