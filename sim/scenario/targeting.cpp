#include "sim/scenario/targeting.hpp"

#include <array>
#include <iterator>
#include <utility>

namespace sim {

namespace {

constexpr std::array<std::pair<Moment::Kind, const char*>, 5> kObservedMoments{{
    {Moment::Kind::txn_logged, "txn_logged"},
    {Moment::Kind::leader_established, "leader_established"},
    {Moment::Kind::election_started, "election_started"},
    {Moment::Kind::synced, "synced"},
    {Moment::Kind::reconfig_proposed, "reconfig_proposed"},
}};

}  // namespace

std::optional<ServerRole> server_role_from(std::string_view name) {
  for (std::size_t i = 1; i < std::size(kServerRoleNames); ++i)
    if (name == kServerRoleNames[i]) return static_cast<ServerRole>(i);
  return std::nullopt;
}

std::string moment_name(const Moment& moment) {
  if (moment.kind == Moment::Kind::probe) return std::string(models::probe_name(moment.probe));
  for (const auto& [kind, name] : kObservedMoments)
    if (kind == moment.kind) return name;
  return "none";
}

std::optional<Moment> moment_from(std::string_view name) {
  for (const auto& [kind, known] : kObservedMoments)
    if (name == known) return Moment{kind};
  if (const std::optional<models::Probe> probe = models::probe_from(name)) return Moment{Moment::Kind::probe, *probe};
  return std::nullopt;
}

std::string moment_names() {
  std::string names;
  for (const auto& [kind, name] : kObservedMoments) names += (names.empty() ? "" : ", ") + std::string(name);
  for (std::string_view probe : models::kProbeNames) names += ", " + std::string(probe);
  return names;
}

std::string server_role_names() {
  std::string names;
  for (std::size_t i = 1; i < std::size(kServerRoleNames); ++i) names += (i > 1 ? ", " : "") + std::string(kServerRoleNames[i]);
  return names;
}

}  // namespace sim
