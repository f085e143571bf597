#include "analysis/report/html_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/report/report_figures.hpp"

namespace analysis {

namespace {

using Json = nlohmann::ordered_json;

bool scalar(const Json& v) { return !v.is_object() && !v.is_array(); }

bool shown_in_cell(const Json& v) {
  if (scalar(v)) return true;
  if (!v.is_array()) return false;
  for (const Json& e : v)
    if (!scalar(e)) return false;
  return true;
}

std::string number_text(double x) {
  char text[64];
  std::snprintf(text, sizeof text, std::fabs(x) >= 1e6 ? "%.0f" : "%.6g", x);
  return text;
}

// The columns: every member shown in a cell, in first-seen order; and the names of the others.
std::vector<std::string> columns_of(const Json& array, std::string& nested) {
  std::vector<std::string> columns, left_out;
  const auto seen = [](const std::vector<std::string>& v, const std::string& k) {
    return std::find(v.begin(), v.end(), k) != v.end();
  };
  for (const Json& element : array) {
    if (!element.is_object()) continue;
    for (const auto& [key, value] : element.items()) {
      if (seen(columns, key) || seen(left_out, key)) continue;
      (shown_in_cell(value) ? columns : left_out).push_back(key);
    }
  }
  std::erase_if(columns, [&](const std::string& k) { return seen(left_out, k); });
  for (const std::string& k : left_out) nested += (nested.empty() ? "" : ", ") + k;
  return columns;
}

}  // namespace

const Json* member_at(const Json& report, const std::string& pointer) {
  const Json::json_pointer p(pointer);
  return report.contains(p) ? &report[p] : nullptr;
}

std::string figure_text(const Json& value) {
  if (value.is_null()) return "-";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) return number_text(value.get<double>());
  if (value.is_string()) return value.get<std::string>();
  if (!shown_in_cell(value)) return value.dump();
  std::string joined;
  for (const Json& e : value) joined += (joined.empty() ? "" : ", ") + figure_text(e);
  return joined;
}

HtmlTable object_table(const Json& object, const std::string& pointer) {
  HtmlTable table{{"name", "value"}, {}};
  for (const auto& [key, value] : object.items())
    if (shown_in_cell(value)) table.rows.push_back({{key, ""}, {figure_text(value), pointer + "/" + pointer_token(key)}});
  return table;
}

ArrayTable array_table(const Json& array, const std::string& pointer, std::size_t max_rows) {
  ArrayTable out;
  const std::vector<std::string> columns = columns_of(array, out.nested_left_out);
  out.table.header = columns;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (i == max_rows) {
      out.rows_left_out = array.size() - max_rows;
      break;
    }
    std::vector<HtmlCell> row;
    for (const std::string& key : columns) {
      const bool has = array[i].is_object() && array[i].contains(key);
      row.push_back({has ? figure_text(array[i][key]) : "",
                     has ? pointer + "/" + std::to_string(i) + "/" + pointer_token(key) : ""});
    }
    out.table.rows.push_back(std::move(row));
  }
  return out;
}

HtmlTable keyed_table(const Json& object, const std::string& pointer, const std::string& first_column) {
  HtmlTable table{{first_column}, {}};
  for (const auto& [name, inner] : object.items())
    for (const auto& [key, value] : inner.items())
      if (shown_in_cell(value) && std::find(table.header.begin() + 1, table.header.end(), key) == table.header.end())
        table.header.push_back(key);
  for (const auto& [name, inner] : object.items()) {
    std::vector<HtmlCell> row{{name, ""}};
    for (std::size_t c = 1; c < table.header.size(); ++c) {
      const std::string& key = table.header[c];
      const bool has = inner.is_object() && inner.contains(key);
      row.push_back({has ? figure_text(inner[key]) : "", has ? pointer + "/" + pointer_token(name) + "/" + pointer_token(key) : ""});
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

void add_array_table(HtmlPage& page, const Json& array, const std::string& pointer, std::size_t max_rows) {
  if (!array.is_array() || array.empty()) {
    page.paragraph("None.");
    return;
  }
  const ArrayTable t = array_table(array, pointer, max_rows);
  page.table(t.table);
  if (t.rows_left_out > 0)
    page.paragraph("The first " + std::to_string(max_rows) + " rows; " + std::to_string(t.rows_left_out) +
                   " more are in the JSON file beside this page (" + pointer + ").");
  if (!t.nested_left_out.empty()) page.paragraph("Nested fields, in the JSON file beside this page: " + t.nested_left_out + ".");
}

}  // namespace analysis
