"""zksim on the validation suite's configuration (scenario.json), one run per fault, library and
seed, and the same four figures as the real runs, read from the run's report.json and its trace
(tests/validation/README.md, "The zksim side")."""
import copy
import json
import os
import shutil
import subprocess

import extract

FAULT_AT_S = 10.0
AFTER_S = {"kill_leader": 15, "kill_writer_follower": 15, "kill_other_follower": 15, "stop_leader": 32}
STOP_S = 20
CLIENT_MIN_ID = 1 << 20   # client node ids start there (servers are 1..n)


def run_zksim(zksim, scenario, run_dir, trace=True):
    os.makedirs(run_dir, exist_ok=True)
    path = os.path.join(run_dir, "scenario.json")
    with open(path, "w") as f:
        json.dump(scenario, f, indent=1)
    argv = [zksim, "run", path, "--out", run_dir, "-q"]
    if trace:
        argv += ["--trace", os.path.join(run_dir, "trace.ndjson")]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)


def trace_events(path):
    """(t_ns, node, line dict) for every trace line; effects carry the time of their input."""
    t = 0
    with open(path) as f:
        next(f)  # the header
        for line in f:
            d = json.loads(line)
            if "t" in d:
                t = d["t"]
            yield t, d["node"], d


def client_view(trace_path, fault_ns):
    """From the trace: the client's first server, completions, disconnect and reconnect times,
    and the leader elected first."""
    first_server, server, oks, disc, connects, first_leader = None, None, [], None, [], None
    for t, node, d in trace_events(trace_path):
        what = d.get("what", {}) if d.get("fx") == "observe" else {}
        if what.get("type") == "leader_established" and first_leader is None:
            first_leader = node
        if node < CLIENT_MIN_ID:
            continue
        if what.get("type") == "session_established":
            server = what["server"]
            first_server = first_server or server
            if disc is not None:
                connects.append(t)
        elif what.get("type") == "request_completed" and what.get("status") == "ok":
            oks.append(t)
        elif t >= fault_ns and disc is None and server is not None and _loses(d, server):
            disc = t
    return first_server, first_leader, oks, disc, connects


def _loses(d, server):
    """The client's input that ends its connection to `server`: a reset or the server's close."""
    if d.get("in") == "peer_lost" and d.get("peer") == server:
        return True
    return d.get("in") == "message" and d.get("from") == server and d.get("msg", {}).get("type") == "close"


def sim_metrics(run_dir, fault, fault_ns):
    with open(os.path.join(run_dir, "report.json")) as f:
        report = json.load(f)
    fault_s = fault_ns / 1e9
    first_server, first_leader, oks, disc, connects = client_view(os.path.join(run_dir, "trace.ndjson"), fault_ns)
    m = {"fault": fault, "first_server": first_server, "first_leader": first_leader}
    new = [l for l in report.get("leaderships", []) if l["from_s"] >= fault_s]
    if fault in ("kill_leader", "stop_leader"):
        m["leaderless_ms"] = (new[0]["from_s"] - fault_s) * 1e3 if new else None
        lead = [e for e in report.get("elections", []) if e["started_s"] >= fault_s and e["server"] == e["leader"]]
        m["election_ms"] = lead[0]["duration_ms"] if lead else None
    else:
        m["leaderless_ms"] = (new[0]["from_s"] - fault_s) * 1e3 if new else 0
        m["election_ms"] = None
    gap, _, gap_end = extract.longest_gap(oks, fault_ns)
    m["client_gap_ms"] = gap / 1e6 if oks else None
    m["steady_gap_ms"] = extract.longest_gap([t for t in oks if t < fault_ns and t > 2e9], 0)[0] / 1e6
    resumed = extract.resumed_connection_ms(connects, disc, gap_end)
    m["reconnect_ms"] = (resumed - disc) / 1e6 if resumed is not None else None
    m["first_reconnect_ms"] = (connects[0] - disc) / 1e6 if connects and disc is not None else None
    m["write_unavailability"] = report.get("availability", {}).get("write_unavailability")
    for key in ("faults", "fault_impact", "fault_events"):
        if key in report:
            m["report_" + key] = report[key]
    return m


