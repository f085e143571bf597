#include "analysis/report/report_diff.hpp"

#include "analysis/report/headline_figures.hpp"
#include "analysis/report/padded.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>

#include "analysis/report/report.hpp"
#include "analysis/report/report_figures.hpp"

namespace analysis {

namespace {

using Json = nlohmann::ordered_json;

constexpr double kUnbounded = std::numeric_limits<double>::infinity();
constexpr const char* kReplicationsSchema = "zksim.replications/2";
// Far more than any study runs; a larger count is a damaged document (and would not fit an int).
constexpr std::uint64_t kReplicationsMax = 1'000'000;
constexpr const char* kVerdictRule =
    "changed when each side's mean lies outside the other side's 95% interval, otherwise within noise";


// ---- reading the two documents ----

const Json& member(const Json& object, const std::string& path, const std::string& key) {
  if (!object.is_object() || !object.contains(key)) throw DiffInputError(path + "." + key + ": missing");
  return object[key];
}

std::string text_at(const Json& object, const std::string& path, const std::string& key) {
  const Json& v = member(object, path, key);
  if (!v.is_string()) throw DiffInputError(path + "." + key + ": not a string");
  return v.get<std::string>();
}

double number_at(const Json& object, const std::string& path, const std::string& key) {
  const Json& v = member(object, path, key);
  if (!v.is_number()) throw DiffInputError(path + "." + key + ": not a number");
  return v.get<double>();
}

std::uint64_t count_at(const Json& object, const std::string& path, const std::string& key) {
  const Json& v = member(object, path, key);
  const bool counted = v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
  if (!counted)
    throw DiffInputError(path + "." + key + ": not a non-negative integer");
  return v.get<std::uint64_t>();
}

// An interval end: null in the document when it is unbounded (one replication: JSON has no infinity).
double end_at(const Json& object, const std::string& path, const std::string& key, double unbounded) {
  const Json& v = member(object, path, key);
  if (v.is_null()) return unbounded;
  if (!v.is_number()) throw DiffInputError(path + "." + key + ": neither a number nor null");
  return v.get<double>();
}

void require_schema(const Json& doc, const std::string& expected) {
  if (!doc.is_object()) throw DiffInputError("$: not a JSON object");
  if (const std::string schema = text_at(doc, "$", "schema"); schema != expected)
    throw DiffInputError("$.schema: \"" + schema + "\", expected \"" + expected + "\"");
}

DiffValue interval_figure(const std::string& pointer, const Json& f) {
  const std::string path = "$.figures." + pointer;
  DiffValue v{pointer, text_at(f, path, "label"), number_at(f, path, "mean"), DiffInterval{}};
  v.interval->low = end_at(f, path, "low", -kUnbounded);
  v.interval->high = end_at(f, path, "high", kUnbounded);
  return v;
}

// figures_in_some_runs.pointers, when the document has it.
std::vector<std::string> partial_pointers(const Json& replications) {
  if (!replications.contains("figures_in_some_runs")) return {};
  const Json& pointers = member(replications["figures_in_some_runs"], "$.figures_in_some_runs", "pointers");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    if (!pointers[i].is_string()) throw DiffInputError("$.figures_in_some_runs.pointers[" + std::to_string(i) + "]: not a string");
    out.push_back(pointers[i].get<std::string>());
  }
  return out;
}

}  // namespace

DiffSide side_from_report(const Json& report) {
  require_schema(report, kReportSchema);
  const Json& run = member(report, "$", "run");
  DiffSide side;
  side.scenario = text_at(run, "$.run", "scenario");
  side.seeds = std::to_string(count_at(run, "$.run", "seed"));
  side.duration_s = number_at(run, "$.run", "duration_s");
  for (const ReportFigure& f : report_figures(report)) side.figures.push_back({f.pointer, f.label, f.value, std::nullopt});
  return side;
}

