#include <cstdio>
#include <memory>
#include <stdexcept>

#include "sim/cli/commands.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/sweep/sweep_results.hpp"

namespace sim::cli {

namespace {

struct MergeArgs {
  std::vector<std::string> shard_files;
  std::string out_dir;
};

// Reads every shard file; false (after printing why) when one cannot be read or is not a shard.
bool read_shards(const MergeArgs& args, std::vector<sweep::ShardFile>& shards) {
  for (const std::string& file : args.shard_files) {
    std::vector<InputError> errors;
    const std::optional<nlohmann::json> doc = read_json_file(file, errors);
    if (!doc) {
      std::fputs(("zksim merge: " + format_input_errors(file, errors)).c_str(), stderr);
      return false;
    }
    try {
      shards.push_back(sweep::parse_shard(*doc, file));
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "zksim merge: %s\n", e.what());
      return false;
    }
  }
  return true;
}

int run(const MergeArgs& args) {
  std::vector<sweep::ShardFile> shards;
  if (!read_shards(args, shards)) return kExitBadInput;
  sweep::SweepData merged;
  try {
    merged = sweep::merge_shards(shards);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "zksim merge: %s\n", e.what());
    return kExitBadInput;
  }
  const std::string warning = sweep::write_sweep_outputs(merged, args.out_dir);
  if (!warning.empty()) std::fprintf(stderr, "zksim: warning: %s\n", warning.c_str());
  std::fputs(sweep::sweep_table(merged).c_str(), stdout);
  std::printf("\n  results: %s/sweep.json (also sweep.csv, summary.txt, plots/capacity.*)\n", args.out_dir.c_str());
  return kExitOk;
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand("merge", "Combine the shard files of a sharded sweep into the unsharded outputs");
  cmd->add_option("shards", args->shard_files, "shard-I-of-N.json files, one per shard")->required();
  cmd->add_option("--out", args->out_dir, "Output folder")->required();
  return [cmd, args] { return cmd->parsed() ? run(*args) : -1; };
}

}  // namespace sim::cli
