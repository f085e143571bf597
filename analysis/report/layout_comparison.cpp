#include "analysis/report/layout_comparison.hpp"

#include <algorithm>
#include <sstream>

#include "analysis/plot/number_format.hpp"

namespace analysis {

namespace {

// A window still open at the end of the run ends there.
void fill_outages(LayoutRow& row, const nlohmann::json& report) {
  const double end_s = report.at("run").at("duration_s").get<double>();
  for (const auto& w : report.at("availability").at("write_unavailability")) {
    const double to_s = w.at("end_s").is_null() ? end_s : w.at("end_s").get<double>();
    row.write_unavailable_s += to_s - w.at("start_s").get<double>();
    ++row.write_outages;
  }
}

using Cell = std::string (*)(const LayoutRow&);
struct Metric {
  const char* label;
  const char* csv;
  Cell cell;
};

const Metric kMetrics[] = {
    {"throughput req/s", "throughput_per_s", [](const LayoutRow& r) { return fixed_number(r.throughput_per_s, 1); }},
    {"write p50 ms", "write_p50_ms", [](const LayoutRow& r) { return fixed_number(r.write_p50_ms, 3); }},
    {"write p99 ms", "write_p99_ms", [](const LayoutRow& r) { return fixed_number(r.write_p99_ms, 3); }},
    {"write p99.9 ms", "write_p999_ms", [](const LayoutRow& r) { return fixed_number(r.write_p999_ms, 3); }},
    {"read p99 ms", "read_p99_ms", [](const LayoutRow& r) { return fixed_number(r.read_p99_ms, 3); }},
    {"service availability %", "service_percent", [](const LayoutRow& r) { return fixed_number(r.service_percent, 4); }},
    {"client availability %", "client_percent", [](const LayoutRow& r) { return fixed_number(r.client_percent, 4); }},
    {"writes unavailable s", "write_unavailable_s", [](const LayoutRow& r) { return fixed_number(r.write_unavailable_s, 3); }},
    {"windows without a quorum", "write_outages", [](const LayoutRow& r) { return std::to_string(r.write_outages); }},
};

}  // namespace

LayoutRow layout_row_from_report(const std::string& layout, const nlohmann::json& report) {
  LayoutRow row;
  row.layout = layout;
  if (report.is_null()) {
    row.completed = false;
    return row;
  }
  row.completed = report.at("run").value("status", "completed") == "completed";
  row.quorums = report.at("run").value("quorums", "majority");
  row.throughput_per_s = report.at("summary").at("throughput_per_s").get<double>();
  const nlohmann::json& write = report.at("latency").at("write");
  row.write_p50_ms = write.at("p50_ms").get<double>();
  row.write_p99_ms = write.at("p99_ms").get<double>();
  row.write_p999_ms = write.at("p999_ms").get<double>();
  row.read_p99_ms = report.at("latency").at("read").at("p99_ms").get<double>();
  row.service_percent = report.at("availability").at("service_percent").get<double>();
  row.client_percent = report.at("availability").at("client_percent").get<double>();
  fill_outages(row, report);
  return row;
}

std::string layout_comparison_table(const LayoutComparison& c) {
  std::size_t label_width = 6, cell_width = 8;
  for (const Metric& m : kMetrics) label_width = std::max(label_width, std::string(m.label).size());
  for (const LayoutRow& r : c.rows) {
    cell_width = std::max(cell_width, r.layout.size());
    for (const Metric& m : kMetrics) cell_width = std::max(cell_width, m.cell(r).size());
  }
  std::ostringstream out;
  out << "zksim compare  scenario " << c.scenario << "  seed " << c.seed << "  quorum layouts (ensemble.groups)\n\n";
  const auto line = [&](const std::string& label, const std::vector<std::string>& cells) {
    out << "  " << label << std::string(label_width - label.size(), ' ');
    for (const auto& cell : cells) out << "  " << std::string(cell_width - std::min(cell_width, cell.size()), ' ') << cell;
    out << "\n";
  };
  std::vector<std::string> names;
  for (const LayoutRow& r : c.rows) names.push_back(r.layout);
  line("metric", names);
  for (const Metric& m : kMetrics) {
    std::vector<std::string> cells;
    for (const LayoutRow& r : c.rows) cells.push_back(r.completed ? m.cell(r) : "failed");
    line(m.label, cells);
  }
  out << "\n";
  for (const LayoutRow& r : c.rows) out << "  " << r.layout << ": " << (r.quorums.empty() ? "no report" : r.quorums) << "\n";
  return out.str();
}

// Layouts given as groups ("1:2:3/4:5:6") hold no comma; the report's description may: quoted.
std::string layout_comparison_csv(const LayoutComparison& c) {
  std::string out = "layout,quorums,completed";
  for (const Metric& m : kMetrics) out += std::string(",") + m.csv;
  out += "\n";
  for (const LayoutRow& r : c.rows) {
    out += r.layout + ",\"" + r.quorums + "\"," + (r.completed ? "1" : "0");
    for (const Metric& m : kMetrics) out += "," + (r.completed ? m.cell(r) : std::string());
    out += "\n";
  }
  return out;
}

nlohmann::ordered_json layout_comparison_json(const LayoutComparison& c) {
  nlohmann::ordered_json layouts = nlohmann::ordered_json::array();
  for (const LayoutRow& r : c.rows)
    layouts.push_back({{"layout", r.layout},
                       {"quorums", r.quorums},
                       {"completed", r.completed},
                       {"throughput_per_s", r.throughput_per_s},
                       {"write_latency_ms", {{"p50", r.write_p50_ms}, {"p99", r.write_p99_ms}, {"p999", r.write_p999_ms}}},
                       {"read_p99_ms", r.read_p99_ms},
                       {"service_percent", r.service_percent},
                       {"client_percent", r.client_percent},
                       {"write_unavailable_s", r.write_unavailable_s},
                       {"write_outages", r.write_outages}});
  return {{"schema", "zksim.compare_quorums/1"}, {"scenario", c.scenario}, {"seed", c.seed}, {"layouts", layouts}};
}

}  // namespace analysis
