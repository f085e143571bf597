#pragma once
// Runs the zksim binary as a separate process, as a user would: SimGrid allows one engine per
// process, and the command line (exit codes, messages) is part of what the tests check.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tests {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

ProcessResult run_zksim(const std::vector<std::string>& args);
std::string source_path(const std::string& relative);  // a file of the source tree
std::string temp_dir(const std::string& name);         // a fresh, empty folder for one test
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
nlohmann::json read_json(const std::string& path);
// Links scenarios/profiles and scenarios/platforms into dir, so that a scenario written there
// finds the files a shipped scenario names.
void link_scenario_assets(const std::string& dir);
// Writes the scenario text to a fresh folder, runs it (expecting success) and returns its report.
nlohmann::json run_report(const std::string& name, const std::string& scenario_json,
                          const std::vector<std::string>& extra_args = {});

}  // namespace tests
