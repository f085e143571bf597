#pragma once
// Writing a whole output file (reports, scenarios, profiles) in one go.
#include <filesystem>
#include <string>

namespace sim {

// Writes text to path (its folder must exist); throws std::runtime_error when it cannot.
void write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace sim
