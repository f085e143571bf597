#pragma once
// Reads a JSON document into typed fields while remembering where it is, so that every problem
// is reported with its JSON path ($.ensemble.servers) and a hint, and all problems are reported
// at once rather than one per run.
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim {

struct InputError {
  std::string path;     // e.g. $.events[2].at_s
  std::string message;  // what is wrong
  std::string hint;     // what would be right (may be empty)
};

class JsonReader {
 public:
  JsonReader(const nlohmann::json& value, std::string path, std::vector<InputError>& errors)
      : value_(value), path_(std::move(path)), errors_(errors) {}

  const std::string& path() const { return path_; }
  const nlohmann::json& value() const { return value_; }
  bool is_object() const { return value_.is_object(); }
  bool has(const char* key) const { return value_.is_object() && value_.contains(key); }
  // A member (or a null stand-in when absent); the path follows.
  JsonReader at(const char* key) const;
  JsonReader at(std::size_t index) const;

  // Requires an object whose keys are all known; reports each unknown one.
  bool expect_object(std::initializer_list<const char*> known) const;
  // Optional members: leave `out` as it is when absent, report wrong types and ranges.
  void read(const char* key, double& out, double min, double max) const;
  void read(const char* key, int& out, int min, int max) const;
  void read(const char* key, std::uint64_t& out) const;
  void read(const char* key, std::uint32_t& out, std::uint32_t min, std::uint32_t max) const;
  void read(const char* key, std::string& out) const;
  void read(const char* key, bool& out) const;
  // A string that must be one of the choices; returns its index (or leaves out unchanged).
  void read_choice(const char* key, int& out, std::initializer_list<const char*> choices) const;
  // Iterates an optional array member.
  void for_each(const char* key, const std::function<void(const JsonReader&)>& visit) const;

  void error(std::string message, std::string hint = "") const;
  void error_at(const char* key, std::string message, std::string hint = "") const;
  // How many problems every reader of the document has reported so far.
  std::size_t error_count() const { return errors_.size(); }

 private:
  const nlohmann::json& value_;
  std::string path_;
  std::vector<InputError>& errors_;
};

std::string json_type_name(const nlohmann::json& value);

// Scenarios and incident timelines nest a few levels. A deeper document is refused before it is
// parsed: nlohmann's parser is iterative, but its dump and copy recurse once per level, and a
// few hundred thousand levels exhaust the stack.
constexpr std::size_t kJsonNestingMax = 100;
// The deepest nesting of arrays and objects in a JSON text, skipping strings (exact for valid
// JSON; for invalid JSON the parser reports the error).
std::size_t json_nesting_depth(std::string_view text);

// Parses a whole input document; on a syntax error reports "not valid JSON" at $ and returns
// nothing (also for documents nested deeper than kJsonNestingMax or numbers out of range), so that
// every loader refuses bad JSON the same way. An object that names a key twice is refused too,
// one error at the key's path: JSON leaves its meaning open, and nlohmann would silently keep the
// last value.
std::optional<nlohmann::json> parse_document(const std::string& text, std::vector<InputError>& errors);

// The JSON paths ($.a.b[2].c) of every key an object of the text names twice, in document order.
// Valid JSON only (parse it first): for invalid text the answer is incomplete.
std::vector<std::string> duplicate_keys(std::string_view text);

// A name from an input file that becomes part of an output path (out/<scenario name>,
// out/sweep-<plan name>, out/calibrate-<name>): an error at the reader's key unless it is a plain
// file name, so that no output leaves the output folder. Refused: empty, "." and "..", '/', NUL,
// and more than bytes_max bytes (a file name has at most 255, and zksim adds a prefix or suffix:
// a scenario's name may have kScenarioNameBytesMax, the name of a plan or a calibration, whose
// generated scenarios append to it, kPlanNameBytesMax).
constexpr std::size_t kScenarioNameBytesMax = 240;
constexpr std::size_t kPlanNameBytesMax = 200;
void check_output_name(const JsonReader& reader, const char* key, const std::string& name, std::size_t bytes_max);

}  // namespace sim
