#include "sim/sweep/plan.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include "models/balancing/registry.hpp"
#include "sim/scenario/embedded_scenario.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim::sweep {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxConfigurations = 10000;
constexpr int kMaxReplications = 1000;

// The base scenario: a path relative to the plan, or an inline object; validated as it is.
void read_base(const JsonReader& r, Plan& plan, const std::string& base_dir) {
  if (!r.has("scenario")) {
    r.error("missing key \"scenario\"", "the base scenario: a path relative to the plan, or an object");
    return;
  }
  if (auto scenario = read_embedded_scenario(r.at("scenario"), base_dir, "base scenario")) plan.base = std::move(*scenario);
}

std::string bound_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

template <typename T>
void read_list(const JsonReader& g, const char* key, std::vector<T>& out, T min, T max) {
  if (!g.has(key)) return;
  const JsonReader list = g.at(key);
  if (!list.value().is_array() || list.value().empty()) {
    list.error("expected a non-empty array, got " + json_type_name(list.value()));
    return;
  }
  out.clear();
  for (std::size_t i = 0; i < list.value().size(); ++i) {
    const JsonReader item = list.at(i);
    const bool integral = std::is_integral_v<T>;
    if (!item.value().is_number() || (integral && !item.value().is_number_integer())) {
      item.error(std::string("expected ") + (integral ? "an integer" : "a number") + ", got " + json_type_name(item.value()));
      continue;
    }
    const T v = item.value().get<T>();
    if (v < min || v > max) item.error("out of range", "between " + bound_text(min) + " and " + bound_text(max));
    out.push_back(v);
  }
}

void read_profiles(const JsonReader& g, Grid& grid, const std::string& base_dir) {
  grid.profiles = {""};
  grid.profile_labels = {"scenario"};
  if (!g.has("profile")) return;
  const JsonReader list = g.at("profile");
  if (!list.value().is_array() || list.value().empty()) {
    list.error("expected a non-empty array of profile paths, got " + json_type_name(list.value()));
    return;
  }
  grid.profiles.clear();
  grid.profile_labels.clear();
  for (std::size_t i = 0; i < list.value().size(); ++i) {
    if (!list.value()[i].is_string()) {
      list.at(i).error("expected a path relative to the plan, got " + json_type_name(list.value()[i]));
      continue;
    }
    const std::string path = absolute_from(base_dir, list.value()[i].get<std::string>());
    if (!read_input_file(path)) list.at(i).error("cannot read profile file " + path, "give a path relative to the plan");
    grid.profiles.push_back(path);
    grid.profile_labels.push_back(fs::path(path).stem().string());
  }
}

// Balancing strategies of the ZooKeeper clients (clients.strategy), by name; an empty list keeps
// the base scenario's own.
void read_strategies(const JsonReader& g, Grid& grid) {
  if (!g.has("strategy")) return;
  const JsonReader list = g.at("strategy");
  if (!list.value().is_array()) {
    list.error("expected an array of strategy names, got " + json_type_name(list.value()));
    return;
  }
  if (list.value().empty()) return;
  grid.strategies.clear();
  for (std::size_t i = 0; i < list.value().size(); ++i) {
    const auto& name = list.value()[i];
    if (!name.is_string()) {
      list.at(i).error("expected a strategy name, got " + json_type_name(name));
      continue;
    }
    const auto made = models::balancing::make_strategy(name.get<std::string>(), {});
    if (!made.strategy) list.at(i).error(made.error);
    grid.strategies.push_back(name.get<std::string>());
  }
}

// "$.clients.count" for "/clients/count".
std::string json_path_of(const std::string& pointer) {
  std::string path = "$";
  for (char ch : pointer) path += ch == '/' ? '.' : ch;
  return path;
}

