#include "sim/scenario/embedded_scenario.hpp"

#include <filesystem>

#include "sim/scenario/input_file.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim {

namespace {

void make_absolute(nlohmann::ordered_json& object, const char* key, const std::string& base_dir) {
  if (object.is_object() && object.contains(key) && object[key].is_string())
    object[key] = absolute_from(base_dir, object[key].get<std::string>());
}

}  // namespace

std::optional<nlohmann::ordered_json> read_embedded_scenario(const JsonReader& at, const std::string& base_dir,
                                                             const std::string& what) {
  LoadResult loaded;
  std::string scenario_dir = base_dir;
  if (at.value().is_string()) {
    const std::string file = absolute_from(base_dir, at.value().get<std::string>());
    loaded = load_scenario_file(file);
    scenario_dir = std::filesystem::path(file).parent_path().string();
  } else if (at.value().is_object()) {
    loaded = parse_scenario(at.value().dump(), "inline", base_dir);
  } else {
    at.error("expected a path or an object, got " + json_type_name(at.value()));
    return std::nullopt;
  }
  for (const InputError& e : loaded.errors) at.error(what + " " + loaded.source + ": " + e.path + ": " + e.message, e.hint);
  if (!loaded.scenario) return std::nullopt;
  nlohmann::ordered_json scenario = nlohmann::ordered_json::parse(loaded.text);
  make_absolute(scenario, "profile", scenario_dir);
  if (scenario.contains("network")) make_absolute(scenario["network"], "platform_file", scenario_dir);
  return scenario;
}

}  // namespace sim
