#pragma once
// One chronological list of what happened in a run, read back from its report: elections and
// leaderships, faults, windows without writes, storage work (snapshots, syncs) and membership
// changes. The report keeps each in its own section; a reader of an incident wants them in one
// order, as the plots' marks show them.
#include <cstddef>

#include <nlohmann/json.hpp>

#include "analysis/report/html_page.hpp"

namespace analysis {

// Rows "at_s | what", in time order (ties in the order above), at most max_rows of them.
struct Timeline {
  HtmlTable table;
  std::size_t rows_left_out = 0;
};
Timeline event_timeline(const nlohmann::ordered_json& report, std::size_t max_rows = 1000);

}  // namespace analysis
