#include "sim/calibrate/measurements.hpp"

#include <cstdio>
#include <filesystem>
#include <variant>

#include "models/core/messages.hpp"
#include "sim/scenario/embedded_scenario.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim::calibrate {

namespace {

namespace fs = std::filesystem;
constexpr std::size_t kMaxParameters = 8;
constexpr std::size_t kMaxPoints = 200;

template <std::size_t... I>
std::vector<std::string> kind_names(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, models::Message>::kName...};
}

// What a parameter may set: a message kind's cost, the default cost, or the per-byte cost.
bool settable(const std::string& entry) {
  static const std::vector<std::string> kinds = kind_names(std::make_index_sequence<std::variant_size_v<models::Message>>{});
  if (entry == "default_us" || entry == "per_byte_ns") return true;
  for (const std::string& k : kinds)
    if (k == entry) return true;
  return false;
}

// The saturated scenario, validated as the scenario language does; its relative paths made absolute.
void read_scenario(const JsonReader& r, Measurements& m, const std::string& base_dir) {
  if (!r.has("scenario")) {
    r.error("missing key \"scenario\"", "the saturated run: a scenario path relative to this file, or an object");
    return;
  }
  if (auto scenario = read_embedded_scenario(r.at("scenario"), base_dir, "scenario")) {
    m.scenario = std::move(*scenario);
    m.scenario.erase("profile");  // the candidates' profiles replace it
  }
}

// The starting profile (a path or an object), validated by the scenario language's profile reader.
void read_profile(const JsonReader& r, Measurements& m, const std::string& base_dir) {
  if (!r.has("profile")) {
    m.profile = {{"name", m.name}};
    return;
  }
  const JsonReader p = r.at("profile");
  if (p.value().is_string()) {
    const std::string file = absolute_from(base_dir, p.value().get<std::string>());
    const auto text = read_input_file(file);
    if (!text) return p.error("cannot read profile file " + file, "give a path relative to this file");
    std::vector<InputError> errors;
    const std::optional<nlohmann::json> doc = parse_document(*text, errors);
    for (const InputError& e : errors) p.error("profile file " + file + ": " + e.path + ": " + e.message, e.hint);
    if (!doc) return;
    m.profile = nlohmann::ordered_json::parse(*text);  // again, keeping the file's key order
  } else if (p.value().is_object()) {
    m.profile = nlohmann::ordered_json::parse(p.value().dump());
  } else {
    return p.error("expected a path or an object, got " + json_type_name(p.value()));
  }
  const LoadResult check = parse_scenario(nlohmann::json({{"profile", m.profile}}).dump(), "profile", base_dir);
  for (const InputError& e : check.errors) p.error("profile: " + e.path + ": " + e.message, e.hint);
}

void read_parameter(const JsonReader& p, Measurements& m) {
  Parameter param;
  if (!p.expect_object({"name", "sets", "initial", "min", "max"})) return;
  if (!p.has("name")) p.error("missing key \"name\"");
  p.read("name", param.name);
  p.read("initial", param.initial, 1e-6, 1e6);
  p.read("min", param.min, 1e-6, 1e6);
  p.read("max", param.max, 1e-6, 1e6);
  if (!(param.min <= param.initial && param.initial <= param.max)) p.error("initial must lie between min and max");
  if (!p.has("sets")) p.error("missing key \"sets\"", "the profile entries it sets: message kinds, default_us, per_byte_ns");
  p.for_each("sets", [&](const JsonReader& entry) {
    if (!entry.value().is_string() || !settable(entry.value().get<std::string>()))
      return entry.error("not a profile entry", "a message kind (client_request, request, proposal, ack, commit, ...), "
                                                "default_us or per_byte_ns");
    param.sets.push_back(entry.value().get<std::string>());
  });
  m.parameters.push_back(param);
}

