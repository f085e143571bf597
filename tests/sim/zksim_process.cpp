#include "tests/sim/zksim_process.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tests {

namespace {
std::string quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}
}  // namespace

std::string source_path(const std::string& relative) { return std::string(ZKSIM_SOURCE_DIR) + "/" + relative; }

std::string temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("zksim-test-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(read_file(path)); }

void link_scenario_assets(const std::string& dir) {
  for (const char* sub : {"profiles", "platforms"})
    std::filesystem::create_directory_symlink(source_path("scenarios/") + sub, dir + "/" + sub);
}

nlohmann::json run_report(const std::string& name, const std::string& scenario_json,
                          const std::vector<std::string>& extra_args) {
  const auto dir = temp_dir(name);
  write_file(dir + "/scenario.json", scenario_json);
  std::vector<std::string> args{"run", dir + "/scenario.json", "--out", dir + "/out", "-q"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const auto r = run_zksim(args);
  if (r.exit_code != 0) throw std::runtime_error("zksim exited with " + std::to_string(r.exit_code) + ": " + r.err);
  return read_json(dir + "/out/report.json");
}

ProcessResult run_zksim(const std::vector<std::string>& args) {
  const std::string err_file = temp_dir("stderr") + "/stderr.txt";
  std::string command = quote(ZKSIM_BINARY);
  for (const auto& a : args) command += " " + quote(a);
  command += " 2>" + quote(err_file) + " </dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start " + command);
  ProcessResult result;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = read_file(err_file);
  return result;
}

}  // namespace tests
