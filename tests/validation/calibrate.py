"""The timing constants zksim's profile needs, measured on a real ensemble holding a known amount
of data (tests/validation/README.md, "Constants"):

- snapshot write: the new leader's "Snapshot taken in N ms" (Leader.lead -> ZooKeeperServer's
  takeSnapshot) after a SIGKILL of the old leader, beside the snapshot file's size;
- transaction log replay: a server restarted from a snapshot of the empty tree and a log holding
  the preload ("N txns loaded in M ms", FileTxnSnapLog.restore);
- snapshot load: a server restarted from a snapshot holding the preload ("Snapshot loaded in N ms",
  ZKDatabase.loadDataBase, which includes the replay of the log's tail);
- the database reload of a follower that loses its leader (ZooKeeperServer.shutdown's
  fastForwardDataBase: "N txns loaded in M ms" between "shutdown Follower" and LOOKING).

Each size runs on a fresh ensemble; every process is stopped by its pid."""
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

import extract
import real

SIZES_MB = (8, 32)
TXNS = re.compile(r"(\d+) txns loaded in (\d+) ms")
SNAP_LOADED = re.compile(r"Snapshot loaded in (\d+) ms")
SNAP_TAKEN = re.compile(r"Snapshot taken in (\d+) ms")


def restart(ens, procs, sid, generation):
    """A new JVM for server sid, logging to zk<sid>.<generation>.log."""
    ens.procs.procs.pop(f"zk{sid}", None)
    log = os.path.join(ens.run_dir, f"zk{sid}.{generation}.log")
    cfg = os.path.join(ens.run_dir, f"zoo{sid}.cfg")
    argv = ["java", "-Xmx1g", "-Duser.timezone=UTC", f"-Dzookeeper.log.file={log}",
            f"-Dlog4j.configuration=file:{ens.run_dir}/log4j.properties", "-cp", ":".join(real.JARS),
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfg]
    out = open(os.path.join(ens.run_dir, f"zk{sid}.{generation}.stdout"), "w")
    procs.start(f"zk{sid}", argv, out, subprocess.STDOUT)
    return log


def kill(ens, sid):
    proc = ens.procs.procs[f"zk{sid}"]
    t = real.now_ms()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return t


def newest_size(data_dir, pattern):
    files = sorted(glob.glob(os.path.join(data_dir, "version-2", pattern)), key=os.path.getmtime)
    return os.path.getsize(files[-1]) if files else None


def matches(log, regex, after_ms=0):
    return [(t, regex.search(msg)) for t, _, _, msg in extract.server_log(log)
            if t >= after_ms and regex.search(msg)]


def preload(args, ens, procs, run_dir, size_mb, result):
    argv = ["java", "-Xmx512m", "-cp", ":".join(real.JARS + [args.build]),
            f"-Dlog4j.configuration=file:{args.build}/client-log4j.properties",
            "Writer", "--preload", ens.connect_string(), str(size_mb * 1024), "1024"]
    t0 = time.time()
    loader = procs.start("preload", argv, open(os.path.join(run_dir, "preload.out"), "w"),
                         open(os.path.join(run_dir, "preload.err"), "w"))
    loader.wait(timeout=600)
    result["preload_s"] = round(time.time() - t0, 1)


def leader_killed(ens, run_dir, data_root, leader, result):
    """1. the leader's SIGKILL: the followers shut down and fast-forward, the new leader writes a
    snapshot. Returns the new leader."""
    fault_ms = kill(ens, leader)
    modes = wait_serving_two(ens, leader)
    new_leader = next(s for s, m in modes.items() if m == "leader")
    logs = {s: extract.server_log(os.path.join(run_dir, f"zk{s}.log")) for s in real.SERVERS}
    taken = matches(os.path.join(run_dir, f"zk{new_leader}.log"), SNAP_TAKEN, fault_ms)
    result["snapshot_taken_ms"] = int(taken[0][1][1]) if taken else None
    result["snapshot_bytes"] = newest_size(os.path.join(data_root, f"zk{new_leader}"), "snapshot.*")
    result["follower_fast_forward"] = {
        sid: [(int(m[1]), int(m[2])) for _, m in matches(os.path.join(run_dir, f"zk{sid}.log"), TXNS, fault_ms)]
        for sid in real.SERVERS if sid != leader}
    result["follower_shutdown_to_looking_ms"] = extract.shutdown_to_looking_ms(
        {s: e for s, e in logs.items() if s != leader}, fault_ms)
    serving = extract.serving_ms(logs, fault_ms, leader)[0]
    result["leaderless_ms"] = serving - fault_ms if serving else None
    return new_leader


def restarted(ens, procs, sid, key, result):
    """A new process for sid: its database load at start (`key`: what its disk holds)."""
    log = restart(ens, procs, sid, 1)
    ens.wait_ready(120)
    result[f"restart_{key}_replay"] = [(int(m[1]), int(m[2])) for _, m in matches(log, TXNS)]
    result[f"restart_{key}_snapshot_loaded_ms"] = [int(m[1]) for _, m in matches(log, SNAP_LOADED)]


def one_size(args, size_mb, data_parent):
    run_dir = os.path.join(args.out, "calibration", f"{size_mb}MB")
    shutil.rmtree(run_dir, ignore_errors=True)
    os.makedirs(run_dir)
    data_root = tempfile.mkdtemp(prefix="zkcal-", dir=data_parent)
    procs = real.Processes(os.path.join(run_dir, "pids"))
    result = {"size_mb": size_mb, "loadavg_start": real.loadavg()}
    try:
        ens = real.Ensemble(run_dir, data_root, 42400, procs)
        ens.start()
        leader = next(s for s, m in ens.wait_ready(60).items() if m == "leader")
        preload(args, ens, procs, run_dir, size_mb, result)
        time.sleep(1)
        new_leader = leader_killed(ens, run_dir, data_root, leader, result)
        # 2. the old leader restarts from the empty snapshot and the log of the whole preload
        restarted(ens, procs, leader, "log", result)
        # 3. the new leader restarts from the snapshot it took
        kill(ens, new_leader)
        time.sleep(1)
        restarted(ens, procs, new_leader, "snapshot", result)
        result["loadavg_end"] = real.loadavg()
    finally:
        procs.stop_all()
        shutil.rmtree(data_root, ignore_errors=True)
        with open(os.path.join(run_dir, "calibration.json"), "w") as f:
            json.dump(result, f, indent=1)
    return result


def wait_serving_two(ens, dead, timeout_s=120):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        modes = {s: m for s, m in ens.modes().items() if s != dead}
        if sorted(m or "" for m in modes.values()) == ["follower", "leader"]:
            return modes
        time.sleep(0.1)
    raise RuntimeError(f"no new leader: {ens.modes()}")


def run(args):
    sizes = getattr(args, "calibration_mb", SIZES_MB)
    print("calibration: preloads of " + ", ".join(f"{s} MB" for s in sizes), flush=True)
    data_parent = tempfile.mkdtemp(prefix="zkcal-data-")
    try:
        results = [one_size(args, s, data_parent) for s in sizes]
    finally:
        shutil.rmtree(data_parent, ignore_errors=True)
    for r in results:
        print("  " + json.dumps(r), flush=True)
    with open(os.path.join(args.out, "calibration.json"), "w") as f:
        json.dump(results, f, indent=1)
