#include "sim/check/random_layout.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "models/core/configuration.hpp"
#include "sim/check/draws.hpp"

namespace sim::check {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::uint64_t kLayoutStream = 0x6c61796f7574ULL;  // "layout"
constexpr double kSpreadChance = 0.25;
constexpr double kOutageChance = 0.4;
const char* const kDatacenters[] = {"a", "b", "c"};

// Voters split into two or three groups at random, each with at least one voter.
Json random_groups(models::Rng& rng, int servers) {
  std::vector<int> ids;
  for (int id = 1; id <= servers; ++id) ids.push_back(id);
  rng.shuffle(ids);
  const auto count = static_cast<std::size_t>(rng.uniform_int(2, 3));
  std::vector<std::vector<int>> groups(count);
  for (std::size_t i = 0; i < ids.size(); ++i) groups[i < count ? i : rng.uniform_u64(count)].push_back(ids[i]);
  for (auto& g : groups) std::sort(g.begin(), g.end());
  return groups;
}

// Weights of 1 to 3, one voter in five at 0: a group keeps a voter of weight above 0, so that
// every group counts and a quorum can always be made.
Json random_weights(models::Rng& rng, const Json& groups) {
  Json weights = Json::object();
  for (const Json& group : groups)
    for (std::size_t i = 0; i < group.size(); ++i)
      weights[std::to_string(group[i].get<int>())] = i > 0 && rng.bernoulli(0.2) ? 0 : rng.uniform_int(1, 3);
  return weights;
}

// What "per_datacenter" resolves to: the voters of each datacenter that holds one.
Json groups_by_datacenter(const Json& placement, int servers) {
  Json groups = Json::array();
  for (const char* dc : kDatacenters) {
    Json group = Json::array();
    for (int id = 1; id <= servers; ++id)
      if (placement[static_cast<std::size_t>(id - 1)] == dc) group.push_back(id);
    if (!group.empty()) groups.push_back(group);
  }
  return groups;
}

models::Configuration configuration_of(int servers, const Json& groups, const Json& weights) {
  models::Configuration c;
  for (int id = 1; id <= servers; ++id) c.voters.push_back(static_cast<models::NodeId>(id));
  for (std::size_t g = 0; g < groups.size(); ++g) c.groups.push_back({g + 1, groups[g].get<std::vector<models::NodeId>>()});
  for (const auto& [id, weight] : weights.items())
    c.weights.push_back({static_cast<models::NodeId>(std::stoi(id)), weight.get<std::uint64_t>()});
  models::normalize_layout(c);
  return c;
}

// The highest voter of weight above 0: every server votes for it at the start.
models::NodeId first_leader_of(const models::Configuration& c) {
  models::NodeId first_leader = models::kNoNode;
  for (models::NodeId id : c.voters)
    if (c.weight(id) > 0) first_leader = id;
  return first_leader;
}

// A majority that is no hierarchical quorum while the voters outside it hold one: the smallest,
// preferring one with the first leader, so that a cut of it finds the leader on the majority's
// side when nothing has moved the leadership since.
std::vector<int> find_majority_apart(const models::Configuration& c) {
  const std::size_t n = c.voters.size();
  const models::NodeId first_leader = first_leader_of(c);
  std::vector<int> best;
  bool best_has_leader = false;
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    std::set<models::NodeId> in, out;
    for (std::size_t i = 0; i < n; ++i) (mask >> i & 1 ? in : out).insert(c.voters[i]);
    if (!c.is_majority_quorum(in) || c.is_quorum(in) || !c.is_quorum(out)) continue;
    const bool has_leader = in.count(first_leader) != 0;
    if (!best.empty() && (best_has_leader > has_leader || (best_has_leader == has_leader && in.size() >= best.size()))) continue;
    best.assign(in.begin(), in.end());
    best_has_leader = has_leader;
  }
  return best;
}

}  // namespace

RandomLayout random_layout(std::uint64_t seed) {
  RandomLayout layout{false, false, models::Rng::for_stream(seed, kLayoutStream)};
  layout.spread = layout.rng.bernoulli(kSpreadChance);
  layout.hierarchical = layout.spread && layout.rng.bernoulli(0.8);
  return layout;
}

void add_layout(RandomLayout& layout, Json& base, int servers, int members) {
  layout.voters = servers;
  if (!layout.spread) return;
  models::Rng& rng = layout.rng;
  base["network"] = {{"datacenters", Json::array()}, {"wan", {{"latency_ms", pick<double>(rng, {0.5, 2, 10})}}}};
  for (const char* name : kDatacenters) base["network"]["datacenters"].push_back({{"name", name}});
  Json placement = Json::array();
  for (int id = 1; id <= members; ++id)  // round robin, or each member anywhere
    placement.push_back(kDatacenters[rng.bernoulli(0.5) ? (id - 1) % 3 : rng.uniform_u64(3)]);
  base["ensemble"]["placement"] = placement;
  if (!layout.hierarchical) return;
  Json groups;
  if (rng.bernoulli(0.6)) {
    base["ensemble"]["groups"] = "per_datacenter";
    groups = groups_by_datacenter(placement, servers);
  } else {
    groups = base["ensemble"]["groups"] = random_groups(rng, servers);
    if (rng.bernoulli(0.4)) base["ensemble"]["weights"] = random_weights(rng, groups);
  }
  const models::Configuration configuration = configuration_of(servers, groups, base["ensemble"].value("weights", Json::object()));
  layout.majority_apart = find_majority_apart(configuration);
  const auto first_leader = static_cast<int>(first_leader_of(configuration));
  layout.apart_with_first_leader =
      std::find(layout.majority_apart.begin(), layout.majority_apart.end(), first_leader) != layout.majority_apart.end();
}

// Cut from the rest with the clients, then healed.
std::vector<Json> majority_apart_cut(const RandomLayout& layout, double at_s, double duration_s) {
  std::vector<int> rest;
  for (int id = 1; id <= layout.voters; ++id)
    if (std::find(layout.majority_apart.begin(), layout.majority_apart.end(), id) == layout.majority_apart.end()) rest.push_back(id);
  return {Json{{"at_s", at_s}, {"kind", "partition"}, {"groups", {layout.majority_apart, rest}}, {"clients_group", 0}},
          Json{{"at_s", round_ms(at_s + duration_s)}, {"kind", "heal"}}};
}

std::vector<Json> random_layout_faults(RandomLayout& layout, double at_s, double max_s) {
  if (!layout.spread || max_s < 0.5 || !layout.rng.bernoulli(kOutageChance)) return {};
  models::Rng& rng = layout.rng;
  if (!layout.majority_apart.empty() && rng.bernoulli(0.5))
    return majority_apart_cut(layout, at_s, round_ms(uniform(rng, 0.5, std::min(max_s, 8.0))));
  const std::size_t dc = rng.uniform_u64(3);
  const std::string how = pick<std::string>(rng, {"power_off", "crash", "partition"});
  const double duration_s = round_ms(uniform(rng, 0.5, std::min(max_s, 10.0)));
  if (at_s < layout.down_until_s[dc]) return {};
  layout.down_until_s[dc] = at_s + duration_s;
  return {Json{{"at_s", at_s}, {"kind", "datacenter"}, {"datacenter", kDatacenters[dc]}, {"how", how}, {"duration_s", duration_s}}};
}

}  // namespace sim::check
