#include "sim/trace/json_diff.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.hpp"

namespace sim::trace {

namespace {
constexpr std::size_t kMaxFields = 4;
constexpr std::size_t kMaxValueChars = 80;

std::string shown(const nlohmann::json& value) {
  std::string text = value.dump();
  return text.size() <= kMaxValueChars ? text : text.substr(0, kMaxValueChars) + "...";
}

std::string value_at(const nlohmann::json& doc, const std::string& path) {
  const nlohmann::json::json_pointer pointer(path);
  return doc.contains(pointer) ? shown(doc.at(pointer)) : "absent";
}
}  // namespace

std::string excerpt(const std::string& line, std::size_t column, std::size_t width) {
  if (line.size() <= width) return line;
  const std::size_t begin = column > width / 3 ? column - width / 3 : 0;
  const std::size_t end = std::min(line.size(), begin + width);
  return (begin > 0 ? "..." : "") + line.substr(begin, end - begin) + (end < line.size() ? "..." : "");
}

std::size_t first_difference(const std::string& a, const std::string& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return i;
  return n;
}

std::string short_json_diff(const std::string& a, const std::string& b, const std::string& a_name,
                            const std::string& b_name) {
  // nlohmann's diff recurses once per level: a crafted line must not exhaust the stack.
  if (json_nesting_depth(a) > kJsonNestingMax || json_nesting_depth(b) > kJsonNestingMax) return "";
  const nlohmann::json ja = nlohmann::json::parse(a, nullptr, false);
  const nlohmann::json jb = nlohmann::json::parse(b, nullptr, false);
  if (ja.is_discarded() || jb.is_discarded()) return "";
  const nlohmann::json patch = nlohmann::json::diff(ja, jb);
  std::string out;
  for (std::size_t i = 0; i < patch.size() && i < kMaxFields; ++i) {
    const std::string path = patch[i].at("path").get<std::string>();
    if (!out.empty()) out += "; ";
    out += (path.empty() ? "/" : path) + ": " + value_at(ja, path) + " (" + a_name + ") vs " + value_at(jb, path) +
           " (" + b_name + ")";
  }
  if (patch.size() > kMaxFields) out += "; and " + std::to_string(patch.size() - kMaxFields) + " more";
  return out;
}

}  // namespace sim::trace
