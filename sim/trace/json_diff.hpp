#pragma once
// Short, human-sized views of long trace lines: the part of a line around a column, and the
// fields in which two JSON lines differ.
#include <cstddef>
#include <string>

namespace sim::trace {

// The line if it is short; otherwise about width characters around column, with "..." marks.
std::string excerpt(const std::string& line, std::size_t column, std::size_t width = 240);
// The first column at which a and b differ (the shorter length when one is a prefix).
std::size_t first_difference(const std::string& a, const std::string& b);
// "/msg/zxid: 5 (trace) vs 6 (replay); ..." for up to a few differing fields; empty when either
// side is not JSON.
std::string short_json_diff(const std::string& a, const std::string& b, const std::string& a_name,
                            const std::string& b_name);

}  // namespace sim::trace
