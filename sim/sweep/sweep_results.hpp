#pragma once
// The results of a sweep and every file written from them. A sharded run writes its part as a
// shard file; `zksim merge` reads the shards back and writes the same files an unsharded run does.
// Both go through the same JSON form (doubles round-trip exactly through nlohmann's shortest
// representation) and every number in a table goes through a fixed printf format, so the merged
// outputs are byte-identical to the unsharded ones.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/sweep/plan.hpp"
#include "sim/sweep/search.hpp"

namespace sim::sweep {

constexpr const char* kSweepSchema = "zksim.sweep/1";
constexpr const char* kShardSchema = "zksim.sweep-shard/1";

struct ConfigResult {
  Configuration config;
  std::string profile_label;
  SearchOutcome outcome;
  std::string strategy_label = "scenario";
};

// Everything the output files are made from: nothing in it depends on where or how it was run.
struct SweepData {
  nlohmann::ordered_json plan_echo;
  Slo slo;
  std::optional<double> target_rate_per_s;
  std::size_t configuration_count = 0;   // of the whole plan (a shard holds only some)
  std::vector<ConfigResult> results;     // sorted by configuration index
};

SweepData sweep_data(const Plan& plan);  // with no results yet

nlohmann::ordered_json shard_json(const SweepData& data, int shard_index, int shard_count);

struct ShardFile {
  SweepData data;
  int shard_index = 0;
  int shard_count = 1;
};
// Throws std::runtime_error naming the file and what is wrong.
ShardFile parse_shard(const nlohmann::json& doc, const std::string& source);

// The shard file name of shard I of N: shard-I-of-N.json.
std::string shard_file_name(int shard_index, int shard_count);

// Combines shards of one plan: the same plan and shard count, each shard index once, all present.
SweepData merge_shards(const std::vector<ShardFile>& shards);

// The terminal table with the recommendation lines (also summary.txt).
std::string sweep_table(const SweepData& data);
std::string sweep_csv(const SweepData& data);
nlohmann::ordered_json sweep_json(const SweepData& data);
std::vector<std::string> recommendations(const SweepData& data);

// Writes sweep.json, sweep.csv, summary.txt and plots/capacity.{dat,gp,png,svg} into out_dir.
// Returns a warning (gnuplot missing or failing) or an empty string.
std::string write_sweep_outputs(const SweepData& data, const std::string& out_dir);

}  // namespace sim::sweep
