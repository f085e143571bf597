#pragma once
// What ZAB needs of a server's static settings: who it is and ZooKeeper's timing knobs. Who votes
// is not here: that is the server's QuorumSystem (models/membership), which ZAB reads.
#include "models/core/ids.hpp"
#include "models/core/time.hpp"

namespace models::zab {

struct ZabConfig {
  NodeId id = kNoNode;
  Time tick_ns = ms(2000);   // tickTime
  int init_limit_ticks = 10;  // initLimit
  int sync_limit_ticks = 5;   // syncLimit
  // How long a new leader's zk.startup() takes once a quorum acknowledged NEWLEADER (creating the
  // session tracker and request processor threads, registering JMX beans), measured against a
  // real ensemble (tests/validation/README.md); 0 starts serving at once.
  Time server_startup_ns = 0;
};

}  // namespace models::zab
