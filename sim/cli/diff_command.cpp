// `zksim diff A B`: where two traces first diverge (header differences, then the first body line
// that differs, with a few common lines before it). Exit 0 when identical, 1 when they differ,
// 2 when either cannot be read.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "sim/cli/commands.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/trace/json_diff.hpp"
#include "sim/trace/trace_diff.hpp"

namespace sim::cli {

namespace {

struct DiffArgs {
  std::string a, b;
};

void print_divergence(const trace::TraceDiff& d) {
  const std::size_t column = trace::first_difference(d.a, d.b);
  std::printf("first divergence at line %llu", static_cast<unsigned long long>(d.line));
  if (!d.a_ended && !d.b_ended) std::printf(", column %zu", column + 1);
  std::printf(":\n");
  for (const auto& [number, text] : d.context)
    std::printf("    %llu: %s\n", static_cast<unsigned long long>(number), trace::excerpt(text, column).c_str());
  std::printf("  A %llu: %s\n", static_cast<unsigned long long>(d.line),
              d.a_ended ? "(end of trace A)" : trace::excerpt(d.a, column).c_str());
  std::printf("  B %llu: %s\n", static_cast<unsigned long long>(d.line),
              d.b_ended ? "(end of trace B)" : trace::excerpt(d.b, column).c_str());
  if (!d.a_ended && !d.b_ended) {
    const std::string fields = trace::short_json_diff(d.a, d.b, "A", "B");
    if (!fields.empty()) std::printf("  differs: %s\n", fields.c_str());
  }
}

// Both files opened the way replay opens one: regular files only (a FIFO would block).
int diff(const DiffArgs& args) {
  std::string problem;
  const int a = open_regular_file(args.a, problem);
  const int b = a < 0 ? -1 : open_regular_file(args.b, problem);
  if (a < 0 || b < 0) {
    if (a >= 0) ::close(a);
    std::fprintf(stderr, "zksim: %s: cannot read the trace file: %s\n", (a < 0 ? args.a : args.b).c_str(), problem.c_str());
    return kExitBadInput;
  }
  trace::TraceDiff d;
  try {
    trace::LineReader reader_a = trace::LineReader::from_fd(a), reader_b = trace::LineReader::from_fd(b);
    d = trace::diff_traces(reader_a, reader_b);
  } catch (const std::runtime_error& e) {
    ::close(a);
    ::close(b);
    std::fprintf(stderr, "zksim: %s\n", e.what());
    return kExitBadInput;
  }
  ::close(a);
  ::close(b);
  if (d.identical) {
    std::printf("traces are identical\n");
    return kExitOk;
  }
  if (!d.header_differences.empty()) std::printf("headers differ:\n  %s\n", d.header_differences.c_str());
  if (d.line == 0) std::printf("bodies are identical\n");
  else print_divergence(d);
  return kExitFailedRun;
}

}  // namespace

Command add_diff_command(CLI::App& app) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand("diff", "Show where two traces first diverge");
  cmd->add_option("a", args->a, "First trace file")->required();
  cmd->add_option("b", args->b, "Second trace file")->required();
  return [cmd, args] { return cmd->parsed() ? diff(*args) : -1; };
}

}  // namespace sim::cli
