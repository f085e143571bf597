#include "analysis/report/comparison.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace analysis {

namespace {

std::string fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

void fill_latency(StrategyRow& row, const nlohmann::json& latency, const char* suffix) {
  row.p50_ms = latency.at(std::string("p50") + suffix).get<double>();
  row.p99_ms = latency.at(std::string("p99") + suffix).get<double>();
  row.p999_ms = latency.at(std::string("p999") + suffix).get<double>();
}

void fill_discovery(StrategyRow& row, const nlohmann::json& d) {
  for (const auto& [backend, count] : d.at("requests_by_app_server").items()) row.loads.push_back(count.get<double>());
  fill_latency(row, d.at("latency_ms"), "");
  row.availability_percent = 100.0 * d.at("availability").get<double>();
  row.dead_requests = d.at("dead_backend_requests").get<std::uint64_t>();
  double continued = 0;
  for (const auto& o : d.at("dead_backends")) continued = std::max(continued, o.at("continued_s").get<double>());
  row.dead_continued_s = continued;
}

}  // namespace

StrategyRow row_from_report(const std::string& strategy, const nlohmann::json& report, const std::string& level) {
  StrategyRow row;
  row.strategy = strategy;
  row.completed = report.at("run").value("status", "completed") == "completed";
  if (level == "app_clients") {
    fill_discovery(row, report.at("service_discovery"));
  } else {
    for (const auto& server : report.at("servers")) row.loads.push_back(server.at("requests").get<double>());
    fill_latency(row, report.at("latency").at("all"), "_ms");
    row.availability_percent = report.at("availability").at("client_percent").get<double>();
  }
  row.spread = load_spread(row.loads);
  return row;
}

std::vector<std::string> load_labels_from_report(const nlohmann::json& report, const std::string& level) {
  std::vector<std::string> labels;
  if (level == "app_clients") {
    for (const auto& [backend, count] : report.at("service_discovery").at("requests_by_app_server").items())
      labels.push_back("R app " + backend);
  } else {
    for (const auto& server : report.at("servers")) labels.push_back("R server " + std::to_string(server.at("id").get<int>()));
  }
  return labels;
}

namespace {

// The table's rows: a label and each strategy's cell.
std::vector<std::pair<std::string, std::vector<std::string>>> table_rows(const Comparison& c) {
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  const auto add = [&](std::string label, auto cell) {
    std::vector<std::string> cells;
    for (const StrategyRow& r : c.rows) cells.push_back(r.completed ? cell(r) : std::string("failed"));
    rows.emplace_back(std::move(label), std::move(cells));
  };
  for (std::size_t i = 0; i < c.load_labels.size(); ++i)
    add(c.load_labels[i], [i](const StrategyRow& r) { return i < r.loads.size() ? fixed(r.loads[i], 0) : "-"; });
  add("L = R / S", [](const StrategyRow& r) { return fixed(r.spread.mean, 1); });
  add("peak-to-average", [](const StrategyRow& r) { return fixed(r.spread.peak_to_average, 3); });
  add("CV", [](const StrategyRow& r) { return fixed(r.spread.cv, 3); });
  add("Jain's index", [](const StrategyRow& r) { return fixed(r.spread.jain, 4); });
  if (c.change_labels.empty()) add("moved at membership change", [](const StrategyRow&) { return std::string("n/a"); });
  for (std::size_t i = 0; i < c.change_labels.size(); ++i)
    add("moved: " + c.change_labels[i], [i](const StrategyRow& r) {
      return i < r.moved_fraction.size() ? fixed(100 * r.moved_fraction[i], 1) + "%" : std::string("-");
    });
  add("p50 ms", [](const StrategyRow& r) { return fixed(r.p50_ms, 3); });
  add("p99 ms", [](const StrategyRow& r) { return fixed(r.p99_ms, 3); });
  add("p99.9 ms", [](const StrategyRow& r) { return fixed(r.p999_ms, 3); });
  add("availability %", [](const StrategyRow& r) { return fixed(r.availability_percent, 3); });
  if (c.level == "app_clients") {
    add("requests to dead backends", [](const StrategyRow& r) { return std::to_string(r.dead_requests.value_or(0)); });
    add("dead backend used for s", [](const StrategyRow& r) { return fixed(r.dead_continued_s.value_or(0), 2); });
  }
  return rows;
}

}  // namespace

