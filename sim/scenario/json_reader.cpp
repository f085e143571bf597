#include "sim/scenario/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <set>
#include <sstream>

namespace sim {

namespace {
const nlohmann::json& null_json() {
  static const nlohmann::json null_value;
  return null_value;
}
std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}
std::string child_path(const std::string& path, const char* key) { return path + "." + key; }
}  // namespace

std::string json_type_name(const nlohmann::json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) return "an integer";
  if (value.is_number_float()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

std::size_t json_nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

namespace {

// Walks nlohmann's parse events and remembers where it is, to name the path of a repeated key.
class DuplicateKeyFinder {
 public:
  explicit DuplicateKeyFinder(std::vector<std::string>& found) : found_(found) {}

  bool operator()(int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        frames_.push_back({event == Event::object_start, next_path(), {}, {}, 0});
        break;
      case Event::key:
        key(parsed.get_ref<const std::string&>());
        break;
      case Event::object_end:
      case Event::array_end:
        frames_.pop_back();
        value_done();
        break;
      case Event::value:
        value_done();
        break;
    }
    return true;  // keep every value: the caller parses the text again anyway
  }

 private:
  struct Frame {
    bool object;
    std::string path;
    std::set<std::string> keys;
    std::string key;        // the key whose value comes next (objects)
    std::size_t index = 0;  // the index of the next element (arrays)
  };

  std::string next_path() const {
    if (frames_.empty()) return "$";
    const Frame& f = frames_.back();
    return f.object ? f.path + "." + f.key : f.path + "[" + std::to_string(f.index) + "]";
  }
  void key(const std::string& name) {
    Frame& f = frames_.back();
    f.key = name;
    if (!f.keys.insert(name).second) found_.push_back(f.path + "." + name);
  }
  void value_done() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }

  std::vector<std::string>& found_;
  std::vector<Frame> frames_;
};

}  // namespace

std::vector<std::string> duplicate_keys(std::string_view text) {
  std::vector<std::string> found;
  DuplicateKeyFinder finder(found);
  try {
    [[maybe_unused]] const nlohmann::json ignored = nlohmann::json::parse(text, std::ref(finder), false);
  } catch (const nlohmann::json::exception&) {  // invalid text: what was found so far
  }
  return found;
}

std::optional<nlohmann::json> parse_document(const std::string& text, std::vector<InputError>& errors) {
  if (json_nesting_depth(text) > kJsonNestingMax) {
    errors.push_back({"$", "nested deeper than " + std::to_string(kJsonNestingMax) + " levels", ""});
    return std::nullopt;
  }
  std::optional<nlohmann::json> doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number out of range (1e400)
    errors.push_back({"$", std::string("not valid JSON: ") + e.what(), ""});
    return std::nullopt;
  }
  const std::vector<std::string> duplicates = duplicate_keys(text);
  for (const std::string& path : duplicates)
    errors.push_back({path, "the key is given twice in this object", "give each key once: which value was meant is unclear"});
  if (!duplicates.empty()) return std::nullopt;
  return doc;
}

void check_output_name(const JsonReader& reader, const char* key, const std::string& name, std::size_t bytes_max) {
  const bool bad = name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
                   name.find('\0') != std::string::npos || name.size() > bytes_max;
  if (bad)
    reader.error_at(key, "not usable as a folder name",
                    "names an output folder (out/<name>): a non-empty name of at most " +
                        std::to_string(bytes_max) + " bytes, without '/' or NUL, and not \".\" or \"..\"");
}

JsonReader JsonReader::at(const char* key) const {
  if (!has(key)) return JsonReader(null_json(), child_path(path_, key), errors_);
  return JsonReader(value_.at(key), child_path(path_, key), errors_);
}

JsonReader JsonReader::at(std::size_t index) const {
  return JsonReader(value_.at(index), path_ + "[" + std::to_string(index) + "]", errors_);
}

void JsonReader::error(std::string message, std::string hint) const {
  errors_.push_back({path_, std::move(message), std::move(hint)});
}

