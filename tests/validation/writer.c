/* One synchronous writer on one ZooKeeper session (the C client, libzookeeper_mt), for the
 * validation suite (tests/validation/README.md); the twin of Writer.java, with the same output:
 *
 *   <epoch_ms> OK <latency_ms>                 a write (zoo_set) completed
 *   <epoch_ms> ERR <code> <latency_ms>         a write failed (ZCONNECTIONLOSS = -4, ...)
 *   <epoch_ms> REPEAT <n>                      the previous error came back n more times
 *   <epoch_ms> EVENT <state> <server_port>     the session's state changed
 *
 * Time is CLOCK_REALTIME in milliseconds, the clock of the servers' log lines. A failed call is
 * retried at once, as a synchronous application does, except that a call that failed in under a
 * millisecond (the library refused it without waiting) is retried after 1 ms, so that the loop
 * does not take a core from the servers on a two-core machine; repeats are counted, not printed.
 *
 * Usage: writer <connect string> <session_timeout_ms> <value_bytes> <duration_s>
 * The library's own log (warnings and errors) goes to stderr. */
#define _POSIX_C_SOURCE 200809L
#define THREADED /* the synchronous API of libzookeeper_mt */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zookeeper/zookeeper.h>

static const char *PATH = "/validation";
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t state_changed = PTHREAD_COND_INITIALIZER;
static int connected = 0;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double elapsed_ms(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  va_list args;
  pthread_mutex_lock(&out_lock);
  printf("%lld ", now_ms());
  va_start(args, fmt);
  vprintf(fmt, args);
  va_end(args);
  putchar('\n');
  fflush(stdout);
  pthread_mutex_unlock(&out_lock);
}

static const char *state_name(int state) {
  if (state == ZOO_CONNECTED_STATE) return "SyncConnected";
  if (state == ZOO_CONNECTING_STATE) return "Disconnected";
  if (state == ZOO_EXPIRED_SESSION_STATE) return "Expired";
  if (state == ZOO_AUTH_FAILED_STATE) return "AuthFailed";
  if (state == ZOO_ASSOCIATING_STATE) return "Associating";
  return "Other";
}

static int server_port(zhandle_t *zh) {
  struct sockaddr_storage addr;
  socklen_t len = sizeof addr;
  if (!zookeeper_get_connected_host(zh, (struct sockaddr *)&addr, &len)) return -1;
  if (addr.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&addr)->sin6_port);
  return -1;
}

static void watcher(zhandle_t *zh, int type, int state, const char *path, void *context) {
  (void)path;
  (void)context;
  if (type != ZOO_SESSION_EVENT) return;
  say("EVENT %s %d", state_name(state), state == ZOO_CONNECTED_STATE ? server_port(zh) : -1);
  pthread_mutex_lock(&state_lock);
  connected = state == ZOO_CONNECTED_STATE;
  pthread_cond_broadcast(&state_changed);
  pthread_mutex_unlock(&state_lock);
}

static zhandle_t *connect_session(const char *hosts, int timeout_ms) {
  zhandle_t *zh = zookeeper_init(hosts, watcher, timeout_ms, NULL, NULL, 0);
  if (!zh) { perror("zookeeper_init"); exit(1); }
  pthread_mutex_lock(&state_lock);
  while (!connected) pthread_cond_wait(&state_changed, &state_lock);
  pthread_mutex_unlock(&state_lock);
  return zh;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: writer <hosts> <session_timeout_ms> <value_bytes> <duration_s>\n");
    return 2;
  }
  const char *hosts = argv[1];
  int timeout_ms = atoi(argv[2]), value_bytes = atoi(argv[3]);
  long long end_ms = now_ms() + atoll(argv[4]) * 1000;
  char *value = calloc((size_t)value_bytes, 1);
  zoo_set_debug_level(ZOO_LOG_LEVEL_WARN);
  zhandle_t *zh = connect_session(hosts, timeout_ms);
  zoo_create(zh, PATH, value, value_bytes, &ZOO_OPEN_ACL_UNSAFE, 0, NULL, 0);
  say("START %d %d", timeout_ms, value_bytes);
  int last_error = 0;
  long repeats = 0;
  while (now_ms() < end_ms) {
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = zoo_set(zh, PATH, value, value_bytes, -1);
    double took_ms = elapsed_ms(&t0);
    if (rc != ZOK && rc == last_error) {
      repeats++;
    } else {
      if (repeats > 0) say("REPEAT %ld", repeats);
      repeats = 0;
      if (rc == ZOK) say("OK %.0f", took_ms);
      else say("ERR %d %.0f", rc, took_ms);
    }
    last_error = rc == ZOK ? 0 : rc;
    if (rc == ZINVALIDSTATE || rc == ZSESSIONEXPIRED) {
      zookeeper_close(zh);
      pthread_mutex_lock(&state_lock);
      connected = 0;
      pthread_mutex_unlock(&state_lock);
      zh = connect_session(hosts, timeout_ms);
    } else if (rc != ZOK && took_ms < 1.0) {
      struct timespec pause = {0, 1000000};
      nanosleep(&pause, NULL);
    }
  }
  if (repeats > 0) say("REPEAT %ld", repeats);
  say("END");
  zookeeper_close(zh);
  return 0;
}
