#pragma once
// A swarm campaign, as `zksim check` runs it: seeds run (sim/check/swarm.hpp), one line each;
// each failing seed with the commands that reproduce it, its scenario written out and its fault
// schedule shrunk; the coverage probes (models/core/probe.hpp) counted over the campaign, and the
// ones never reached named.
#include <cstdint>
#include <string>
#include <vector>

#include "models/core/probe.hpp"
#include "models/core/protocol_bugs.hpp"

namespace sim::check {

struct CampaignOptions {
  std::uint64_t seeds = 10;
  std::uint64_t from = 1;
  int jobs = 1;
  std::string out_dir = "out/check";
  bool shrink = true;
  bool keep = false;            // write every seed's scenario, not only the failing ones
  bool first_failure = false;   // stop at the first failing seed
  bool require_probes = false;  // a required probe never reached fails the campaign
  std::string broken;           // --break: the variant's name ("" for the protocol as it should be)
  models::ProtocolBugs bugs;
};

struct CampaignResult {
  std::uint64_t ran = 0;
  std::uint64_t failed = 0;
  std::vector<models::Probe> required_missing;  // with require_probes only
};

// The probes every campaign of a few dozen seeds of the correct protocol must reach: the rare
// situations issue 16 names. A CI test runs a campaign with --require-probes.
const std::vector<models::Probe>& required_probes();

// Runs the campaign, printing on stdout as it goes.
CampaignResult run_campaign(const CampaignOptions& options);

}  // namespace sim::check
