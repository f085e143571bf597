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
// The same, through /bin/sh with `shell_prefix` before the command: "ulimit -f 4;" (a file-size
// limit, in 512-byte blocks), "timeout 20" (a bound on a command that might block).
ProcessResult run_zksim_after(const std::string& shell_prefix, const std::vector<std::string>& args);

// zksim started in the background, to be signalled: its pid, and its output in files.
struct StartedZksim {
  int pid = -1;
  std::string out_file, err_file;
};
StartedZksim start_zksim(const std::vector<std::string>& args);
// Waits for it to exit (its exit code, or 128 + the signal that killed it).
ProcessResult wait_zksim(const StartedZksim& started);
// The processes whose parent is pid (from /proc).
std::vector<int> children_of(int pid);
// Whether a process with this pid exists and is not a zombie.
bool process_running(int pid);
std::string source_path(const std::string& relative);  // a file of the source tree
std::string temp_dir(const std::string& name);         // a fresh, empty folder for one test
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
nlohmann::json read_json(const std::string& path);
std::vector<std::string> lines_of(const std::string& text);  // without their newlines
std::string joined(const std::vector<std::string>& lines);    // each line and a newline
// Links scenarios/profiles and scenarios/platforms into dir, so that a scenario written there
// finds the files a shipped scenario names.
void link_scenario_assets(const std::string& dir);
// Writes the scenario text to a fresh folder, runs it (expecting success) and returns its report.
nlohmann::json run_report(const std::string& name, const std::string& scenario_json,
                          const std::vector<std::string>& extra_args = {});

}  // namespace tests
