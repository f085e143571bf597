// Reading shard files back (`zksim merge`, and the unsharded sweep, which goes through the same
// form) and checking that their results are the ones the plan's grid and search can produce: a
// shard file is input like any other, and an edited one must not print a wrong capacity table.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "sim/sweep/adaptive_step.hpp"
#include "sim/sweep/sweep_results.hpp"

namespace sim::sweep {

namespace {

using json = nlohmann::json;

// Collects problems with their JSON paths; reads typed values without throwing.
class Reader {
 public:
  Reader(std::vector<InputError>& errors) : errors_(errors) {}

  void error(const std::string& path, std::string message) { errors_.push_back({path, std::move(message), ""}); }
  bool ok() const { return errors_.empty(); }

  template <typename T>
  bool get(const json& object, const char* key, const std::string& path, T& out) {
    if (!object.is_object() || !object.contains(key)) {
      error(path + "." + key, "missing");
      return false;
    }
    const json& value = object.at(key);
    try {
      if (!fits<T>(value)) throw json::type_error::create(302, "out of range", &value);
      out = value.get<T>();
      return true;
    } catch (const json::exception&) {
      error(path + "." + key, "expected " + expected<T>() + ", got " + json_type_name(value));
      return false;
    }
  }

 private:
  // nlohmann reads an integer from a floating-point number with a plain cast (undefined behaviour
  // out of range) and from a negative one into an unsigned type by wrapping: both refused here.
  template <typename T>
  static bool fits(const json& value) {
    if constexpr (std::is_same_v<T, bool>) {
      return true;
    } else if constexpr (std::is_integral_v<T>) {
      if (!value.is_number_integer()) return !value.is_number();  // a string, null...: get<T> says so
      if (value.is_number_unsigned()) return value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
      const std::int64_t v = value.get<std::int64_t>();
      return v >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
             (v < 0 || static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(std::numeric_limits<T>::max()));
    } else if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, std::string>) {
      return true;
    } else {  // a vector
      if (!value.is_array()) return true;
      return std::all_of(value.begin(), value.end(), [](const json& v) { return fits<typename T::value_type>(v); });
    }
  }

