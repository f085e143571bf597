// Exhaustive dispatch (models/core/visit.hpp): a visitor that leaves a message kind out, neither
// handled nor ignored by name, is refused when it is compiled; one that names them all calls the
// overload of the kind held.
#include <doctest/doctest.h>

#include "models/core/messages.hpp"
#include "models/core/visit.hpp"

using namespace models;

namespace {

// Every kind but SetWatches.
using AllButSetWatches =
    decltype(ignore<Notification, FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap, NewLeader, UpToDate,
                    Proposal, Ack, Commit, Inform, Ping, ForwardedRequest, ConnectRequest, ConnectResponse,
                    ClientRequest, ClientReply, ClientPing, CloseConnection, WatchEvent, ReconfigRequest,
                    CommitAndActivate, InformAndActivate, ConfigChanged, AppRequest, AppReply, Revalidate>());

}  // namespace

TEST_CASE("visit: a visitor that names no overload for a message kind is not exhaustive") {
  static_assert(!HandlesEvery<AllButSetWatches, Message>::value);
  static_assert(HandlesEvery<Overloaded<AllButSetWatches, decltype(ignore<SetWatches>())>, Message>::value);
}

TEST_CASE("visit: dispatch calls the overload of the kind held, each<> one handler for several kinds") {
  int pings = 0;
  int others = 0;
  const auto visitor = Overloaded{
      [&](const Ping&) { ++pings; },
      each<Notification, FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap, NewLeader, UpToDate, Proposal, Ack,
           Commit, Inform, ForwardedRequest, ConnectRequest, ConnectResponse, ClientRequest, ClientReply,
           ClientPing, CloseConnection, WatchEvent, ReconfigRequest, CommitAndActivate, InformAndActivate,
           ConfigChanged, AppRequest, AppReply, SetWatches, Revalidate>([&](const auto&) { ++others; }),
  };
  dispatch(Message{Ping{}}, visitor);
  dispatch(Message{CloseConnection{}}, visitor);
  dispatch(Message{Ack{}}, visitor);
  CHECK(pings == 1);
  CHECK(others == 2);
}
