#include "sim/scenario/input_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sim {

std::optional<std::string> read_input_file(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<nlohmann::json> read_json_file(const std::string& path, std::vector<InputError>& errors) {
  const std::optional<std::string> text = read_input_file(path);
  if (text) return parse_document(*text, errors);
  errors.push_back({"$", "cannot read the file", "check the path"});
  return std::nullopt;
}

std::string absolute_from(const std::string& base_dir, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path absolute = fs::absolute(fs::path(base_dir.empty() ? "." : base_dir) / path, error);
  return (error ? fs::path(path) : absolute).lexically_normal().string();
}

std::string format_input_errors(const std::string& source, const std::vector<InputError>& errors) {
  std::string out;
  for (const InputError& e : errors) {
    out += source + ": " + e.path + ": " + e.message;
    if (!e.hint.empty()) out += " (" + e.hint + ")";
    out += "\n";
  }
  return out;
}

}  // namespace sim