  template <typename T>
  static std::string expected() {
    if constexpr (std::is_same_v<T, std::string>) return "a string";
    else if constexpr (std::is_same_v<T, bool>) return "true or false";
    else if constexpr (std::is_integral_v<T>) return "an integer";
    else if constexpr (std::is_floating_point_v<T>) return "a number";
    else return "an array of the right values";
  }
  std::vector<InputError>& errors_;
};

constexpr const char* kMetricNames[] = {"throughput_per_s", "p99_ms", "mean_ms", "service_percent", "client_percent"};

bool read_run(Reader& r, const json& j, const std::string& path, RunResult& run) {
  double* fields[] = {&run.throughput_per_s, &run.p99_ms, &run.mean_ms, &run.service_percent, &run.client_percent};
  bool ok = true;
  for (std::size_t m = 0; m < std::size(kMetricNames); ++m) {
    ok = r.get(j, kMetricNames[m], path, *fields[m]) && ok;
    if (ok && (!std::isfinite(*fields[m]) || *fields[m] < 0)) {
      r.error(path + "." + kMetricNames[m], "not a measurement (negative or not finite)");
      ok = false;
    }
  }
  if (ok && (run.service_percent > 100 || run.client_percent > 100)) {
    r.error(path, "an availability above 100%");
    ok = false;
  }
  return ok;
}

Verdict verdict_from(const std::string& name, bool& known) {
  for (Verdict v : {Verdict::meets, Verdict::fails, Verdict::undecided})
    if (name == verdict_name(v)) return v;
  known = false;
  return Verdict::fails;
}

// The replication rule replayed over a step's recorded runs: it must stop exactly where they end.
void check_replications(Reader& r, const std::string& at, const SweepData& d, const Step& step) {
  const ReplicationRule rule{d.replications, d.confidence, d.slo};
  bool past_end = false;
  const Step replayed = evaluate_step(step.rate_per_s, rule, [&](int first, int count) {
    std::vector<RunResult> batch;
    for (int k = first; k < first + count; ++k) {
      past_end = past_end || k >= static_cast<int>(step.runs.size());
      batch.push_back(past_end ? RunResult{} : step.runs[static_cast<std::size_t>(k)]);
    }
    return batch;
  });
  if (past_end || replayed.runs.size() != step.runs.size())
    r.error(at + ".runs", "holds " + std::to_string(step.runs.size()) + " replications, where the plan's confidence rule " +
                              (past_end ? "asks for more" : "stops at " + std::to_string(replayed.runs.size())));
  else if (replayed.verdict != step.verdict || replayed.meets != step.meets)
    r.error(at + ".verdict", std::string("says \"") + verdict_name(step.verdict) + "\", but the intervals of its runs say \"" +
                                 verdict_name(replayed.verdict) + "\"");
}

bool read_step(Reader& r, const json& j, const std::string& at, const SweepData& d, Step& step) {
  std::string verdict;
  bool ok = r.get(j, "rate_per_s", at, step.rate_per_s) && r.get(j, "meets", at, step.meets) && r.get(j, "verdict", at, verdict);
  bool known = true;
  if (ok) step.verdict = verdict_from(verdict, known);
  if (ok && !known) r.error(at + ".verdict", "unknown verdict \"" + verdict + "\"");
  const json* runs = j.is_object() && j.contains("runs") ? &j.at("runs") : nullptr;
  if (!runs || !runs->is_array() || runs->size() < static_cast<std::size_t>(d.replications) ||
      runs->size() > static_cast<std::size_t>(d.confidence.max_replications)) {
    r.error(at + ".runs", "expected between the plan's " + std::to_string(d.replications) + " and " +
                              std::to_string(d.confidence.max_replications) + " replications");
    return false;
  }
  for (std::size_t i = 0; i < runs->size(); ++i)
    ok = read_run(r, (*runs)[i], at + ".runs[" + std::to_string(i) + "]", step.runs.emplace_back()) && ok;
  if (ok && known) check_replications(r, at, d, step);
  return ok && known;
}

bool read_steps(Reader& r, const json& j, const std::string& path, const SweepData& d, std::vector<Step>& steps) {
  if (!j.is_object() || !j.contains("steps") || !j.at("steps").is_array()) {
    r.error(path + ".steps", "expected an array");
    return false;
  }
  bool ok = true;
  const json& list = j.at("steps");
  for (std::size_t k = 0; k < list.size(); ++k)
    ok = read_step(r, list[k], path + ".steps[" + std::to_string(k) + "]", d, steps.emplace_back()) && ok;
  return ok && r.ok();
}

// The search replayed over the recorded steps: it must ask for exactly their rates, in order, and
// end with the recorded capacity and bound.
void check_search(Reader& r, const std::string& path, const SweepData& d, const ConfigResult& c) {
  std::size_t next = 0;
  std::string problem;
  const SearchOutcome replayed = search_capacity(d.search, [&](double rate) {
    Step step{rate, {}, false};
    if (next >= c.outcome.steps.size()) {
      if (problem.empty()) problem = "the search goes on past the " + std::to_string(next) + " recorded steps";
    } else if (c.outcome.steps[next].rate_per_s != rate) {
      if (problem.empty())
        problem = "step " + std::to_string(next) + " was run at " + std::to_string(c.outcome.steps[next].rate_per_s) +
                  " req/s, where the search asks for " + std::to_string(rate);
    } else {
      step.meets = c.outcome.steps[next].meets;
    }
    ++next;
    return step;
  });
  if (problem.empty() && replayed.steps.size() != c.outcome.steps.size())
    problem = "the search ends after " + std::to_string(replayed.steps.size()) + " steps, not " +
              std::to_string(c.outcome.steps.size());
  if (problem.empty() && (replayed.capacity_per_s != c.outcome.capacity_per_s || replayed.bound != c.outcome.bound ||
                          replayed.capacity_step != c.outcome.capacity_step || replayed.failing_step != c.outcome.failing_step))
    problem = "its steps give capacity " + std::to_string(replayed.capacity_per_s) + " (" + bound_name(replayed.bound) +
              ", step " + std::to_string(replayed.capacity_step) + "), not the recorded " +
              std::to_string(c.outcome.capacity_per_s) + " (" + bound_name(c.outcome.bound) + ", step " +
              std::to_string(c.outcome.capacity_step) + ")";
  if (!problem.empty()) r.error(path, problem);
}

Bound bound_from(const std::string& name, bool& known) {
  for (Bound b : {Bound::found, Bound::at_max, Bound::budget, Bound::none})
    if (name == bound_name(b)) return b;
  known = false;
  return Bound::none;
}

// The labels of the extra dimensions the plan names: those of the grid's configuration.
bool read_extra_labels(Reader& r, const json& j, const std::string& path, const GridAxes& axes, const Configuration& expected) {
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d) {
    if (!axes.given(d)) continue;
    std::string label;
    if (!r.get(j, kExtraDimensions[d].key, path, label)) return false;
    if (label != axes.extra[d].at(expected.extra[d])) {
      r.error(path + "." + kExtraDimensions[d].key, "configuration " + std::to_string(expected.index) +
                                                        " of the grid has " + axes.extra[d].at(expected.extra[d]));
      return false;
    }
  }
  return true;
}

