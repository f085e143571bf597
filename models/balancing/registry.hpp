#pragma once
// Strategies by name, as scenario files and `zksim compare --strategies a,b,c` select them. The
// options of every strategy sit in one struct so that a scenario can carry them without knowing
// which strategy will read them; an unknown name or a bad option comes back as a message (naming
// the option) for the scenario validator to report with its JSON path.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/balancing/strategy.hpp"
#include "models/core/strategy_options.hpp"

namespace models::balancing {

using models::StrategyOptions;  // the options live in core: a control input carries them

struct MadeStrategy {
  std::unique_ptr<Strategy> strategy;  // null exactly when error is set
  std::string error;
};

// Every selectable name, in a fixed order (the order `compare` lists them in).
const std::vector<std::string_view>& strategy_names();

MadeStrategy make_strategy(std::string_view name, const StrategyOptions& options);

}  // namespace models::balancing
