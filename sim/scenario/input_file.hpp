#pragma once
// What every loader of a user's file shares (scenarios, profiles, incidents, sweep plans,
// calibration measurements): reading it without surprises, resolving the paths it names, and
// printing its problems the one way.
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/json_reader.hpp"

namespace sim {

// The whole file, or nothing when it cannot be read. Only regular files are read: a folder makes
// a stream throw, and a FIFO or /dev/stdin would block the run. Never throws.
std::optional<std::string> read_input_file(const std::string& path);

// The file as one JSON document; when it cannot be read or is not valid JSON, nothing, with the
// problem in errors at $.
std::optional<nlohmann::json> read_json_file(const std::string& path, std::vector<InputError>& errors);

// A path named inside a file, relative to that file's folder, made absolute.
std::string absolute_from(const std::string& base_dir, const std::string& path);

// One line per problem: "SOURCE: $.path: message (hint)".
std::string format_input_errors(const std::string& source, const std::vector<InputError>& errors);

}  // namespace sim