std::string value_label(const nlohmann::ordered_json& value) {
  if (value.is_number()) return bound_text(value.get<double>());
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

// The extra dimensions: any non-empty array; each value is checked where it lands, in the
// scenario of every configuration (check_configurations).
void read_extra(const JsonReader& g, Grid& grid) {
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d) {
    grid.extra_values[d] = {nullptr};
    grid.extra_labels[d] = {"scenario"};
    if (!g.has(kExtraDimensions[d].key)) continue;
    const JsonReader list = g.at(kExtraDimensions[d].key);
    if (!list.value().is_array() || list.value().empty()) {
      list.error("expected a non-empty array, got " + (list.value().is_array() ? "an empty one" : json_type_name(list.value())),
                 "the values of " + json_path_of(kExtraDimensions[d].pointer).substr(2) + " to try");
      continue;
    }
    grid.extra_values[d].clear();
    grid.extra_labels[d].clear();
    for (std::size_t i = 0; i < list.value().size(); ++i) {
      const auto& value = list.value()[i];
      if (value.is_null()) list.at(i).error("expected a value, got null", "null would keep the base scenario's own");
      grid.extra_values[d].push_back(nlohmann::ordered_json::parse(value.dump()));
      grid.extra_labels[d].push_back(value_label(grid.extra_values[d].back()));
    }
  }
}

void read_grid(const JsonReader& r, Plan& plan, const std::string& base_dir) {
  Grid& grid = plan.grid;
  const auto& base = plan.base;
  const auto member = [&](const char* group, const char* key, auto fallback) {
    return base.contains(group) && base[group].contains(key) ? base[group][key].get<decltype(fallback)>() : fallback;
  };
  grid.servers = {member("ensemble", "servers", 3)};
  grid.observers = {member("ensemble", "observers", 0)};
  grid.read_ratios = {member("workload", "read_ratio", 0.9)};
  grid.profiles = {""};
  grid.profile_labels = {"scenario"};
  const JsonReader g = r.at("grid");
  read_extra(g, grid);
  if (!r.has("grid")) return;
  if (!g.expect_object({"servers", "observers", "read_ratio", "profile", "strategy", "clients", "value_bytes", "tick_ms",
                        "sync_limit", "host", "datacenters", "placement", "quorum"}))
    return;
  read_list(g, "servers", grid.servers, 1, 99);
  read_list(g, "observers", grid.observers, 0, 98);
  read_list(g, "read_ratio", grid.read_ratios, 0.0, 1.0);
  read_profiles(g, grid, base_dir);
  read_strategies(g, grid);
}

void read_slo(const JsonReader& r, Slo& slo) {
  if (!r.has("slo")) return;
  const JsonReader s = r.at("slo");
  if (!s.expect_object({"p99_ms", "service_availability_percent", "client_availability_percent", "request_timeout_ms"}))
    return;
  s.read("p99_ms", slo.p99_ms, 0.001, 1e9);
  s.read("service_availability_percent", slo.service_availability_percent, 0, 100);
  s.read("client_availability_percent", slo.client_availability_percent, 0, 100);
  s.read("request_timeout_ms", slo.request_timeout_ms, 0, 3.6e6);
}

void read_confidence(const JsonReader& r, Plan& plan) {
  ConfidenceSpec& c = plan.confidence;
  c.max_replications = std::max(c.max_replications, plan.replications);
  if (!r.has("confidence")) return;
  const JsonReader s = r.at("confidence");
  if (!s.expect_object({"relative_half_width", "max_replications"})) return;
  s.read("relative_half_width", c.relative_half_width, 0.001, 10);
  s.read("max_replications", c.max_replications, 2, kMaxReplications);
  if (c.max_replications < plan.replications)
    s.error_at("max_replications", "fewer than the " + std::to_string(plan.replications) + " replications every step starts with",
               "at least $.replications");
}

void read_search(const JsonReader& r, SearchSpec& search) {
  if (!r.has("search")) return;
  const JsonReader s = r.at("search");
  if (!s.expect_object({"start_rate_per_s", "min_rate_per_s", "max_rate_per_s", "tolerance", "max_steps"})) return;
  s.read("start_rate_per_s", search.start_rate_per_s, 0.001, 1e9);
  s.read("min_rate_per_s", search.min_rate_per_s, 0.001, 1e9);
  s.read("max_rate_per_s", search.max_rate_per_s, 0.001, 1e9);
  s.read("tolerance", search.tolerance, 0.001, 1);
  s.read("max_steps", search.max_steps, 1, 100);
  if (search.min_rate_per_s > search.start_rate_per_s || search.start_rate_per_s > search.max_rate_per_s)
    s.error("the rates must satisfy min_rate_per_s <= start_rate_per_s <= max_rate_per_s");
}

