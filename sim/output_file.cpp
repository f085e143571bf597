#include "sim/output_file.hpp"

#include <fstream>
#include <stdexcept>

namespace sim {

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace sim
