#pragma once
// Two runs' figures side by side, each with its change: what `zksim diff-reports A B` answers,
// "what did my configuration change do?". A side is one run (its report.json) or replications of
// one (replications.json, whose figures carry 95% confidence intervals). The figures are
// report.json's numeric leaves (report_figures.hpp), matched by JSON pointer; the two runs may be
// of different scenarios, which is the point of the comparison.
//
// The verdict, only when both sides are replications: a figure "changed" when each side's mean
// lies outside the other side's 95% interval (B's mean outside [A low, A high] and A's mean
// outside [B low, B high]); otherwise it is "within noise". Requiring both keeps a wide interval
// on one side (few replications, a noisy figure) from calling a change on the other's strength.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace analysis {

constexpr const char* kDiffSchema = "zksim.diff/1";

// A document that is not what its schema says (a missing or mistyped field): the message names
// the JSON path ("$.figures./summary/throughput_per_s.mean: not a number").
struct DiffInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct DiffInterval {
  double low = 0;   // -infinity / +infinity when the side had one replication (no spread known)
  double high = 0;
};

struct DiffValue {
  std::string pointer;
  std::string label;
  double value = 0;                      // the run's value, or the replications' mean
  std::optional<DiffInterval> interval;  // replications only
};

// One folder's run(s): what the header says of it, and its figures in document order.
struct DiffSide {
  std::string folder;  // as the user named it (the command sets it)
  std::string scenario;
  std::string seeds;  // "7", or "7..11" for replications
  std::optional<double> duration_s;  // null when the folder does not say
  int replications = 0;              // 0: a single run
  int failed_runs = 0;               // replications that did not complete (their figures are not in)
  // Figures missing from some of the replications, which therefore have no interval: the other
  // side's figure at such a pointer is listed as one-sided, and marked.
  std::vector<std::string> in_some_runs;
  std::vector<DiffValue> figures;
};

// A single run's side, from its report.json. Throws DiffInputError.
DiffSide side_from_report(const nlohmann::ordered_json& report);
// A replicated side, from replications.json and (for the duration, which replications.json does
// not hold) the first seed's report.json, null when absent. Throws DiffInputError.
DiffSide side_from_replications(const nlohmann::ordered_json& replications, const nlohmann::ordered_json* first_report);

enum class Verdict { none, changed, within_noise };
const char* verdict_name(Verdict verdict);  // "", "changed", "within noise"

// The rule above; none when either side has no interval.
Verdict verdict_of(const DiffValue& a, const DiffValue& b);

struct FigureChange {
  std::string name;  // a headline's name ("throughput_per_s"), or the figure's label
  DiffValue a, b;
  double change = 0;                        // b - a
  std::optional<double> relative_percent;   // 100 (b - a) / |a|; none when a is 0 and b is not
  Verdict verdict = Verdict::none;
};

struct ReportDiff {
  DiffSide a, b;  // their figures are not repeated below
  std::vector<FigureChange> headline;  // the headline figures both sides have, in a fixed order
  // Every other figure both sides have, by report section (in A's document order).
  std::vector<std::pair<std::string, std::vector<FigureChange>>> sections;
  std::vector<DiffValue> only_a, only_b;  // figures one side has and the other lacks
};

ReportDiff diff_reports(DiffSide a, DiffSide b);

// The terminal's table; diff.json (schema zksim.diff/1); diff.csv, one line per figure.
std::string diff_table(const ReportDiff& diff);
nlohmann::ordered_json diff_json(const ReportDiff& diff);
std::string diff_csv(const ReportDiff& diff);

}  // namespace analysis