// One result: its configuration is the grid's at its index, its steps what the search makes.
std::optional<ConfigResult> read_result(Reader& r, const json& j, const std::string& path, const SweepData& d) {
  ConfigResult c;
  std::string bound;
  bool ok = r.get(j, "index", path, c.config.index) && r.get(j, "servers", path, c.config.servers) &&
            r.get(j, "observers", path, c.config.observers) && r.get(j, "read_ratio", path, c.config.read_ratio) &&
            r.get(j, "profile_index", path, c.config.profile) && r.get(j, "profile", path, c.profile_label) &&
            r.get(j, "strategy_index", path, c.config.strategy) && r.get(j, "strategy", path, c.strategy_label) &&
            r.get(j, "capacity_per_s", path, c.outcome.capacity_per_s) && r.get(j, "bound", path, bound) &&
            r.get(j, "capacity_step", path, c.outcome.capacity_step) && r.get(j, "failing_step", path, c.outcome.failing_step);
  if (!ok) return std::nullopt;
  if (c.config.index >= d.configuration_count) {
    r.error(path + ".index", std::to_string(c.config.index) + " is outside the grid (0 to " +
                                 std::to_string(d.configuration_count - 1) + ")");
    return std::nullopt;
  }
  Configuration expected = configuration_at(d.axes, c.config.index);
  if (c.config.servers != expected.servers || c.config.observers != expected.observers ||
      c.config.read_ratio != expected.read_ratio || c.config.profile != expected.profile ||
      c.config.strategy != expected.strategy || c.profile_label != d.axes.profiles[expected.profile] ||
      c.strategy_label != d.axes.strategies[expected.strategy]) {
    r.error(path, "configuration " + std::to_string(c.config.index) + " of the grid is not what this result says it is");
    return std::nullopt;
  }
  if (!read_extra_labels(r, j, path, d.axes, expected)) return std::nullopt;
  c.config.extra = expected.extra;
  bool known = true;
  c.outcome.bound = bound_from(bound, known);
  if (!known) r.error(path + ".bound", "unknown bound \"" + bound + "\"");
  if (!known || !read_steps(r, j, path, d, c.outcome.steps)) return std::nullopt;
  check_search(r, path, d, c);
  return c;
}

bool read_extra_axes(Reader& r, const json& g, GridAxes& a) {
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d)
    if (!r.get(g, kExtraDimensions[d].key, "$.grid", a.extra[d])) return false;
  return true;
}

bool read_axes(Reader& r, const json& doc, GridAxes& a) {
  if (!doc.contains("grid")) {
    r.error("$.grid", "missing (a shard file from an older zksim: run the shard again)");
    return false;
  }
  const json& g = doc.at("grid");
  const bool ok = r.get(g, "servers", "$.grid", a.servers) && r.get(g, "observers", "$.grid", a.observers) &&
                  r.get(g, "read_ratio", "$.grid", a.read_ratios) && r.get(g, "profile", "$.grid", a.profiles) &&
                  r.get(g, "strategy", "$.grid", a.strategies) && read_extra_axes(r, g, a);
  if (ok && a.size() == 0) r.error("$.grid", "an empty grid");
  return ok && a.size() > 0;
}

