#pragma once
// The one holder of a server's configurations. ZAB decides when a configuration is proposed,
// dropped or activated, but it does not keep one: the server owns the QuorumSystem, hands it by
// const reference to the election and to ZAB (both read it and see every change at once), and
// changes it only through this interface. Four copies kept equal by hand drift; one cannot.
#include "models/core/configuration.hpp"
#include "models/membership/quorum_system.hpp"

namespace models::membership {

class ConfigurationOwner {
 public:
  // A reconfig was logged: every quorum is joint until it commits (QuorumSystem::set_pending).
  virtual void propose_configuration(Configuration next) = 0;
  // The role that counted with a pending configuration ended, or a new leader looks again.
  virtual void drop_pending_configuration() = 0;
  // A reconfig committed: false if `next` was not newer than the active configuration.
  virtual bool activate_configuration(const Configuration& next) = 0;

 protected:
  ~ConfigurationOwner() = default;
};

}  // namespace models::membership
