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

#include "sim/scenario/json_reader.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/search.hpp"

namespace sim::sweep {

// Version 2: verdicts on confidence intervals, adaptive replications, the extra grid dimensions.
constexpr const char* kSweepSchema = "zksim.sweep/2";
// Version 2 recorded the grid and the search, so that merge can check every result against them;
// version 3 adds the confidence rule, each step's verdict and the extra grid dimensions.
constexpr const char* kShardSchema = "zksim.sweep-shard/3";

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
  GridAxes axes;
  SearchSpec search;
  ConfidenceSpec confidence;
  int replications = 3;
  std::uint64_t seed = 1;
  std::size_t configuration_count = 0;   // of the whole plan (a shard holds only some)
  std::vector<ConfigResult> results;     // sorted by configuration index
};

SweepData sweep_data(const Plan& plan);  // with no results yet

nlohmann::ordered_json shard_json(const SweepData& data, int shard_index, int shard_count);

struct ShardFile {
  SweepData data;
  int shard_index = 0;
  int shard_count = 1;
  std::string source;  // the file, for messages
};
// Reads a shard file and checks its contents: every result is a configuration of the recorded
// grid that belongs to this shard (index % count == shard index), at most once, and is what the
// plan's search makes of its recorded steps (each step's replications, the SLO verdict of their
// means, the rates the search asks for, the capacity and bound it ends with). Problems go to errors
// with their JSON paths; nothing is returned when there is one.
std::optional<ShardFile> read_shard(const nlohmann::json& doc, const std::string& source, std::vector<InputError>& errors);

// The shard file name of shard I of N: shard-I-of-N.json.
std::string shard_file_name(int shard_index, int shard_count);

// Combines shards of one plan: the same plan, grid, search and shard count, each shard index once,
// every configuration of the grid exactly once. Otherwise nothing, with one "FILE: what" line per
// problem in errors.
std::optional<SweepData> merge_shards(const std::vector<ShardFile>& shards, std::vector<std::string>& errors);

// The terminal table with the recommendation lines (also summary.txt).
std::string sweep_table(const SweepData& data);
std::string sweep_csv(const SweepData& data);
nlohmann::ordered_json sweep_json(const SweepData& data);
std::vector<std::string> recommendations(const SweepData& data);

// The labels of the extra dimensions the plan names, for a configuration ("clients 100, tick_ms
// 500"), "" when it names none.
std::string extra_labels(const GridAxes& axes, const Configuration& config);

// Writes sweep.json, sweep.csv, summary.txt, plots/capacity.{dat,gp,png,svg},
// plots/knee-I.{dat,gp,png,svg} and report.html (all of it in one page: analysis/report/
// html_sweep_report.hpp) into out_dir (the caller's staging folder: sim/output_file.hpp).
// Returns what the user should know about the plots (gnuplot missing or failing, no capacity to
// draw) or an empty string; throws WriteError when a file cannot be written.
std::string write_sweep_outputs(const SweepData& data, const std::string& out_dir);

}  // namespace sim::sweep
