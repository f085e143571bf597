#include "models/client/session_holder.hpp"

namespace models {

std::unique_ptr<Client> make_session_client(const ClientConfig& config) {
  // One idle workload for every holder: open loop at rate zero issues nothing on its own.
  static const auto idle = std::make_shared<const Workload>(WorkloadSpec{LoopKind::open, 0.0, 1, 1.0, 1, 0.0, 0});
  return std::make_unique<Client>(config, idle);
}

bool session_established(const Effects& effects, bool fresh_only) {
  for (const Observation& o : effects.observe)
    if (const auto* e = std::get_if<SessionEstablished>(&o); e && (e->fresh || !fresh_only)) return true;
  return false;
}

bool watch_fired_on(const Effects& effects, const std::string& path) {
  for (const Observation& o : effects.observe)
    if (const auto* w = std::get_if<WatchTriggered>(&o); w && w->path == path) return true;
  return false;
}

}  // namespace models
