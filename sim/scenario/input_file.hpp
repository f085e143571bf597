#pragma once
// What every loader of a user's file shares (scenarios, profiles, incidents, sweep plans,
// calibration measurements, shard files, traces): reading it without surprises, resolving the
// paths it names, and printing its problems the one way.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/json_reader.hpp"

namespace sim {

// A JSON input file is read whole: larger ones are refused rather than exhausting memory (a
// scenario is a few kB; a shard of the largest sweep a plan allows, some tens of MB).
constexpr std::uint64_t kInputFileBytesMax = 256ull << 20;

// Opens a regular file for reading, or returns -1 with the reason in `problem`. Only regular files
// are opened: a folder cannot be read as a file, and a FIFO or /dev/stdin would block (the file is
// opened without blocking and checked with fstat, so nothing can be swapped in between).
int open_regular_file(const std::string& path, std::string& problem);

// The whole file, or nothing when it cannot be read (problem, when given, says why: not a regular
// file, larger than kInputFileBytesMax, a read error). Never throws.
std::optional<std::string> read_input_file(const std::string& path, std::string* problem = nullptr);

// The file as one JSON document; when it cannot be read or is not valid JSON, nothing, with the
// problem in errors at $.
std::optional<nlohmann::json> read_json_file(const std::string& path, std::vector<InputError>& errors);

// A path named inside a file, relative to that file's folder, made absolute.
std::string absolute_from(const std::string& base_dir, const std::string& path);

// One line per problem: "SOURCE: $.path: message (hint)".
std::string format_input_errors(const std::string& source, const std::vector<InputError>& errors);

}  // namespace sim