DiffSide side_from_replications(const Json& replications, const Json* first_report) {
  require_schema(replications, kReplicationsSchema);
  DiffSide side;
  side.scenario = text_at(replications, "$", "scenario");
  const std::uint64_t first = count_at(replications, "$", "first_seed");
  const std::uint64_t count = count_at(replications, "$", "replications");
  if (count == 0 || count > kReplicationsMax)
    throw DiffInputError("$.replications: " + std::to_string(count) + ", expected 1 to " + std::to_string(kReplicationsMax));
  side.replications = static_cast<int>(count);
  side.seeds = std::to_string(first) + ".." + std::to_string(first + count - 1);
  if (first_report && first_report->is_object() && first_report->contains("run"))
    if (const Json& run = (*first_report)["run"]; run.is_object() && run.contains("duration_s") && run["duration_s"].is_number())
      side.duration_s = run["duration_s"].get<double>();
  if (replications.contains("failed_runs")) side.failed_runs = static_cast<int>(count_at(replications, "$", "failed_runs"));
  side.in_some_runs = partial_pointers(replications);
  const Json& figures = member(replications, "$", "figures");
  if (!figures.is_object()) throw DiffInputError("$.figures: not an object");
  for (const auto& [pointer, f] : figures.items()) side.figures.push_back(interval_figure(pointer, f));
  return side;
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::none: return "";
    case Verdict::changed: return "changed";
    case Verdict::within_noise: return "within noise";
  }
  return "";
}

Verdict verdict_of(const DiffValue& a, const DiffValue& b) {
  if (!a.interval || !b.interval) return Verdict::none;
  const auto outside = [](double mean, const DiffInterval& i) { return mean < i.low || mean > i.high; };
  return outside(b.value, *a.interval) && outside(a.value, *b.interval) ? Verdict::changed : Verdict::within_noise;
}

namespace {

FigureChange change_of(std::string name, const DiffValue& a, const DiffValue& b) {
  FigureChange c{std::move(name), a, b, b.value - a.value, std::nullopt, verdict_of(a, b)};
  if (a.value != 0) c.relative_percent = 100.0 * c.change / std::fabs(a.value);
  else if (b.value == 0) c.relative_percent = 0.0;
  return c;
}

// Within its section's heading a figure drops the section's name: "latency/read/p99_ms" ->
// "read/p99_ms" (a list entry such as "servers[id 2]/requests" keeps its whole label).
std::string within_section(const std::string& label, const std::string& section) {
  return label.rfind(section + "/", 0) == 0 ? label.substr(section.size() + 1) : label;
}

void add_to_section(ReportDiff& diff, FigureChange change) {
  const std::string section = figure_section(change.a.pointer);
  auto it = std::find_if(diff.sections.begin(), diff.sections.end(), [&](const auto& s) { return s.first == section; });
  if (it == diff.sections.end()) it = diff.sections.insert(diff.sections.end(), {section, {}});
  change.name = within_section(change.a.label, section);
  it->second.push_back(std::move(change));
}

std::map<std::string, const DiffValue*> by_pointer(const DiffSide& side) {
  std::map<std::string, const DiffValue*> out;
  for (const DiffValue& v : side.figures) out.emplace(v.pointer, &v);
  return out;
}

}  // namespace

ReportDiff diff_reports(DiffSide a, DiffSide b) {
  ReportDiff diff;
  const auto in_a = by_pointer(a), in_b = by_pointer(b);
  for (const auto& [name, pointer] : headline_figures())
    if (in_a.count(pointer) && in_b.count(pointer)) diff.headline.push_back(change_of(name, *in_a.at(pointer), *in_b.at(pointer)));
  for (const DiffValue& v : a.figures) {
    const auto other = in_b.find(v.pointer);
    if (other == in_b.end()) diff.only_a.push_back(v);
    else if (!is_headline(v.pointer)) add_to_section(diff, change_of("", v, *other->second));
  }
  for (const DiffValue& v : b.figures)
    if (!in_a.count(v.pointer)) diff.only_b.push_back(v);
  a.figures.clear();
  b.figures.clear();
  diff.a = std::move(a);
  diff.b = std::move(b);
  return diff;
}

// ---- outputs ----

