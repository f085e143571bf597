#include "sim/check/campaign.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "sim/check/swarm.hpp"
#include "sim/interrupt.hpp"

namespace sim::check {

namespace {

constexpr int kShrinkRunsMax = 40;

struct Written {
  std::string path;   // empty when it could not be written
  std::string error;  // why
};

Written write_scenario(const std::string& dir, const std::string& name, const nlohmann::ordered_json& scenario) {
  throw_if_interrupted();  // a shrink that the signal cut short is no result
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return {"", "cannot create " + dir + ": " + ec.message()};
  const std::string path = (std::filesystem::path(dir) / name).string();
  std::ofstream file(path, std::ios::binary);
  file << scenario.dump(2) << "\n";
  file.close();
  if (!file) return {"", "cannot write " + path};
  return {path, ""};
}

std::string summary_of(const RandomScenario& s) {
  const auto& e = s.base.at("ensemble");
  std::string aims;
  for (const std::string& aim : s.aims) aims += (aims.empty() ? "" : "+") + aim;
  char text[320];
  std::snprintf(text, sizeof text, "%d servers + %d observers, %d clients, %.0f req/s, %s, %zu faults, %.0f s",
                e.at("servers").get<int>(), e.at("observers").get<int>(), s.base.at("clients").at("count").get<int>(),
                s.base.at("workload").at("rate_per_s").get<double>(), aims.c_str(), s.faults.size(), s.duration_s);
  return text;
}

void print_shrunk(const CampaignOptions& o, const SeedResult& r, const std::string& broken) {
  const auto seed = static_cast<unsigned long long>(r.seed);
  const auto shrunk = shrink(r.scenario, r.verdict.outcome, kShrinkRunsMax,
                             o.out_dir + "/shrink-" + std::to_string(seed) + ".log", o.bugs);
  const Written file = write_scenario(o.out_dir, "seed-" + std::to_string(seed) + "-shrunk.json", scenario_json(r.scenario, shrunk));
  if (file.path.empty())
    std::printf("  shrunk to %zu of %zu faults (not written: %s):\n", shrunk.size(), r.scenario.faults.size(), file.error.c_str());
  else
    std::printf("  shrunk to %zu of %zu faults (zksim run %s%s):\n", shrunk.size(), r.scenario.faults.size(),
                file.path.c_str(), broken.c_str());
  for (const auto& e : shrunk) std::printf("    %s\n", describe_event(e).c_str());
}

// The failure, and every command that reproduces it: each names the variant under --break.
void report_failure(const CampaignOptions& o, const SeedResult& r) {
  const auto seed = static_cast<unsigned long long>(r.seed);
  const std::string broken = o.broken.empty() ? "" : " --break " + o.broken;
  const Written file = write_scenario(o.out_dir, "seed-" + std::to_string(seed) + ".json", scenario_json(r.scenario, r.scenario.faults));
  std::printf("  %s\n  reproduce: zksim check --seeds 1 --from %llu%s\n", r.verdict.detail.c_str(), seed, broken.c_str());
  if (file.path.empty())
    std::printf("  the seed's files could not be written (%s)\n", file.error.c_str());
  else if (r.verdict.outcome == Outcome::no_liveness)  // `zksim run` judges safety only
    std::printf("  its scenario: zksim run %s%s (the run; only check judges liveness)\n", file.path.c_str(), broken.c_str());
  else
    std::printf("             zksim run %s%s\n", file.path.c_str(), broken.c_str());
  if (o.shrink && !r.scenario.faults.empty()) print_shrunk(o, r, broken);
}

struct ProbeTally {
  std::array<std::uint64_t, models::kProbeCount> seeds{};  // seeds that reached each
  std::array<std::uint64_t, models::kProbeCount> times{};  // times each was reached, all seeds
  void add(const ProbeCounts& counts) {
    for (std::size_t i = 0; i < counts.size(); ++i) {
      seeds[i] += counts[i] > 0 ? 1 : 0;
      times[i] += counts[i];
    }
  }
};

void print_probes(const ProbeTally& tally, std::uint64_t ran) {
  std::printf("probes (seeds that reached each, of %llu; times reached):\n", static_cast<unsigned long long>(ran));
  std::string never;
  for (std::size_t i = 0; i < models::kProbeCount; ++i) {
    const std::string name(models::kProbeNames[i]);
    std::printf("  %-32s %8llu %10llu\n", name.c_str(), static_cast<unsigned long long>(tally.seeds[i]),
                static_cast<unsigned long long>(tally.times[i]));
    if (tally.seeds[i] == 0) never += (never.empty() ? "" : ", ") + name;
  }
  std::printf("never reached: %s\n", never.empty() ? "none" : never.c_str());
}

std::vector<models::Probe> missing(const ProbeTally& tally) {
  std::vector<models::Probe> out;
  for (models::Probe p : required_probes())
    if (tally.seeds[static_cast<std::size_t>(p)] == 0) out.push_back(p);
  return out;
}

// CPU time of every child run reaped so far (the seeds' and the shrinking's).
double children_cpu_s() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

const std::vector<models::Probe>& required_probes() {
  static const std::vector<models::Probe> probes{
      models::Probe::trunc_sent,
      models::Probe::snap_sent,
      models::Probe::election_waited_out_lost_vote,
      models::Probe::older_epoch_proposal_refused,
      models::Probe::reconfig_abandoned,
      models::Probe::session_expired_during_sync,
  };
  return probes;
}

CampaignResult run_campaign(const CampaignOptions& o) {
  const auto wall_start = std::chrono::steady_clock::now();
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) std::printf("zksim check: cannot create %s (%s): failing seeds' files will not be written\n", o.out_dir.c_str(), ec.message().c_str());
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < o.seeds; ++i) seeds.push_back(o.from + i);
  CampaignResult result;
  ProbeTally tally;
  run_seeds(seeds, o.jobs, o.out_dir, o.bugs, [&](const SeedResult& r) {
    throw_if_interrupted();  // a seed that the signal stopped is no verdict (main stops the other children)
    ++result.ran;
    tally.add(r.verdict.probes);
    std::printf("seed %-8llu %-12s %s\n", static_cast<unsigned long long>(r.seed), outcome_name(r.verdict.outcome),
                summary_of(r.scenario).c_str());
    if (o.keep && r.verdict.outcome == Outcome::ok)
      write_scenario(o.out_dir, "seed-" + std::to_string(r.seed) + ".json", scenario_json(r.scenario, r.scenario.faults));
    if (r.verdict.outcome != Outcome::ok) {
      ++result.failed;
      report_failure(o, r);
    }
    std::fflush(stdout);
    return !(o.first_failure && r.verdict.outcome != Outcome::ok);
  });
  print_probes(tally, result.ran);
  if (o.require_probes) {
    result.required_missing = missing(tally);
    std::string names;
    for (models::Probe p : result.required_missing) names += (names.empty() ? "" : ", ") + std::string(models::probe_name(p));
    if (!names.empty()) std::printf("required probes never reached: %s\n", names.c_str());
  }
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double per_seed = 1.0 / static_cast<double>(std::max<std::uint64_t>(result.ran, 1));
  std::printf("%llu of %llu seeds failed (%.1f s wall with %d jobs; per seed %.2f s of CPU, shrinking included)\n",
              static_cast<unsigned long long>(result.failed), static_cast<unsigned long long>(result.ran), wall_s, o.jobs,
              children_cpu_s() * per_seed);
  return result;
}

}  // namespace sim::check