std::string comparison_table(const Comparison& c) {
  const auto rows = table_rows(c);
  std::size_t label_width = 6, cell_width = 8;
  for (const auto& [label, cells] : rows) {
    label_width = std::max(label_width, label.size());
    for (const auto& cell : cells) cell_width = std::max(cell_width, cell.size());
  }
  for (const StrategyRow& r : c.rows) cell_width = std::max(cell_width, r.strategy.size());
  std::ostringstream out;
  out << "zksim compare  scenario " << c.scenario << "  seed " << c.seed << "  balancing "
      << (c.level == "app_clients" ? "app requests over backends (services.clients.strategy)"
                                   : "ZooKeeper sessions over servers (clients.strategy)")
      << "\n\n";
  const auto line = [&](const std::string& label, const std::vector<std::string>& cells) {
    out << "  " << label << std::string(label_width - label.size(), ' ');
    for (const auto& cell : cells) out << "  " << std::string(cell_width - cell.size(), ' ') << cell;
    out << "\n";
  };
  std::vector<std::string> names;
  for (const StrategyRow& r : c.rows) names.push_back(r.strategy);
  line("metric", names);
  for (const auto& [label, cells] : rows) line(label, cells);
  return out.str();
}

std::string comparison_csv(const Comparison& c) {
  std::string out = "strategy,completed";
  for (std::string label : c.load_labels) {  // "R app 1" -> r_app_1
    std::replace(label.begin(), label.end(), ' ', '_');
    label[0] = 'r';
    out += "," + label;
  }
  out += ",load_factor,peak_to_average,cv,jain";
  for (std::size_t i = 0; i < c.change_labels.size(); ++i) out += ",moved_fraction_change_" + std::to_string(i + 1);
  out += ",p50_ms,p99_ms,p999_ms,availability_percent,dead_backend_requests,dead_backend_used_s\n";
  for (const StrategyRow& r : c.rows) {
    out += r.strategy + "," + (r.completed ? "1" : "0");
    for (std::size_t i = 0; i < c.load_labels.size(); ++i) out += "," + (i < r.loads.size() ? fixed(r.loads[i], 0) : "");
    out += "," + fixed(r.spread.mean, 3) + "," + fixed(r.spread.peak_to_average, 6) + "," + fixed(r.spread.cv, 6) + "," +
           fixed(r.spread.jain, 6);
    for (std::size_t i = 0; i < c.change_labels.size(); ++i)
      out += "," + (i < r.moved_fraction.size() ? fixed(r.moved_fraction[i], 6) : std::string());
    out += "," + fixed(r.p50_ms, 6) + "," + fixed(r.p99_ms, 6) + "," + fixed(r.p999_ms, 6) + "," +
           fixed(r.availability_percent, 6) + "," + (r.dead_requests ? std::to_string(*r.dead_requests) : "") + "," +
           (r.dead_continued_s ? fixed(*r.dead_continued_s, 6) : "") + "\n";
  }
  return out;
}

nlohmann::ordered_json comparison_json(const Comparison& c) {
  nlohmann::ordered_json strategies = nlohmann::ordered_json::array();
  for (const StrategyRow& r : c.rows) {
    nlohmann::ordered_json moved = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < r.moved_fraction.size(); ++i)
      moved.push_back({{"change", i < c.change_labels.size() ? c.change_labels[i] : ""}, {"fraction", r.moved_fraction[i]}});
    strategies.push_back({{"strategy", r.strategy},
                          {"completed", r.completed},
                          {"requests_per_server", r.loads},
                          {"load_factor", r.spread.mean},
                          {"peak_to_average", r.spread.peak_to_average},
                          {"cv", r.spread.cv},
                          {"jain", r.spread.jain},
                          {"moved_fraction", c.change_labels.empty() ? nlohmann::ordered_json("n/a") : moved},
                          {"latency_ms", {{"p50", r.p50_ms}, {"p99", r.p99_ms}, {"p999", r.p999_ms}}},
                          {"availability_percent", r.availability_percent},
                          {"dead_backend_requests", r.dead_requests ? nlohmann::ordered_json(*r.dead_requests) : nullptr},
                          {"dead_backend_used_s", r.dead_continued_s ? nlohmann::ordered_json(*r.dead_continued_s) : nullptr}});
  }
  return {{"schema", "zksim.compare/1"}, {"scenario", c.scenario}, {"seed", c.seed},
          {"level", c.level},            {"load_labels", c.load_labels},       {"strategies", strategies}};
}

}  // namespace analysis
