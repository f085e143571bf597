#pragma once
// The text tables' columns: text left-aligned in a column of the given width (longer text is kept
// whole and pushes the row).
#include <cstddef>
#include <string>

namespace analysis {

inline std::string padded(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

}  // namespace analysis