void read_point(const JsonReader& p, Measurements& m, bool require_throughputs) {
  Point point;
  if (!p.expect_object({"servers", "read_ratio", "throughput_per_s"})) return;
  if (!p.has("servers")) p.error("missing key \"servers\"");
  if (!p.has("read_ratio")) p.error("missing key \"read_ratio\"");
  p.read("servers", point.servers, 1, 99);
  p.read("read_ratio", point.read_ratio, 0, 1);
  if (p.has("throughput_per_s")) {
    double t = 0;
    p.read("throughput_per_s", t, 1e-3, 1e9);
    point.throughput_per_s = t;
  } else if (require_throughputs) {
    p.error("missing key \"throughput_per_s\"", "the measured saturated throughput, operations per second");
  }
  m.points.push_back(point);
}

void read_measurements(const JsonReader& r, Measurements& m, const std::string& base_dir, bool require_throughputs) {
  if (!r.expect_object({"name", "description", "scenario", "profile", "parameters", "points", "seed", "max_iterations"}))
    return;
  r.read("name", m.name);
  if (r.has("name") && r.at("name").value().is_string()) check_output_name(r, "name", m.name, kPlanNameBytesMax);
  r.read("seed", m.seed);
  r.read("max_iterations", m.max_iterations, 0, 50);
  read_scenario(r, m, base_dir);
  read_profile(r, m, base_dir);
  r.for_each("parameters", [&](const JsonReader& p) { read_parameter(p, m); });
  r.for_each("points", [&](const JsonReader& p) { read_point(p, m, require_throughputs); });
  if (m.parameters.empty() || m.parameters.size() > kMaxParameters)
    r.error_at("parameters", "expected 1 to " + std::to_string(kMaxParameters) + " parameters to fit");
  if (m.points.empty() || m.points.size() > kMaxPoints)
    r.error_at("points", "expected 1 to " + std::to_string(kMaxPoints) + " measured points");
}

}  // namespace

namespace {

MeasurementsResult measurements_from(const std::optional<nlohmann::json>& doc, MeasurementsResult result,
                                     const std::string& base_dir, bool require_throughputs) {
  if (!doc) return result;
  Measurements m;
  m.source = result.source;
  read_measurements(JsonReader(*doc, "$", result.errors), m, base_dir, require_throughputs);
  if (result.errors.empty()) result.measurements = std::move(m);
  return result;
}

}  // namespace

MeasurementsResult load_measurements_file(const std::string& path, bool require_throughputs) {
  MeasurementsResult result;
  result.source = path;
  const std::optional<nlohmann::json> doc = read_json_file(path, result.errors);
  return measurements_from(doc, std::move(result), fs::path(path).parent_path().string(), require_throughputs);
}

MeasurementsResult parse_measurements(const std::string& text, const std::string& source, const std::string& base_dir,
                                      bool require_throughputs) {
  MeasurementsResult result;
  result.source = source;
  const std::optional<nlohmann::json> doc = parse_document(text, result.errors);
  return measurements_from(doc, std::move(result), base_dir, require_throughputs);
}

std::string format_measurement_errors(const MeasurementsResult& result) {
  return format_input_errors(result.source, result.errors);
}

nlohmann::ordered_json profile_with(const Measurements& m, const std::vector<double>& values) {
  // The profile reader's keys in the documented order (the starting profile's own order is lost
  // when it is read): profile files stay easy to read and to diff.
  nlohmann::ordered_json p = {{"name", m.name}};
  for (const char* key : {"reference_ghz", "default_us", "per_byte_ns", "message_us"})
    if (m.profile.contains(key)) p[key] = m.profile[key];
  for (std::size_t i = 0; i < m.parameters.size(); ++i)
    for (const std::string& entry : m.parameters[i].sets) {
      if (entry == "default_us" || entry == "per_byte_ns") p[entry] = values.at(i);
      else p["message_us"][entry] = values.at(i);
    }
  return p;
}

std::string saturated_scenario(const Measurements& m, const Point& point, const nlohmann::ordered_json& profile) {
  nlohmann::ordered_json s = m.scenario;
  s["name"] = m.name + "-" + std::to_string(point.servers) + "-" + std::to_string(point.read_ratio);
  s["ensemble"]["servers"] = point.servers;
  s["workload"]["loop"] = "closed";
  s["workload"]["read_ratio"] = point.read_ratio;
  s["profile"] = profile;
  return s.dump(2) + "\n";
}

}  // namespace sim::calibrate
