#pragma once
// The two official ZooKeeper client libraries (3.8) reconnect differently, and a failover's cost
// to an application depends on which one it links. What differs is timing and when calls fail;
// the session, FIFO order and watches are the same.
//
// java: ClientCnxn (SendThread.run, startConnect, cleanup), ClientCnxnSocketNIO.cleanup and
//       StaticHostProvider.next. After a failed or lost connection: 100 ms pause (the socket's
//       cleanup sleeps), then next(1000) (1 s spin delay when the walk is back at the server of
//       the last successful connection), then a random 0-999 ms sleep (startConnect, skipped until
//       a first connection was ever made). Connect timeout s / number of servers, read timeout
//       2s/3, a ping after readTimeout / 2 without sending.
// c:    zookeeper.c (zookeeper_interest, handle_error, cleanup) with libzookeeper_mt's IO thread.
//       No sleeps: the next server is tried at once, except after the last server of the list,
//       where the IO thread polls recv_timeout / 60 first, a wait any new call cuts short (it wakes
//       the IO thread). One timeout for a silent connection, connecting or not: 2s/3. A ping after
//       s/3 without sending, but never while a request is outstanding.
// Both fail every call they hold (sent or still queued) with CONNECTIONLOSS when a connection
// attempt fails or a connection is lost (ClientCnxn.SendThread.cleanup; cleanup_bufs): a call made
// while disconnected waits for the attempt under way and fails with it when it fails.
#include <cstdint>
#include <optional>
#include <string_view>

#include "models/core/time.hpp"

namespace models {

enum class ClientLibrary : std::uint8_t { java, c };

constexpr std::string_view client_library_name(ClientLibrary library) {
  return library == ClientLibrary::java ? "java" : "c";
}
std::optional<ClientLibrary> client_library_from(std::string_view name);

// ClientCnxn's readTimeout (sessionTimeout * 2 / 3); zookeeper_interest's recv_timeout * 2 / 3.
constexpr Time read_timeout_ns(Time session_timeout_ns) { return session_timeout_ns * 2 / 3; }

// How long an attempt waits for the server's answer before the next server is tried: ClientCnxn's
// connectTimeout = sessionTimeout / hostProvider.size(); the C client has no separate one.
Time connect_timeout_ns(ClientLibrary library, Time session_timeout_ns, std::size_t servers);

// Idle sending time after which a connected client pings: ClientCnxn pings at readTimeout / 2,
// zookeeper_interest at recv_timeout / 3.
Time ping_idle_ns(ClientLibrary library, Time session_timeout_ns);

// java: ClientCnxnSocketNIO.cleanup's Thread.sleep(100) after closing a socket.
constexpr Time kJavaCleanupPauseNs = ms(100);
// java: startConnect's Thread.sleep(ThreadLocalRandom.current().nextLong(1000)), in ms.
constexpr std::int64_t kJavaReconnectSleepMsBound = 1000;
// c: zookeeper_interest's delay after a whole list failed, recv_timeout / 60.
constexpr Time c_list_end_pause_ns(Time session_timeout_ns) { return session_timeout_ns / 60; }

}  // namespace models