def events_for(fault, leader, writer_server):
    others = [s for s in (1, 2, 3) if s not in (leader, writer_server)]
    if fault == "kill_leader":
        return [{"at_s": FAULT_AT_S, "kind": "crash", "server": leader}]
    if fault == "kill_writer_follower":
        return [{"at_s": FAULT_AT_S, "kind": "crash", "server": writer_server}]
    if fault == "kill_other_follower":
        return [{"at_s": FAULT_AT_S, "kind": "crash", "server": others[0]}]
    return [{"at_s": FAULT_AT_S, "kind": "freeze", "server": leader, "duration_s": STOP_S}]


def library_supported(zksim, base, work):
    s = copy.deepcopy(base)
    s.update(name="library_probe", duration_s=2, warmup_s=1, events=[])
    s["clients"]["library"] = "c"
    r = run_zksim(zksim, s, os.path.join(work, "library_probe"), trace=False)
    return r.returncode == 0


def placement(zksim, base, seed, work):
    """Which server leads and which one the client connects to, for this seed (a short run
    without faults: the draws before the fault are the same)."""
    s = copy.deepcopy(base)
    s.update(name="placement", seed=seed, duration_s=3, warmup_s=1, events=[])
    d = os.path.join(work, f"placement.{seed}")
    r = run_zksim(zksim, s, d)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    first_server, first_leader, _, _, _ = client_view(os.path.join(d, "trace.ndjson"), 1 << 62)
    shutil.rmtree(d)
    return first_leader, first_server


def seeds_on_a_follower(args, base, work):
    """The first args.seeds seeds whose client starts on a follower, with their leader and server."""
    seeds, seed = [], 1
    while len(seeds) < args.seeds and seed < 100:
        leader, server = placement(args.zksim, base, seed, work)
        if server is not None and server != leader:
            seeds.append((seed, leader, server))
        seed += 1
    return seeds


def one_run(args, base, work, fault, library, seed, leader, server):
    s = copy.deepcopy(base)
    s.update(name=f"validation_{fault}", seed=seed, duration_s=FAULT_AT_S + AFTER_S[fault],
             events=events_for(fault, leader, server))
    if library:
        s["clients"]["library"] = library
    library = library or "any"
    d = os.path.join(work, f"{fault}.{library}.{seed}")
    r = run_zksim(args.zksim, s, d)
    if r.returncode != 0:
        print(f"  zksim failed on {d}: {r.stderr.strip()[:300]}", flush=True)
        return None
    m = sim_metrics(d, fault, int(FAULT_AT_S * 1e9))
    m.update(library=library, seed=seed, leader=leader, writer_server=server)
    os.remove(os.path.join(d, "trace.ndjson"))
    with open(os.path.join(d, "metrics.json"), "w") as f:
        json.dump(m, f, indent=1)
    print(f"  {fault:22} {library:4} seed {seed}: leaderless {_f(m['leaderless_ms'])}, "
          f"election {_f(m['election_ms'])}, gap {_f(m['client_gap_ms'])}, "
          f"reconnect {_f(m['reconnect_ms'])}", flush=True)
    return m


def run_all(args, faults, session_timeout_ms, value_bytes):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "scenario.json")) as f:
        base = json.load(f)
    base["clients"]["session_timeout_ms"] = session_timeout_ms
    base["workload"]["value_bytes"] = value_bytes
    work = os.path.join(args.out, "sim")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    has_library = library_supported(args.zksim, base, work)
    note = "" if has_library else " (this zksim has no clients.library: the same runs stand for both)"
    print(f"zksim: {args.seeds} seed(s) per fault, with the client on a follower{note}", flush=True)
    seeds = seeds_on_a_follower(args, base, work)
    results = []
    for library in args.libraries if has_library else ["any"]:
        for fault in faults:
            for seed, leader, server in seeds:
                m = one_run(args, base, work, fault, library if has_library else None, seed, leader, server)
                if m:
                    results.append(m)
    with open(os.path.join(args.out, "sim.json"), "w") as f:
        json.dump({"library_supported": has_library, "runs": results}, f, indent=1)


def _f(v):
    return "-" if v is None else f"{v:.0f} ms"
