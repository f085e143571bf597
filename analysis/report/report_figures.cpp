#include "analysis/report/report_figures.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace analysis {

namespace {

// Keys whose subtree is not a figure of the run: its inputs, identifiers, and chance event logs
// (report_figures.hpp says why).
constexpr std::array<std::string_view, 5> kSkippedRootKeys = {"schema", "run", "strategies", "elections", "leaderships"};
constexpr std::array<std::string_view, 13> kIdentifierKeys = {
    "id",         "server",        "app_server",   "node",             "leader",          "epoch",  "version",
    "request_id", "voters_before", "voters_after", "observers_before", "observers_after", "seed"};
// Chance event logs below the top level: by their pointer, and (refused reconfiguration requests,
// one list per membership change) by their key.
constexpr std::array<std::string_view, 2> kChanceLogs = {"/availability/write_unavailability", "/storage/events"};
constexpr std::string_view kChanceLogKey = "refusals";

bool contains(auto const& list, std::string_view key) { return std::find(list.begin(), list.end(), key) != list.end(); }

// A list entry's name for the label: what the report itself calls it, or else its index.
std::string entry_name(const nlohmann::ordered_json& entry, std::size_t index) {
  if (entry.is_object()) {
    const auto text = [&](const char* key) { return entry.contains(key) && entry[key].is_string() ? entry[key].get<std::string>() : ""; };
    if (!text("label").empty()) return text("label");
    if (!text("resource").empty()) return text("resource") + " " + text("kind");
    if (!text("target").empty()) return text("kind") + " " + text("target");
    if (entry.contains("id") && entry["id"].is_number()) return "id " + entry["id"].dump();
    if (entry.contains("app_server") && entry["app_server"].is_number()) return "app server " + entry["app_server"].dump();
  }
  return std::to_string(index);
}

void walk(const nlohmann::ordered_json& node, const std::string& pointer, const std::string& label,
          std::vector<ReportFigure>& out);

void walk_children(const nlohmann::ordered_json& node, const std::string& pointer, const std::string& label,
                   std::vector<ReportFigure>& out) {
  if (node.is_object()) {
    for (const auto& [key, child] : node.items()) {
      if (contains(kIdentifierKeys, key) || (pointer.empty() && contains(kSkippedRootKeys, key))) continue;
      if (key == kChanceLogKey) continue;
      walk(child, pointer + "/" + pointer_token(key), label + (label.empty() ? "" : "/") + key, out);
    }
    return;
  }
  if (contains(kChanceLogs, pointer)) return;
  for (std::size_t i = 0; i < node.size(); ++i)
    walk(node[i], pointer + "/" + std::to_string(i), label + "[" + entry_name(node[i], i) + "]", out);
}

void walk(const nlohmann::ordered_json& node, const std::string& pointer, const std::string& label,
          std::vector<ReportFigure>& out) {
  if (node.is_structured()) return walk_children(node, pointer, label, out);
  if (node.is_number()) out.push_back({pointer, label, node.get<double>()});
}

}  // namespace

std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

std::vector<ReportFigure> report_figures(const nlohmann::ordered_json& report) {
  std::vector<ReportFigure> out;
  walk(report, "", "", out);
  return out;
}

std::string figure_section(const std::string& pointer) {
  const std::size_t end = pointer.find('/', 1);
  return pointer.substr(1, end == std::string::npos ? std::string::npos : end - 1);
}

}  // namespace analysis
