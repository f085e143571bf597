#pragma once
// A scenario named inside another input file (a sweep plan, calibration measurements): a path
// relative to that file's folder, or an inline object.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.hpp"

namespace sim {

// Validates the scenario at `at` as a scenario file is validated; its problems are reported at
// `at`'s path, prefixed with `what` ("base scenario"). On success returns its JSON, key order
// kept, with the paths it names (profile, platform file) made absolute: it will run elsewhere.
std::optional<nlohmann::ordered_json> read_embedded_scenario(const JsonReader& at, const std::string& base_dir,
                                                             const std::string& what);

}  // namespace sim
