#pragma once
// How much memory a run may use on this machine: what the kernel says it can still give without
// swapping (/proc/meminfo's MemAvailable), lowered by the cgroup's limit when the process runs in
// a container with one. Compared with a scenario's estimate (memory_estimate.hpp) before a run.
#include <optional>
#include <string>

namespace sim::limits {

// MemAvailable in bytes, from the text of /proc/meminfo ("MemAvailable:  123 kB"); nullopt if absent.
std::optional<double> parse_mem_available_bytes(const std::string& meminfo);
// The memory this process can still use, in bytes; nullopt when the machine does not say.
std::optional<double> available_memory_bytes();

}  // namespace sim::limits
