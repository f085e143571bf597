// `zksim merge SHARD.json... --out DIR`: the shard files of a sharded sweep, each checked against
// its plan's grid and search, combined into exactly what the unsharded sweep writes.
#include <cstdio>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/output_file.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/sweep/sweep_results.hpp"

namespace sim::cli {

namespace {

struct MergeArgs {
  std::vector<std::string> shard_files;
  std::string out_dir;
};

// Reads and checks every shard file; false (after printing every problem) when one is bad.
bool read_shards(const MergeArgs& args, std::vector<sweep::ShardFile>& shards) {
  bool ok = true;
  for (const std::string& file : args.shard_files) {
    std::vector<InputError> errors;
    const std::optional<nlohmann::json> doc = read_json_file(file, errors);
    std::optional<sweep::ShardFile> shard;
    if (doc) shard = sweep::read_shard(*doc, file, errors);
    if (shard) shards.push_back(std::move(*shard));
    std::fputs(format_input_errors("zksim merge: " + file, errors).c_str(), stderr);
    ok = ok && shard.has_value();
  }
  return ok;
}

int run(const MergeArgs& args) {
  std::vector<sweep::ShardFile> shards;
  if (!read_shards(args, shards)) return kExitBadInput;
  std::vector<std::string> errors;
  const std::optional<sweep::SweepData> merged = sweep::merge_shards(shards, errors);
  for (const std::string& e : errors) std::fprintf(stderr, "zksim merge: %s\n", e.c_str());
  if (!merged) return kExitBadInput;
  StagedFolder out(args.out_dir);
  out.remove_earlier();
  const std::string warning = out.with_final_path(sweep::write_sweep_outputs(*merged, out.path().string()));
  out.commit();
  if (!warning.empty()) std::fprintf(stderr, "zksim: warning: %s\n", warning.c_str());
  std::fputs(sweep::sweep_table(*merged).c_str(), stdout);
  std::printf("\n  results: %s/sweep.json (also report.html, sweep.csv, summary.txt, plots/capacity.*)\n", args.out_dir.c_str());
  return kExitOk;
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand("merge", "Combine the shard files of a sharded sweep into the unsharded outputs");
  cmd->add_option("shards", args->shard_files, "shard-I-of-N.json files, one per shard")->required();
  cmd->add_option("--out", args->out_dir, "Output folder, replaced as a whole once the outputs are complete")->required();
  return [cmd, args] { return cmd->parsed() ? run(*args) : -1; };
}

}  // namespace sim::cli