namespace {

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char text[64];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

std::string signed_number(double v) { return (v > 0 ? "+" : "") + number(v); }

std::string relative(const std::optional<double>& percent) {
  if (!percent) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%+.2f%%", *percent);
  return text;
}

// A single run's side has no interval: a dash holds its column.
std::string interval_text(const std::optional<DiffInterval>& i) {
  return i ? "[" + number(i->low) + ", " + number(i->high) + "]" : "-";
}

std::string side_line(const char* name, const DiffSide& side) {
  std::string line = std::string("  ") + name + "  " + side.folder + ": scenario " + side.scenario;
  const std::string failed = side.failed_runs ? ", " + std::to_string(side.failed_runs) + " did not complete" : "";
  line += side.replications ? ", seeds " + side.seeds + " (" + std::to_string(side.replications) + " replications" + failed + ")"
                            : ", seed " + side.seeds + " (single run)";
  line += side.duration_s ? ", " + number(*side.duration_s) + " s" : ", duration unknown";
  return line + "\n";
}

// What the verdict column holds, and why it may be empty.
std::string verdict_line(const ReportDiff& d) {
  if (d.a.replications && d.b.replications) return std::string("  verdict: ") + kVerdictRule + "\n";
  if (!d.a.replications && !d.b.replications) return "  single runs: no intervals; use --replications for a verdict\n";
  return std::string("  only ") + (d.a.replications ? "A" : "B") +
         " has replications: its intervals are shown, no verdict (use --replications on both sides for one)\n";
}

constexpr std::size_t kIntervalWidth = 26;

struct Widths {
  std::size_t name = 24;
};

std::string change_row(const FigureChange& c, const Widths& w, const std::string& indent) {
  std::string row = "  " + padded(indent + c.name, w.name) + " " + padded(number(c.a.value), 12) + " " + padded(number(c.b.value), 12) +
                    " " + padded(signed_number(c.change), 12) + " " + padded(relative(c.relative_percent), 10);
  if (c.a.interval || c.b.interval)
    row += "  " + padded(interval_text(c.a.interval), kIntervalWidth) + "  " + padded(interval_text(c.b.interval), kIntervalWidth);
  if (c.verdict != Verdict::none) row += "  " + std::string(verdict_name(c.verdict));
  while (!row.empty() && row.back() == ' ') row.pop_back();
  return row + "\n";
}

Widths widths_of(const ReportDiff& d) {
  Widths w;
  for (const FigureChange& c : d.headline) w.name = std::max(w.name, c.name.size());
  for (const auto& [section, changes] : d.sections)
    for (const FigureChange& c : changes) w.name = std::max(w.name, 2 + c.name.size());
  return w;
}

bool in_some_runs(const DiffSide& side, const std::string& pointer) {
  return std::find(side.in_some_runs.begin(), side.in_some_runs.end(), pointer) != side.in_some_runs.end();
}

// other: the side that lacks these figures; one it has in some of its runs only is marked so.
void one_sided_table(std::ostringstream& out, const char* which, const std::vector<DiffValue>& values,
                     const char* other_name, const DiffSide& other) {
  if (values.empty()) return;
  std::size_t width = 0;
  for (const DiffValue& v : values) width = std::max(width, v.label.size());
  out << "\n  only in " << which << " (" << values.size() << " figures)\n";
  for (const DiffValue& v : values) {
    std::string line = "    " + padded(v.label, width) + "  " + padded(number(v.value), 12);
    if (in_some_runs(other, v.pointer)) line += "  (in some of " + std::string(other_name) + "'s runs only: no interval)";
    while (line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

// The columns' names; the intervals' and the verdict's only when some row has them.
std::string column_names(const ReportDiff& d, const Widths& w) {
  std::string names = "  " + padded("figure", w.name) + " " + padded("A", 12) + " " + padded("B", 12) + " " + padded("change", 12) + " change %";
  if (d.a.replications || d.b.replications)
    names += std::string(4, ' ') + padded("A 95% interval", kIntervalWidth) + "  " + padded("B 95% interval", kIntervalWidth);
  if (d.a.replications && d.b.replications) names += "  verdict";
  while (names.back() == ' ') names.pop_back();
  return names + "\n";
}

}  // namespace

std::string diff_table(const ReportDiff& d) {
  std::ostringstream out;
  out << "zksim diff-reports  (change = B - A; % of |A|)\n" << side_line("A", d.a) << side_line("B", d.b) << verdict_line(d);
  const Widths w = widths_of(d);
  out << "\n" << column_names(d, w);
  for (const FigureChange& c : d.headline) out << change_row(c, w, "");
  for (const auto& [section, changes] : d.sections) {
    out << "\n  " << section << "\n";
    for (const FigureChange& c : changes) out << change_row(c, w, "  ");
  }
  one_sided_table(out, "A", d.only_a, "B", d.b);
  one_sided_table(out, "B", d.only_b, "A", d.a);
  return out.str();
}

namespace {

// A number, or null where JSON has none (an unbounded interval end).
Json json_number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json side_json(const DiffSide& side) {
  return {{"folder", side.folder},
          {"scenario", side.scenario},
          {"seeds", side.seeds},
          {"duration_s", side.duration_s ? Json(*side.duration_s) : Json(nullptr)},
          {"replications", side.replications},
          {"failed_runs", side.failed_runs}};
}

Json interval_json(const std::optional<DiffInterval>& i) {
  return i ? Json{{"low", json_number(i->low)}, {"high", json_number(i->high)}} : Json(nullptr);
}

Json change_json(const FigureChange& c) {
  Json out = {{"name", c.name},         {"pointer", c.a.pointer},
              {"label", c.a.label},     {"a", c.a.value},
              {"b", c.b.value},         {"change", c.change},
              {"relative_percent", c.relative_percent ? Json(*c.relative_percent) : Json(nullptr)},
              {"a_interval", interval_json(c.a.interval)},
              {"b_interval", interval_json(c.b.interval)},
              {"verdict", c.verdict == Verdict::none ? Json(nullptr) : Json(verdict_name(c.verdict))}};
  return out;
}

Json one_sided_json(const std::vector<DiffValue>& values, const DiffSide& other) {
  Json out = Json::array();
  for (const DiffValue& v : values)
    out.push_back({{"pointer", v.pointer}, {"label", v.label}, {"value", v.value},
                   {"other_side_in_some_runs", in_some_runs(other, v.pointer)}});
  return out;
}

}  // namespace

Json diff_json(const ReportDiff& d) {
  Json headline = Json::array(), sections = Json::object();
  for (const FigureChange& c : d.headline) headline.push_back(change_json(c));
  for (const auto& [section, changes] : d.sections) {
    sections[section] = Json::array();
    for (const FigureChange& c : changes) sections[section].push_back(change_json(c));
  }
  const bool verdicts = d.a.replications && d.b.replications;
  return {{"schema", kDiffSchema},
          {"a", side_json(d.a)},
          {"b", side_json(d.b)},
          {"verdict_rule", verdicts ? Json(kVerdictRule) : Json(nullptr)},
          {"headline", headline},
          {"sections", sections},
          {"only_a", one_sided_json(d.only_a, d.b)},
          {"only_b", one_sided_json(d.only_b, d.a)}};
}

namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The shortest text that reads back as the same double (nlohmann's), empty for none.
std::string csv_number(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? Json(*v).dump() : "";
}

std::string csv_row(const std::string& group, const FigureChange& c) {
  const auto end = [](const std::optional<DiffInterval>& i, bool high) {
    return i ? csv_number(high ? i->high : i->low) : std::string();
  };
  return csv_field(group) + "," + csv_field(c.name) + "," + csv_field(c.a.pointer) + "," + csv_number(c.a.value) + "," +
         csv_number(c.b.value) + "," + csv_number(c.change) + "," + csv_number(c.relative_percent) + "," +
         end(c.a.interval, false) + "," + end(c.a.interval, true) + "," + end(c.b.interval, false) + "," +
         end(c.b.interval, true) + "," + verdict_name(c.verdict) + "\n";
}

std::string csv_one_sided(const char* group, const DiffValue& v, bool in_a) {
  const std::string value = csv_number(v.value);
  return std::string(group) + "," + csv_field(v.label) + "," + csv_field(v.pointer) + "," + (in_a ? value : "") + "," +
         (in_a ? "" : value) + ",,,,,,,\n";
}

}  // namespace

std::string diff_csv(const ReportDiff& d) {
  std::string out = "group,name,pointer,a,b,change,relative_percent,a_low,a_high,b_low,b_high,verdict\n";
  for (const FigureChange& c : d.headline) out += csv_row("headline", c);
  for (const auto& [section, changes] : d.sections)
    for (const FigureChange& c : changes) out += csv_row(section, c);
  for (const DiffValue& v : d.only_a) out += csv_one_sided("only A", v, true);
  for (const DiffValue& v : d.only_b) out += csv_one_sided("only B", v, false);
  return out;
}

}  // namespace analysis