// The path in the plan of a problem with a generated scenario that lies in a value an extra
// dimension put there ($.grid.clients[1] for $.clients.count), or "" when it lies elsewhere.
std::string extra_dimension_path(const Plan& plan, const Configuration& c, const std::string& scenario_path) {
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d) {
    if (plan.grid.extra_values[d].at(c.extra[d]).is_null()) continue;
    const std::string at = json_path_of(kExtraDimensions[d].pointer);
    if (scenario_path.rfind(at, 0) != 0) continue;
    const std::string rest = scenario_path.substr(at.size());
    if (!rest.empty() && rest[0] != '.' && rest[0] != '[') continue;
    return std::string("$.grid.") + kExtraDimensions[d].key + "[" + std::to_string(c.extra[d]) + "]" + rest;
  }
  return "";
}

// Every configuration must make a valid scenario (an event naming server 5 in a 3-server grid
// point, a client count out of range, a placement of 3 servers in a 5-server grid point): checked
// here, before anything runs. A problem with a value of an extra dimension is reported at that
// value, once.
void check_configurations(const JsonReader& r, const Plan& plan, std::vector<InputError>& errors) {
  std::set<std::pair<std::string, std::string>> reported;
  for (const Configuration& c : configurations(plan)) {
    const LoadResult loaded = parse_scenario(scenario_text(plan, c, plan.search.start_rate_per_s), "generated", ".");
    for (const InputError& e : loaded.errors) {
      const std::string at = extra_dimension_path(plan, c, e.path);
      if (at.empty())
        r.error_at("grid", "configuration " + std::to_string(c.index) + " (servers " + std::to_string(c.servers) +
                               ", observers " + std::to_string(c.observers) + "): " + e.path + ": " + e.message, e.hint);
      else if (reported.emplace(at, e.message).second)
        errors.push_back({at, e.message + " (in configuration " + std::to_string(c.index) + ")", e.hint});
    }
  }
}

void read_plan(const JsonReader& r, Plan& plan, const std::string& base_dir) {
  if (!r.expect_object({"name", "description", "scenario", "grid", "replications", "confidence", "seed", "slo", "search",
                        "target_rate_per_s"}))
    return;
  r.read("name", plan.name);
  if (r.has("name") && r.at("name").value().is_string()) check_output_name(r, "name", plan.name, kPlanNameBytesMax);
  read_base(r, plan, base_dir);
  if (plan.base.is_null()) return;
  read_grid(r, plan, base_dir);
  r.read("replications", plan.replications, 2, kMaxReplications);
  read_confidence(r, plan);
  r.read("seed", plan.seed);
  if (plan.seed > UINT64_MAX - static_cast<std::uint64_t>(plan.confidence.max_replications - 1))
    r.error_at("seed", "the replications' seeds (seed + k) would pass 2^64 - 1", "choose a smaller seed");
  read_slo(r, plan.slo);
  read_search(r, plan.search);
  if (r.has("target_rate_per_s")) {
    double target = 0;
    r.read("target_rate_per_s", target, 0, 1e9);
    plan.target_rate_per_s = target;
  }
  const std::size_t count = axes_of(plan.grid).size();
  if (count > kMaxConfigurations)
    r.error_at("grid", "too many configurations (" + std::to_string(count) + ")", "at most " + std::to_string(kMaxConfigurations));
}

}  // namespace

PlanResult parse_plan(const std::string& text, const std::string& source, const std::string& base_dir) {
  PlanResult result;
  result.source = source;
  const std::optional<nlohmann::json> parsed = parse_document(text, result.errors);
  if (!parsed) return result;
  const nlohmann::json& doc = *parsed;
  Plan plan;
  plan.source = source;
  const JsonReader reader(doc, "$", result.errors);
  read_plan(reader, plan, base_dir);
  if (result.errors.empty()) check_configurations(reader, plan, result.errors);
  if (!result.errors.empty()) return result;
  plan.echo = nlohmann::ordered_json::parse(text);
  result.plan = std::move(plan);
  return result;
}

