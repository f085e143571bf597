// The watches a ZooKeeper client holds and their re-registration after a reconnect (ClientCnxn's
// SetWatches, with ZKWatchManager's data, exist and child watch tables). The server the client
// left has dropped them with the connection; without this, a client that moved would never hear
// of changes it asked to be told about (a service-discovery client would keep a stale list).
#include "models/client/client.hpp"

namespace models {

namespace {
constexpr std::uint8_t kWatchData = 1;
constexpr std::uint8_t kWatchExist = 2;
constexpr std::uint8_t kWatchChild = 4;
}  // namespace

// The server leaves a watch where the read succeeded, and for exists also on a missing znode.
void Client::note_watch_set(const Op& op, Status status) {
  const std::string path = path_of(op);
  if (op.code == OpCode::exists) watches_[path] |= status == Status::ok ? kWatchData : kWatchExist;
  else if (op.code == OpCode::children && status == Status::ok) watches_[path] |= kWatchChild;
  else if (op.code == OpCode::data && status == Status::ok) watches_[path] |= kWatchData;
}

// One event consumes the watches it triggers (one-shot), as the server's WatchManager does.
void Client::note_watch_fired(const WatchEvent& event) {
  auto it = watches_.find(event.path);
  if (it == watches_.end()) return;
  if (event.event == WatchEventType::children_changed) it->second &= static_cast<std::uint8_t>(~kWatchChild);
  else if (event.event == WatchEventType::deleted) it->second = 0;
  else it->second &= static_cast<std::uint8_t>(~(kWatchData | kWatchExist));
  if (it->second == 0) watches_.erase(it);
}

void Client::reregister_watches(Zxid relative_zxid, Effects& out) {
  if (watches_.empty()) return;
  SetWatches request{relative_zxid, {}, {}, {}};
  for (const auto& [path, kinds] : watches_) {
    if (kinds & kWatchData) request.data.push_back(path);
    if (kinds & kWatchExist) request.exist.push_back(path);
    if (kinds & kWatchChild) request.child.push_back(path);
  }
  out.send(server_, std::move(request));
}

}  // namespace models
