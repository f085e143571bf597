#pragma once
// Every figure of one run's report.json, flattened: each numeric leaf that measures the run, named
// by its JSON pointer ("/latency/all/p99_ms", "/resources/resources/1/mean_utilization"), so that
// commands running a scenario several times (replications, compare) keep all of a report's figures
// without a list to maintain as the report grows. Left out, because they are not figures:
//   - what the run was asked to do (the run and strategies sections) and identifiers (a server's
//     or an app server's id, an election's leader and epoch, a configuration's version and member
//     lists);
//   - event logs whose entries happen by chance, not by the scenario (elections, leaderships,
//     windows without a writable leader, storage events, refused reconfiguration requests): their
//     i-th entries of two runs are different events, so a mean over runs would mix them.
// Lists whose entries the scenario fixes (servers, resources, faults, membership changes, dead
// backends) are kept: their i-th entries are the same thing in every run of the scenario.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace analysis {

struct ReportFigure {
  std::string pointer;  // JSON pointer into report.json
  std::string label;    // the same path, with list entries named ("servers[id 2]/requests")
  double value = 0;
};

// The report's figures in document order (a null or non-numeric leaf is no figure).
std::vector<ReportFigure> report_figures(const nlohmann::ordered_json& report);

// A member name as a JSON pointer's reference token: "~" and "/" escaped as RFC 6901 says.
std::string pointer_token(const std::string& key);

// The report section a pointer belongs to ("/latency/all/p99_ms" -> "latency").
std::string figure_section(const std::string& pointer);

}  // namespace analysis