PlanResult load_plan_file(const std::string& path) {
  std::string problem;
  const std::optional<std::string> text = read_input_file(path, &problem);
  if (text) return parse_plan(*text, path, fs::path(path).parent_path().string());
  PlanResult result;
  result.source = path;
  result.errors.push_back({"$", "cannot read the file: " + problem, "check the path"});
  return result;
}

std::string format_plan_errors(const PlanResult& result) { return format_input_errors(result.source, result.errors); }

// Saturates rather than wraps: a grid of absurd size must stay too many configurations.
std::size_t GridAxes::size() const {
  std::size_t n = 1;
  const auto times = [&n](std::size_t k) { n = k != 0 && n > SIZE_MAX / k ? SIZE_MAX : n * k; };
  for (std::size_t k : {servers.size(), observers.size(), read_ratios.size(), profiles.size(), strategies.size()}) times(k);
  for (const auto& labels : extra) times(labels.size());
  return n;
}

GridAxes axes_of(const Grid& grid) {
  GridAxes a{grid.servers, grid.observers, grid.read_ratios, grid.profile_labels, {}, grid.extra_labels};
  for (std::size_t i = 0; i < grid.strategies.size(); ++i) a.strategies.push_back(grid.strategy_label(i));
  return a;
}

Configuration configuration_at(const GridAxes& a, std::size_t index) {
  Configuration c;
  c.index = index;
  for (std::size_t d = kExtraDimensionCount; d-- > 0;) {  // innermost first
    c.extra[d] = index % a.extra[d].size();
    index /= a.extra[d].size();
  }
  c.strategy = index % a.strategies.size();
  index /= a.strategies.size();
  c.profile = index % a.profiles.size();
  index /= a.profiles.size();
  c.read_ratio = a.read_ratios.at(index % a.read_ratios.size());
  index /= a.read_ratios.size();
  c.observers = a.observers.at(index % a.observers.size());
  c.servers = a.servers.at(index / a.observers.size());
  return c;
}

std::vector<Configuration> configurations(const Plan& plan) {
  const GridAxes axes = axes_of(plan.grid);
  std::vector<Configuration> out;
  const std::size_t count = axes.size();
  if (count > kMaxConfigurations) return out;  // refused by read_plan; never expanded
  for (std::size_t i = 0; i < count; ++i) out.push_back(configuration_at(axes, i));
  return out;
}

std::string scenario_text(const Plan& plan, const Configuration& config, double rate_per_s) {
  nlohmann::ordered_json s = plan.base;
  s["name"] = plan.name + "-" + std::to_string(config.index);
  s["ensemble"]["servers"] = config.servers;
  s["ensemble"]["observers"] = config.observers;
  s["workload"]["loop"] = "open";
  s["workload"]["rate_per_s"] = rate_per_s;
  s["workload"]["read_ratio"] = config.read_ratio;
  if (plan.slo.request_timeout_ms > 0) s["workload"]["request_timeout_ms"] = plan.slo.request_timeout_ms;
  const std::string& profile = plan.grid.profiles.at(config.profile);
  if (!profile.empty()) s["profile"] = profile;
  const std::string& strategy = plan.grid.strategies.at(config.strategy);
  if (!strategy.empty()) {  // options the base scenario gives its strategy stay
    auto& clients = s["clients"];
    if (clients.contains("strategy") && clients["strategy"].is_object()) clients["strategy"]["name"] = strategy;
    else clients["strategy"] = strategy;
  }
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d) {
    const nlohmann::ordered_json& value = plan.grid.extra_values[d].at(config.extra[d]);
    if (!value.is_null()) s[nlohmann::ordered_json::json_pointer(kExtraDimensions[d].pointer)] = value;
  }
  return s.dump(2) + "\n";
}

}  // namespace sim::sweep