bool read_search(Reader& r, const json& doc, SearchSpec& s) {
  const json empty = json::object();
  const json& j = doc.contains("search") ? doc.at("search") : empty;
  const bool ok = r.get(j, "start_rate_per_s", "$.search", s.start_rate_per_s) &&
                  r.get(j, "min_rate_per_s", "$.search", s.min_rate_per_s) &&
                  r.get(j, "max_rate_per_s", "$.search", s.max_rate_per_s) && r.get(j, "tolerance", "$.search", s.tolerance) &&
                  r.get(j, "max_steps", "$.search", s.max_steps);
  // What the plan loader enforces, and search_capacity asserts.
  if (ok && !(s.min_rate_per_s > 0 && s.min_rate_per_s <= s.start_rate_per_s && s.start_rate_per_s <= s.max_rate_per_s &&
              std::isfinite(s.max_rate_per_s) && s.tolerance > 0 && s.max_steps >= 1 && s.max_steps <= 100)) {
    r.error("$.search", "not a search the plan allows");
    return false;
  }
  return ok;
}

bool read_confidence(Reader& r, const json& doc, SweepData& d) {
  const json empty = json::object();
  const json& j = doc.contains("confidence") ? doc.at("confidence") : empty;
  const bool ok = r.get(j, "relative_half_width", "$.confidence", d.confidence.relative_half_width) &&
                  r.get(j, "max_replications", "$.confidence", d.confidence.max_replications);
  // What the plan loader enforces, and evaluate_step asserts.
  if (ok && !(d.confidence.relative_half_width > 0 && d.confidence.max_replications >= d.replications &&
              d.confidence.max_replications <= 1000)) {
    r.error("$.confidence", "not a confidence rule the plan allows");
    return false;
  }
  return ok;
}

bool read_header(Reader& r, const json& doc, ShardFile& f) {
  SweepData& d = f.data;
  if (!doc.is_object() || doc.value("schema", "") != kShardSchema) {
    r.error("$.schema", std::string("not a sweep shard file of this zksim (expected \"") + kShardSchema + "\")");
    return false;
  }
  const json empty = json::object();
  const json& slo = doc.contains("slo") ? doc.at("slo") : empty;
  bool ok = r.get(doc.contains("shard") ? doc.at("shard") : empty, "index", "$.shard", f.shard_index) &&
            r.get(doc.at("shard"), "count", "$.shard", f.shard_count) && r.get(doc, "configuration_count", "$", d.configuration_count) &&
            r.get(doc, "replications", "$", d.replications) && r.get(doc, "seed", "$", d.seed) &&
            r.get(slo, "p99_ms", "$.slo", d.slo.p99_ms) &&
            r.get(slo, "service_availability_percent", "$.slo", d.slo.service_availability_percent) &&
            r.get(slo, "client_availability_percent", "$.slo", d.slo.client_availability_percent) &&
            r.get(slo, "request_timeout_ms", "$.slo", d.slo.request_timeout_ms) &&
            read_axes(r, doc, d.axes) && read_search(r, doc, d.search) && read_confidence(r, doc, d);
  if (!ok) return false;
  if (f.shard_count < 1 || f.shard_index < 0 || f.shard_index >= f.shard_count) r.error("$.shard", "not a shard I of N (0 <= I < N)");
  if (d.configuration_count != d.axes.size())
    r.error("$.configuration_count", "the grid has " + std::to_string(d.axes.size()) + " configurations");
  if (d.replications < 1) r.error("$.replications", "at least 1");
  d.plan_echo = nlohmann::ordered_json::parse(doc.value("plan", json::object()).dump());
  const json target = doc.value("target_rate_per_s", json());
  if (target.is_number()) d.target_rate_per_s = target.get<double>();
  else if (!target.is_null()) r.error("$.target_rate_per_s", "expected a number or null");
  return r.ok();
}

}  // namespace

std::optional<ShardFile> read_shard(const json& doc, const std::string& source, std::vector<InputError>& errors) {
  Reader r(errors);
  ShardFile f;
  f.source = source;
  if (!read_header(r, doc, f)) return std::nullopt;
  if (!doc.contains("results") || !doc.at("results").is_array()) {
    r.error("$.results", "expected an array");
    return std::nullopt;
  }
  std::set<std::size_t> seen;
  const json& results = doc.at("results");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string path = "$.results[" + std::to_string(i) + "]";
    std::optional<ConfigResult> c = read_result(r, results[i], path, f.data);
    if (!c) continue;
    if (c->config.index % static_cast<std::size_t>(f.shard_count) != static_cast<std::size_t>(f.shard_index))
      r.error(path + ".index", "configuration " + std::to_string(c->config.index) + " belongs to shard " +
                                   std::to_string(c->config.index % static_cast<std::size_t>(f.shard_count)) + ", not this one");
    if (!seen.insert(c->config.index).second)
      r.error(path + ".index", "configuration " + std::to_string(c->config.index) + " is given twice");
    f.data.results.push_back(std::move(*c));
  }
  if (!r.ok()) return std::nullopt;
  std::sort(f.data.results.begin(), f.data.results.end(),
            [](const ConfigResult& a, const ConfigResult& b) { return a.config.index < b.config.index; });
  return f;
}

