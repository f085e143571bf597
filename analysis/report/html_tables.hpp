#pragma once
// Report JSON made into HTML tables: every number printed one way (figure_text), and every cell
// that shows a figure of the report names it by its JSON pointer, so that the page and the
// report.json beside it can be checked against each other.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/report/html_page.hpp"

namespace analysis {

// A figure as the pages print it: integers whole, other numbers to 6 significant digits (whole
// from a million up, never in exponent form), null as "-", text as it is, lists of scalars
// joined by ", ", anything else as compact JSON.
std::string figure_text(const nlohmann::ordered_json& value);

// The member at a JSON pointer, or nullptr when the report has none there (a section it leaves
// out).
const nlohmann::ordered_json* member_at(const nlohmann::ordered_json& report, const std::string& pointer);

// An object's scalar members (and lists of scalars), one row each: name, value.
HtmlTable object_table(const nlohmann::ordered_json& object, const std::string& pointer);

// An array of objects, one row per element and one column per member (in first-seen order).
// Members holding objects or lists of objects are left out (they are in the report); at most
// max_rows rows, the page saying how many more the report holds.
struct ArrayTable {
  HtmlTable table;
  std::size_t rows_left_out = 0;
  std::string nested_left_out;  // the names of the members left out, ", "-separated
};
ArrayTable array_table(const nlohmann::ordered_json& array, const std::string& pointer, std::size_t max_rows = 500);

// An object of objects ({"throughput_per_s": {"mean": ..., "low": ...}}), one row per member: its
// name under first_column, then one column per scalar member of the inner objects.
HtmlTable keyed_table(const nlohmann::ordered_json& object, const std::string& pointer, const std::string& first_column);

// Adds an array table with a note of what it left out, or says the list is empty.
void add_array_table(HtmlPage& page, const nlohmann::ordered_json& array, const std::string& pointer,
                     std::size_t max_rows = 500);

}  // namespace analysis
