#include "sim/limits/available_memory.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sim::limits {

namespace {

std::string read_text(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  return text.str();
}

// A cgroup v2 limit ("max" or a number of bytes) less what the cgroup already uses.
std::optional<double> cgroup_headroom_bytes() {
  double limit = 0, used = 0;
  std::istringstream max_text(read_text("/sys/fs/cgroup/memory.max"));
  std::istringstream current_text(read_text("/sys/fs/cgroup/memory.current"));
  if (!(max_text >> limit) || !(current_text >> used)) return std::nullopt;  // "max": no limit
  return std::max(0.0, limit - used);
}

}  // namespace

std::optional<double> parse_mem_available_bytes(const std::string& meminfo) {
  std::istringstream lines(meminfo);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name, unit;
    double value = 0;
    if (!(fields >> name >> value) || name != "MemAvailable:") continue;
    fields >> unit;
    return unit == "kB" ? value * 1024 : value;
  }
  return std::nullopt;
}

std::optional<double> available_memory_bytes() {
  std::optional<double> available = parse_mem_available_bytes(read_text("/proc/meminfo"));
  if (const std::optional<double> cgroup = cgroup_headroom_bytes())
    available = available ? std::min(*available, *cgroup) : *cgroup;
  return available;
}

}  // namespace sim::limits
