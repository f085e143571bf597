// One synchronous writer on one ZooKeeper session (the Java client, ClientCnxn), for the
// validation suite (tests/validation/README.md). It sets a value of `value_bytes` bytes on one
// znode in a loop, one request at a time, and prints one line per completed write, per error and
// per connection event, each stamped with the wall clock in milliseconds (System.currentTimeMillis,
// the CLOCK_REALTIME the servers' log lines use), so that the lines can be put beside theirs:
//
//   <epoch_ms> OK <latency_ms>                    a write completed
//   <epoch_ms> ERR <code> <latency_ms>            a write failed (ConnectionLoss, SessionExpired...)
//   <epoch_ms> EVENT <state> <server_port>        the session's state changed (SyncConnected...)
//
// Usage: java -cp <zookeeper jars>:. Writer <connect string> <session_timeout_ms> <value_bytes>
//        <duration_s>
//        java ... Writer --preload <connect string> <count> <value_bytes>
// (--preload creates <count> znodes /preload/n<i> asynchronously, 500 in flight, and exits: the
// known data size the database reload and snapshot figures are measured with.)
import java.util.concurrent.Semaphore;
import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.*;
import org.apache.zookeeper.data.Stat;

public class Writer {
    static final String PATH = "/validation";

    static synchronized void say(String line) {
        System.out.println(System.currentTimeMillis() + " " + line);
        System.out.flush();
    }

    // The server the session is connected to, from ClientCnxn's toString ("remoteserver:host/ip:port").
    static String serverPort(ZooKeeper zk) {
        String s = zk.toString();
        int i = s.indexOf("remoteserver:");
        if (i < 0) return "-";
        String rest = s.substring(i + "remoteserver:".length()).split(" ")[0];
        int colon = rest.lastIndexOf(':');
        return colon < 0 ? "-" : rest.substring(colon + 1);
    }

    static ZooKeeper connect(String hosts, int timeoutMs) throws Exception {
        final ZooKeeper[] holder = new ZooKeeper[1];
        final CountDownLatch connected = new CountDownLatch(1);
        Watcher w = event -> {
            if (event.getType() != Watcher.Event.EventType.None) return;
            Watcher.Event.KeeperState st = event.getState();
            String port = holder[0] == null ? "-" : serverPort(holder[0]);
            say("EVENT " + st + " " + port);
            if (st == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
        };
        holder[0] = new ZooKeeper(hosts, timeoutMs, w);
        connected.await();
        return holder[0];
    }

    static void ensureNode(ZooKeeper zk, String path, byte[] value) throws Exception {
        try {
            zk.create(path, value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // a previous writer of this ensemble made it
        }
    }

    static void write(String hosts, int timeoutMs, int valueBytes, long durationMs) throws Exception {
        byte[] value = new byte[valueBytes];
        ZooKeeper zk = connect(hosts, timeoutMs);
        ensureNode(zk, PATH, value);
        say("START " + timeoutMs + " " + valueBytes);
        long end = System.currentTimeMillis() + durationMs;
        while (System.currentTimeMillis() < end) {
            long t0 = System.nanoTime();
            try {
                zk.setData(PATH, value, -1);
                say("OK " + (System.nanoTime() - t0) / 1000000);
            } catch (KeeperException e) {
                // A synchronous application retries at once: the client library decides how long
                // the next call waits (it queues it while connecting).
                say("ERR " + e.code() + " " + (System.nanoTime() - t0) / 1000000);
                if (e.code() == KeeperException.Code.SESSIONEXPIRED) {
                    zk.close();
                    zk = connect(hosts, timeoutMs);
                }
            }
        }
        say("END");
        zk.close();
    }

    static void preload(String hosts, int count, int valueBytes) throws Exception {
        byte[] value = new byte[valueBytes];
        ZooKeeper zk = connect(hosts, 30000);
        ensureNode(zk, "/preload", new byte[0]);
        Semaphore inFlight = new Semaphore(500);
        final int[] failed = {0};
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            zk.create("/preload/n" + i, value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                      (rc, path, ctx, name) -> {
                          if (rc != 0) synchronized (failed) { failed[0]++; }
                          inFlight.release();
                      }, null);
        }
        inFlight.acquire(500);
        say("PRELOADED " + count + " " + valueBytes + " failed " + failed[0]);
        zk.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--preload")) {
            preload(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else if (args.length == 4) {
            write(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                  Long.parseLong(args[3]) * 1000);
        } else {
            System.err.println("usage: Writer <hosts> <session_timeout_ms> <value_bytes> <duration_s> | --preload <hosts> <count> <value_bytes>");
            System.exit(2);
        }
        System.exit(0);
    }
}
