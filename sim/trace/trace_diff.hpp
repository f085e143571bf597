#pragma once
// Compares two traces: their headers field by field (a different seed or scenario is expected
// when diffing, so it is reported apart), then their bodies line by line up to the first line
// that differs, which is where the two runs' behaviour diverged. It reads them with replay's
// defences (line_reader.hpp): bounded lines, bounded nesting before anything is parsed.
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "sim/trace/line_reader.hpp"

namespace sim::trace {

struct TraceDiff {
  bool identical = true;
  std::string header_differences;  // empty when the headers are equal
  std::uint64_t line = 0;          // first differing body line (0: the bodies are equal)
  std::string a, b;                // that line in each trace ("" when a trace has ended)
  bool a_ended = false, b_ended = false;
  std::vector<std::pair<std::uint64_t, std::string>> context;  // the common lines just before
};

// Throws std::runtime_error when either input is not a trace (its first line is not a header) or
// breaks a bound (a line too long).
TraceDiff diff_traces(std::istream& a, std::istream& b, std::size_t context_lines = 3);
TraceDiff diff_traces(LineReader& a, LineReader& b, std::size_t context_lines = 3);

}  // namespace sim::trace