namespace {

// Whether two shards come from one sweep: everything but the shard index and the results.
std::string differs_from(const ShardFile& s, const ShardFile& first) {
  const SweepData &a = s.data, &b = first.data;
  if (a.plan_echo != b.plan_echo) return "comes from another plan";
  if (s.shard_count != first.shard_count) return "was cut into " + std::to_string(s.shard_count) + " shards, not " + std::to_string(first.shard_count);
  if (!(a.axes == b.axes) || a.configuration_count != b.configuration_count) return "has another grid";
  const bool same_search = a.search.start_rate_per_s == b.search.start_rate_per_s &&
                           a.search.min_rate_per_s == b.search.min_rate_per_s &&
                           a.search.max_rate_per_s == b.search.max_rate_per_s && a.search.tolerance == b.search.tolerance &&
                           a.search.max_steps == b.search.max_steps;
  const bool same_slo = a.slo.p99_ms == b.slo.p99_ms && a.slo.service_availability_percent == b.slo.service_availability_percent &&
                        a.slo.client_availability_percent == b.slo.client_availability_percent &&
                        a.slo.request_timeout_ms == b.slo.request_timeout_ms;
  const bool same_confidence = a.confidence.relative_half_width == b.confidence.relative_half_width &&
                               a.confidence.max_replications == b.confidence.max_replications;
  if (!same_search || !same_slo || !same_confidence || a.replications != b.replications || a.seed != b.seed ||
      a.target_rate_per_s != b.target_rate_per_s)
    return "has another search, SLO, confidence rule, seed or target";
  return "";
}

}  // namespace

std::optional<SweepData> merge_shards(const std::vector<ShardFile>& shards, std::vector<std::string>& errors) {
  if (shards.empty()) {
    errors.push_back("no shard files given");
    return std::nullopt;
  }
  const ShardFile& first = shards.front();
  std::map<int, const ShardFile*> by_index;
  for (const ShardFile& s : shards) {
    if (const std::string why = differs_from(s, first); !why.empty())
      errors.push_back(s.source + ": " + why + " (compared with " + first.source + ")");
    else if (!by_index.emplace(s.shard_index, &s).second)
      errors.push_back(s.source + ": shard " + std::to_string(s.shard_index) + " is given twice (also " +
                       by_index.at(s.shard_index)->source + ")");
  }
  if (!errors.empty()) return std::nullopt;
  SweepData merged = first.data;
  merged.results.clear();
  for (const auto& [index, s] : by_index) merged.results.insert(merged.results.end(), s->data.results.begin(), s->data.results.end());
  for (int i = 0; i < first.shard_count; ++i)
    if (!by_index.count(i)) errors.push_back("shard " + std::to_string(i) + " of " + std::to_string(first.shard_count) + " is missing");
  std::sort(merged.results.begin(), merged.results.end(),
            [](const ConfigResult& a, const ConfigResult& b) { return a.config.index < b.config.index; });
  std::size_t next = 0;
  for (const ConfigResult& c : merged.results) {
    for (; next < c.config.index; ++next)
      if (by_index.count(static_cast<int>(next % static_cast<std::size_t>(first.shard_count))))
        errors.push_back(by_index.at(static_cast<int>(next % static_cast<std::size_t>(first.shard_count)))->source +
                         ": configuration " + std::to_string(next) + " of the grid is missing");
    next = c.config.index + 1;
  }
  for (; next < merged.configuration_count; ++next)
    if (by_index.count(static_cast<int>(next % static_cast<std::size_t>(first.shard_count))))
      errors.push_back(by_index.at(static_cast<int>(next % static_cast<std::size_t>(first.shard_count)))->source +
                       ": configuration " + std::to_string(next) + " of the grid is missing");
  if (!errors.empty()) return std::nullopt;
  return merged;
}

}  // namespace sim::sweep
