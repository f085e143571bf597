"""A real three-server ZooKeeper ensemble on 127.0.0.1, one fault, one writer: one run of the
validation suite (tests/validation/README.md). Every process it starts is recorded by its pid,
written to <run>/pids as well, and stopped by that pid (SIGKILL, then waited for), never by name.
"""
import json
import os
import signal
import socket
import subprocess
import threading
import time

JARS = ["/usr/share/java/zookeeper.jar", "/usr/share/java/zookeeper-jute.jar",
        "/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar"]
SERVERS = (1, 2, 3)
TICK_MS, INIT_LIMIT, SYNC_LIMIT = 2000, 10, 5
LOG4J = """log4j.rootLogger=INFO, FILE
log4j.appender.FILE=org.apache.log4j.FileAppender
log4j.appender.FILE.File=${zookeeper.log.file}
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=%d{yyyy-MM-dd HH:mm:ss,SSS} - %-5p [%t:%C{1}@%L] - %m%n
"""


def now_ms():
    return time.time_ns() // 1_000_000


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def four_letter(port, command, timeout_s=2.0):
    """The answer of a 4lw command (srvr, cons...), or "" if the server does not answer."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as s:
            s.sendall(command.encode())
            chunks = []
            while True:
                data = s.recv(65536)
                if not data:
                    break
                chunks.append(data)
            return b"".join(chunks).decode(errors="replace")
    except OSError:
        return ""


class Processes:
    """Every process of a run, by pid; stop_all kills them all with SIGKILL and reaps them."""

    def __init__(self, pid_file):
        self.pid_file = pid_file
        self.procs = {}

    def start(self, name, argv, stdout, stderr, env=None):
        proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, env=env,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs[name] = proc
        with open(self.pid_file, "a") as f:
            f.write(f"{proc.pid} {name}\n")
        return proc

    def stop_all(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.kill(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass


class Ensemble:
    def __init__(self, run_dir, data_root, base_port, procs):
        self.run_dir, self.data_root, self.procs = run_dir, data_root, procs
        self.client_port = {i: base_port + i for i in SERVERS}
        self.quorum_port = {i: base_port + 100 + i for i in SERVERS}
        self.election_port = {i: base_port + 200 + i for i in SERVERS}

    def connect_string(self):
        return ",".join(f"127.0.0.1:{self.client_port[i]}" for i in SERVERS)

    def server_of_port(self, port):
        return next((i for i in SERVERS if self.client_port[i] == port), None)

    def write_config(self, sid):
        data = os.path.join(self.data_root, f"zk{sid}")
        os.makedirs(data, exist_ok=True)
        with open(os.path.join(data, "myid"), "w") as f:
            f.write(f"{sid}\n")
        lines = [f"tickTime={TICK_MS}", f"initLimit={INIT_LIMIT}", f"syncLimit={SYNC_LIMIT}",
                 f"dataDir={data}", f"clientPort={self.client_port[sid]}",
                 "clientPortAddress=127.0.0.1", "admin.enableServer=false",
                 "4lw.commands.whitelist=srvr,stat,cons,mntr"]
        lines += [f"server.{i}=127.0.0.1:{self.quorum_port[i]}:{self.election_port[i]}" for i in SERVERS]
        cfg = os.path.join(self.run_dir, f"zoo{sid}.cfg")
        with open(cfg, "w") as f:
            f.write("\n".join(lines) + "\n")
        return cfg

    def start(self):
        log4j = os.path.join(self.run_dir, "log4j.properties")
        with open(log4j, "w") as f:
            f.write(LOG4J)
        for sid in SERVERS:
            cfg = self.write_config(sid)
            log = os.path.join(self.run_dir, f"zk{sid}.log")
            argv = ["java", "-Xmx512m", "-Duser.timezone=UTC", f"-Dzookeeper.log.file={log}",
                    f"-Dlog4j.configuration=file:{log4j}", "-cp", ":".join(JARS),
                    "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfg]
            out = open(os.path.join(self.run_dir, f"zk{sid}.stdout"), "w")
            self.procs.start(f"zk{sid}", argv, out, subprocess.STDOUT)

    def pid(self, sid):
        return self.procs.procs[f"zk{sid}"].pid

    def modes(self):
        """sid -> "leader" / "follower" / None (not serving), from the 4lw srvr command."""
        result = {}
        for sid in SERVERS:
            answer = four_letter(self.client_port[sid], "srvr")
            mode = [l.split(":", 1)[1].strip() for l in answer.splitlines() if l.startswith("Mode:")]
            result[sid] = mode[0] if mode else None
        return result

    def wait_ready(self, timeout_s):
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            modes = self.modes()
            if sorted(m or "" for m in modes.values()) == ["follower", "follower", "leader"]:
                return modes
            time.sleep(0.25)
        raise RuntimeError(f"ensemble not ready after {timeout_s} s: {self.modes()}")


class ResetProbe:
    """A TCP connection to a server's client port, opened before a SIGKILL: the time its socket
    sees the end (FIN or RST) is when the kernel closed the killed process's sockets."""

    def __init__(self, port):
        self.closed_ms = None
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.thread = threading.Thread(target=self._wait, daemon=True)
        self.thread.start()

    def _wait(self):
        try:
            while self.sock.recv(4096):
                pass
        except OSError:
            pass
        self.closed_ms = now_ms()

    def result(self, timeout_s=5):
        self.thread.join(timeout_s)
        self.sock.close()
        return self.closed_ms


def writer_argv(library, build_dir, connect, session_timeout_ms, value_bytes, duration_s):
    if library == "java":
        cp = ":".join(JARS + [build_dir])
        return ["java", "-Xmx256m", "-Duser.timezone=UTC", f"-Dlog4j.configuration=file:{build_dir}/client-log4j.properties",
                "-cp", cp, "Writer", connect, str(session_timeout_ms), str(value_bytes), str(duration_s)]
    return [os.path.join(build_dir, "writer"), connect, str(session_timeout_ms), str(value_bytes), str(duration_s)]


def read_lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def wait_for_line(path, word, timeout_s, proc):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        for line in read_lines(path):
            parts = line.split()
            if len(parts) > 1 and parts[1] == word:
                return line
        if proc.poll() is not None:
            return None
        time.sleep(0.05)
    return None


def connected_port(path):
    ports = [int(l.split()[3]) for l in read_lines(path)
             if len(l.split()) == 4 and l.split()[1] == "EVENT" and l.split()[2] == "SyncConnected"
             and l.split()[3].lstrip("-").isdigit()]
    return ports[-1] if ports else None
