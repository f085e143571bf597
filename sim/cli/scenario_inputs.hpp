#pragma once
// What a report.html shows as the inputs of a command that ran a scenario file: the scenario as
// read, named by its file alone (so that the page does not depend on the folder it was in), and
// the seed if the command line gave one. Each command adds what else it changed.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "analysis/report/html_sections.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim::cli {

inline analysis::HtmlInputs scenario_inputs(const LoadResult& loaded, const std::optional<std::uint64_t>& seed) {
  analysis::HtmlInputs inputs{std::filesystem::path(loaded.source).filename().string(), loaded.text, {}};
  if (seed) inputs.notes.push_back("seed " + std::to_string(*seed) + " (--seed)");
  return inputs;
}

}  // namespace sim::cli
