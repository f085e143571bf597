#pragma once
// ZooKeeper answers each session's requests in the order they were sent (its CommitProcessor
// holds a session's reads behind that session's pending writes). Reads are otherwise served
// locally at once; this keeps the per-client FIFO guarantee when they are not.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/txn.hpp"

namespace models {

class SessionOrder {
 public:
  struct Request {
    std::uint64_t cxid = 0;
    Op op;
  };
  // True when the read may be answered now; otherwise it waits behind the client's writes.
  bool admit_read(NodeId client, const Request& read);
  void admit_write(NodeId client, const Request& write);
  // A write was applied. If it is the client's oldest write waiting here, returns the reads that
  // were waiting behind it and are now free to be answered, in order; nullopt if this server is
  // not waiting for it (it came through an earlier connection or process), so nobody answers.
  std::optional<std::vector<Request>> write_applied(NodeId client, std::uint64_t cxid);
  // The client's connection is gone: forget what it was waiting for.
  void forget(NodeId client) { queues_.erase(client); }
  std::size_t waiting(NodeId client) const;

 private:
  std::map<NodeId, std::deque<Request>> queues_;  // per client: a write first, then anything
};

}  // namespace models
