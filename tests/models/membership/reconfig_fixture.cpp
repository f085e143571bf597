#include "tests/models/membership/reconfig_fixture.hpp"

#include <doctest/doctest.h>

namespace reconfig_test {

Rig::Rig(int servers, std::vector<NodeId> voters, std::vector<NodeId> observers, int clients) {
  zk_test::EnsembleOptions o;
  o.voters = servers;
  o.clients = clients;
  o.session_timeout_ns = sec(6);
  o.recorder = &checker;
  o.tweak = [voters, observers](ServerConfig& config) {
    config.voters = voters;
    config.observers = observers;
  };
  ensemble = std::make_unique<zk_test::Ensemble>(o);
}

Rig::Rig(int servers, const Configuration& start, int clients, ProtocolBugs bugs) {
  zk_test::EnsembleOptions o;
  o.voters = servers;
  o.clients = clients;
  o.session_timeout_ns = sec(6);
  o.recorder = &checker;
  o.bugs = bugs;
  o.tweak = [start](ServerConfig& config) {
    config.voters = start.voters;
    config.observers = start.observers;
    config.groups = start.groups;
    config.weights = start.weights;
  };
  ensemble = std::make_unique<zk_test::Ensemble>(o);
}

void Rig::request_members(std::uint64_t id, Configuration next, NodeId at) {
  if (at == kNoNode) at = ensemble->leader();
  REQUIRE(at != kNoNode);
  ReconfigRequest request{id, {}, {}, {}};
  request.members = std::make_shared<const Configuration>(std::move(next));
  ensemble->cluster().control(at, RequestReconfig{request});
}

void Rig::request(std::uint64_t id, std::vector<NodeId> add_voters, std::vector<NodeId> add_observers,
                  std::vector<NodeId> remove, NodeId at) {
  if (at == kNoNode) at = ensemble->leader();
  REQUIRE(at != kNoNode);
  ensemble->cluster().control(at, RequestReconfig{ReconfigRequest{id, add_voters, add_observers, remove}});
}

std::vector<ReconfigEvent> Rig::events(ReconfigPhase phase, std::uint64_t id) const {
  std::vector<ReconfigEvent> found;
  for (const auto& [t, event] : ensemble->all<ReconfigEvent>())
    if (event.phase == phase && (id == 0 || event.request_id == id)) found.push_back(event);
  return found;
}

bool Rig::all_have_voters(const std::vector<NodeId>& voters) {
  for (NodeId id : ensemble->servers)
    if (ensemble->alive(id) && ensemble->server(id).configuration().voters != voters) return false;
  return true;
}

bool Rig::wait_voters(const std::vector<NodeId>& voters, Time timeout_ns) {
  return ensemble->wait_until([&] { return all_have_voters(voters); }, timeout_ns, ms(1));
}

void Rig::check_clean() {
  CHECK_MESSAGE(!checker.violated(), checker.summary());
  const std::vector<std::string> problems = ensemble->check_outcomes();
  CHECK_MESSAGE(problems.empty(), zk_test::joined(problems));
}

}  // namespace reconfig_test