void JsonReader::error_at(const char* key, std::string message, std::string hint) const {
  errors_.push_back({child_path(path_, key), std::move(message), std::move(hint)});
}

bool JsonReader::expect_object(std::initializer_list<const char*> known) const {
  if (!value_.is_object()) {
    error("expected an object, got " + json_type_name(value_));
    return false;
  }
  for (const auto& [key, unused] : value_.items()) {
    bool found = false;
    for (const char* k : known) found = found || key == k;
    if (found) continue;
    std::string list;
    for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    errors_.push_back({child_path(path_, key.c_str()), "unknown key", "known keys here: " + list});
  }
  return true;
}

void JsonReader::read(const char* key, double& out, double min, double max) const {
  if (!has(key)) return;
  const auto& v = value_.at(key);
  if (!v.is_number()) {
    error_at(key, "expected a number, got " + json_type_name(v));
    return;
  }
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    error_at(key, "value " + format_number(d) + " is out of range",
             "expected a number from " + format_number(min) + " to " + format_number(max));
    return;
  }
  out = d;
}

void JsonReader::read(const char* key, int& out, int min, int max) const {
  if (!has(key)) return;
  const auto& v = value_.at(key);
  if (!v.is_number_integer()) {
    error_at(key, "expected an integer, got " + json_type_name(v));
    return;
  }
  // Above INT64_MAX an unsigned value would wrap to a negative one: compare and print it unsigned.
  const bool above_int64 = v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX;
  const auto i = above_int64 ? INT64_MAX : v.get<std::int64_t>();
  if (i < min || i > max) {
    error_at(key, "value " + v.dump() + " is out of range",
             "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return;
  }
  out = static_cast<int>(i);
}

void JsonReader::read(const char* key, std::uint64_t& out) const {
  if (!has(key)) return;
  const auto& v = value_.at(key);
  if (!v.is_number_unsigned()) {
    error_at(key, "expected a non-negative integer, got " + json_type_name(v));
    return;
  }
  out = v.get<std::uint64_t>();
}

void JsonReader::read(const char* key, std::uint32_t& out, std::uint32_t min, std::uint32_t max) const {
  int value = static_cast<int>(out);
  const auto errors_before = errors_.size();
  read(key, value, static_cast<int>(min), static_cast<int>(std::min<std::uint32_t>(max, INT32_MAX)));
  if (errors_.size() == errors_before) out = static_cast<std::uint32_t>(value);
}

void JsonReader::read(const char* key, std::string& out) const {
  if (!has(key)) return;
  const auto& v = value_.at(key);
  if (!v.is_string()) {
    error_at(key, "expected a string, got " + json_type_name(v));
    return;
  }
  out = v.get<std::string>();
}

void JsonReader::read(const char* key, bool& out) const {
  if (!has(key)) return;
  const auto& v = value_.at(key);
  if (!v.is_boolean()) {
    error_at(key, "expected true or false, got " + json_type_name(v));
    return;
  }
  out = v.get<bool>();
}

void JsonReader::read_choice(const char* key, int& out, std::initializer_list<const char*> choices) const {
  std::string text;
  const auto errors_before = errors_.size();
  read(key, text);
  if (!has(key) || errors_.size() != errors_before) return;
  int index = 0;
  std::string list;
  for (const char* c : choices) {
    if (text == c) {
      out = index;
      return;
    }
    list += (list.empty() ? "" : ", ") + std::string(c);
    ++index;
  }
  error_at(key, "unknown value \"" + text + "\"", "expected one of: " + list);
}

void JsonReader::for_each(const char* key, const std::function<void(const JsonReader&)>& visit) const {
  if (!has(key)) return;
  const JsonReader array = at(key);
  if (!array.value().is_array()) {
    array.error("expected an array, got " + json_type_name(array.value()));
    return;
  }
  for (std::size_t i = 0; i < array.value().size(); ++i) visit(array.at(i));
}

}  // namespace sim
