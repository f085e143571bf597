"""The figures of one real run, from its servers' logs, its writer's output and its meta.json
(definitions in tests/validation/README.md, "What is measured")."""
import calendar
import json
import os
import re
import time

LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) - (\w+)\s+\[(.*?)\] - (.*)$")
ELECTION = re.compile(r"(LEADING|FOLLOWING) - LEADER ELECTION TOOK - (\d+) MS", re.I)
# The peers of a killed or silent server log the loss of their connection to it in these lines
# (ZooKeeper 3.8: Follower/Learner, LearnerHandler, QuorumCnxManager's RecvWorker).
PEER_LOSS = ("Exception when following the leader", "Unexpected exception causing shutdown",
             "Connection broken for id", "Exception causing shutdown while sock still open",
             "******* GOODBYE")


def log_time_ms(day, ms):
    return calendar.timegm(time.strptime(day, "%Y-%m-%d %H:%M:%S")) * 1000 + int(ms)


def server_log(path):
    """[(epoch_ms, level, thread_and_place, message)] of a server's log (UTC timestamps)."""
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if m:
                entries.append((log_time_ms(m[1], m[2]), m[3], m[4], m[5]))
    return entries


def writer_log(path):
    """[(epoch_ms, kind, fields)] of a writer's output."""
    entries = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0].isdigit():
                entries.append((int(parts[0]), parts[1], parts[2:]))
    return entries


def first_after(entries, t_ms, predicate):
    return next((e for e in entries if e[0] >= t_ms and predicate(e)), None)


def serving_ms(logs, fault_ms, exclude):
    """The first moment after the fault a leader serves: its "Peer state changed: leading -
    broadcast" line (QuorumPeer.setZabState, after NEWLEADER's quorum of acks)."""
    times = []
    for sid, entries in logs.items():
        if sid == exclude:
            continue
        e = first_after(entries, fault_ms, lambda e: "Peer state changed: leading - broadcast" in e[3])
        if e:
            times.append((e[0], sid))
    return min(times) if times else (None, None)


def election_ms(logs, fault_ms, leader_sid):
    """The new leader's "LEADING - LEADER ELECTION TOOK - N MS" after the fault (QuorumPeer's
    start_fle, when it went LOOKING, to Leader.lead's start), and the followers' N."""
    result = {}
    for sid, entries in logs.items():
        e = first_after(entries, fault_ms, lambda e: ELECTION.search(e[3]) is not None)
        if e:
            m = ELECTION.search(e[3])
            result[sid] = (m[1].upper(), int(m[2]), e[0])
    return result


def resumed_connection_ms(connects, disconnect_ms, gap_end_ms):
    """The connection writes resumed on: the last connect at or before the end of the longest
    gap (after a freeze the client may first reach the resumed old leader, which drops it when its
    quorum check fails: that first connection is not the one that counts)."""
    if disconnect_ms is None or gap_end_ms is None:
        return None
    before = [t for t in connects if disconnect_ms <= t <= gap_end_ms]
    return before[-1] if before else None


def longest_gap(oks, after_ms):
    """(gap, start, end) of the longest interval between successive successes ending after after_ms."""
    best = (0, None, None)
    for a, b in zip(oks, oks[1:]):
        if b >= after_ms and b - a > best[0]:
            best = (b - a, a, b)
    return best


def client_figures(entries, fault_ms):
    """Longest gap between successful writes that ends after the fault; the first disconnect after
    the fault -> the connection the writes resumed on; the same gap measured before the fault."""
    oks = [t for t, kind, _ in entries if kind == "OK"]
    gap, gap_start, gap_end = longest_gap(oks, fault_ms)
    steady = longest_gap([t for t in oks if t < fault_ms], 0)[0]
    events = [(t, f[0]) for t, kind, f in entries if kind == "EVENT" and t >= fault_ms]
    disc = next((t for t, s in events if s == "Disconnected"), None)
    connects = [t for t, s in events if s == "SyncConnected"]
    first = next((t for t in connects if disc is not None and t >= disc), None)
    resumed = resumed_connection_ms(connects, disc, gap_end)
    return {"client_gap_ms": gap if oks else None, "gap_start_ms": gap_start, "gap_end_ms": gap_end,
            "steady_gap_ms": steady, "disconnect_ms": disc, "first_connect_ms": first,
            "reconnect_ms": (resumed - disc) if resumed else None,
            "first_reconnect_ms": (first - disc) if first else None,
            "errors_after_fault": sum(1 for t, kind, _ in entries if kind == "ERR" and t >= fault_ms),
            "session_expired": any(s == "Expired" for _, s in events), "writes": len(oks)}


