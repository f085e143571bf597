#include "tests/sim/zksim_process.hpp"

#include "sim/interrupt.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

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

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
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

ProcessResult run_zksim(const std::vector<std::string>& args) { return run_zksim_after("", args); }

ProcessResult run_zksim_after(const std::string& shell_prefix, const std::vector<std::string>& args) {
  const std::string err_file = temp_dir("stderr") + "/stderr.txt";
  std::string command = shell_prefix + " " + quote(ZKSIM_BINARY);
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

StartedZksim start_zksim(const std::vector<std::string>& args) {
  StartedZksim started;
  const std::string dir = temp_dir("started");
  started.out_file = dir + "/stdout.txt";
  started.err_file = dir + "/stderr.txt";
  std::vector<std::string> argv_text{ZKSIM_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, started.out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, started.err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, ZKSIM_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start zksim");
  started.pid = pid;
  return started;
}

ProcessResult wait_zksim(const StartedZksim& started) {
  int status = 0;
  while (waitpid(started.pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(started.out_file);
  result.err = read_file(started.err_file);
  return result;
}

std::vector<int> children_of(int pid) {
  const std::vector<pid_t> children = sim::child_processes(pid);
  return {children.begin(), children.end()};
}

bool process_running(int pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

}  // namespace tests
