#include "models/core/probe.hpp"

namespace models {

std::optional<Probe> probe_from(std::string_view name) {
  for (std::size_t i = 0; i < kProbeCount; ++i)
    if (kProbeNames[i] == name) return static_cast<Probe>(i);
  return std::nullopt;
}

}  // namespace models
