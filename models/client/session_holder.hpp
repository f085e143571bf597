#pragma once
// A ZooKeeper session held by a node whose own job is something else (an application server that
// registers itself, an application client that watches a service). It wraps a Client with an idle
// workload: the holder issues its own operations with submit() and reads what the session observed
// (established, expired, watch events) from the Effects it forwards.
#include <memory>

#include "models/client/client.hpp"

namespace models {

// Timer ids the holder's Client uses stay below this; the holder's own timers start here.
constexpr TimerId kHolderTimerBase = 100;

std::unique_ptr<Client> make_session_client(const ClientConfig& config);

// Whether a step of the session established it (fresh or moved; a fresh one only if fresh_only).
bool session_established(const Effects& effects, bool fresh_only = false);
// Whether a step of the session fired a watch on path.
bool watch_fired_on(const Effects& effects, const std::string& path);

}  // namespace models