def peer_loss_ms(logs, fault_ms, target):
    """When each surviving peer logged the loss of its connection to the target."""
    result = {}
    for sid, entries in logs.items():
        if sid == target:
            continue
        e = first_after(entries, fault_ms, lambda e: any(k in e[3] for k in PEER_LOSS[:4]))
        if e:
            result[sid] = e[0]
    return result


def shutdown_to_looking_ms(logs, fault_ms):
    """sid -> ms from a follower's "shutdown Follower" to its "LOOKING" (ZooKeeperServer.shutdown:
    request processors stopped, the database fast-forwarded from the log's tail)."""
    result = {}
    for sid, entries in logs.items():
        down = first_after(entries, fault_ms, lambda e: "shutdown Follower" in e[3])
        if down:
            look = first_after(entries, down[0], lambda e: e[3].strip() == "LOOKING")
            if look:
                result[sid] = look[0] - down[0]
    return result


def phases(entries, fault_ms, serve_ms):
    """The new leader's leaderless window in three parts: fault -> it goes LOOKING (the loss is
    noticed, the follower's server shut down), LOOKING -> LEADING (Fast Leader Election),
    LEADING -> broadcast (Leader.lead: snapshot, learners connect, epoch, NEWLEADER, sync)."""
    look = first_after(entries, fault_ms, lambda e: e[3].strip() == "LOOKING")
    lead = first_after(entries, fault_ms, lambda e: e[3].strip() == "LEADING")
    if not (look and lead and serve_ms):
        return {}
    return {"to_looking_ms": look[0] - fault_ms, "looking_to_leading_ms": lead[0] - look[0],
            "leading_to_broadcast_ms": serve_ms - lead[0]}


def real_metrics(run_dir):
    with open(os.path.join(run_dir, "meta.json")) as f:
        meta = json.load(f)
    logs = {sid: server_log(os.path.join(run_dir, f"zk{sid}.log")) for sid in (1, 2, 3)}
    fault_ms = meta["fault_ms"]
    m = dict(meta)
    serve, new_leader = serving_ms(logs, fault_ms, meta["target"] if meta["fault"] != "stop_leader" else None)
    if meta["fault"] in ("kill_leader", "stop_leader"):
        m["leaderless_ms"] = (serve - fault_ms) if serve else None
        m["new_leader"] = new_leader
        elections = election_ms(logs, fault_ms, new_leader)
        m["elections"] = elections
        lead = [v for v in elections.values() if v[0] == "LEADING"]
        m["election_ms"] = lead[0][1] if lead else None
        m.update(phases(logs.get(new_leader, []), fault_ms, serve))
    else:
        m["leaderless_ms"] = 0 if serve is None else serve - fault_ms
        m["election_ms"] = None
    m.update(client_figures(writer_log(os.path.join(run_dir, meta["writer_output"])), fault_ms))
    losses = peer_loss_ms(logs, fault_ms, meta["target"])
    m["shutdown_to_looking_ms"] = shutdown_to_looking_ms(logs, fault_ms)
    m["peer_loss_ms"] = {sid: t - fault_ms for sid, t in losses.items()}
    if meta.get("probe_reset_ms"):
        m["exit_ms"] = meta["probe_reset_ms"] - fault_ms
    with open(os.path.join(run_dir, "metrics.json"), "w") as f:
        json.dump(m, f, indent=1)
    return m


def brief(m):
    def f(key):
        v = m.get(key)
        return "-" if v is None else str(v)
    return (f"leaderless {f('leaderless_ms')} ms, election {f('election_ms')} ms, "
            f"gap {f('client_gap_ms')} ms, reconnect {f('reconnect_ms')} ms, exit {f('exit_ms')} ms")
