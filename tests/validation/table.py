"""The side-by-side table: for each fault, library and figure, the real median with its min-max
over the runs, zksim's median over its seeds, and sim/real. Written to <out>/results.md."""
import glob
import json
import os
import statistics

import extract

METRICS = [("leaderless_ms", "leaderless window"), ("election_ms", "election"),
           ("client_gap_ms", "client gap"), ("reconnect_ms", "reconnect")]
FAULTS = ["kill_leader", "kill_writer_follower", "kill_other_follower", "stop_leader"]


def load_real(out):
    """Every real run's figures, extracted again from its logs (so that a change of definition in
    extract.py needs no new run)."""
    runs = []
    for path in sorted(glob.glob(os.path.join(out, "real", "*", "meta.json"))):
        try:
            runs.append(extract.real_metrics(os.path.dirname(path)))
        except (KeyError, OSError, ValueError) as e:
            print(f"table: skipping {os.path.dirname(path)}: {e}")
    return runs


def load_sim(out):
    path = os.path.join(out, "sim.json")
    if not os.path.exists(path):
        return False, []
    with open(path) as f:
        d = json.load(f)
    return d["library_supported"], d["runs"]


def values(runs, fault, library, key):
    return [r[key] for r in runs if r["fault"] == fault and r["library"] == library and r.get(key) is not None]


def cell(vs):
    if not vs:
        return "-"
    med = statistics.median(vs)
    return f"{med:.0f} [{min(vs):.0f}-{max(vs):.0f}] (n={len(vs)})"


def rows(real_runs, sim_runs, has_library, libraries):
    out = []
    for fault in FAULTS:
        for library in libraries:
            for key, label in METRICS:
                rv = values(real_runs, fault, library, key)
                sv = values(sim_runs, fault, library if has_library else "any", key)
                if not rv and not sv:
                    continue
                ratio = "-"
                if rv and sv and statistics.median(rv) > 0:
                    ratio = f"{statistics.median(sv) / statistics.median(rv):.2f}"
                out.append(f"| {fault} | {library} | {label} | {cell(rv)} | {cell(sv)} | {ratio} |")
    return out


def constants(out):
    path = os.path.join(out, "calibration.json")
    real_runs = load_real(out)
    lines = []
    exits = [r["exit_ms"] for r in real_runs if r.get("exit_ms") is not None]
    peers = [min(r["peer_loss_ms"].values()) for r in real_runs
             if r["fault"].startswith("kill") and r.get("peer_loss_ms")]
    if exits:
        lines.append(f"- process exit (SIGKILL -> reset seen by a probe connection): median "
                     f"{statistics.median(exits):.0f} ms [{min(exits)}-{max(exits)}] (n={len(exits)})")
    if peers:
        lines.append(f"- SIGKILL -> first surviving peer's log line of the lost connection: median "
                     f"{statistics.median(peers):.0f} ms [{min(peers)}-{max(peers)}] (n={len(peers)})")
    shut = [v for r in real_runs if r["fault"] == "kill_leader" for v in r.get("shutdown_to_looking_ms", {}).values()]
    if shut:
        lines.append(f"- follower \"shutdown Follower\" -> LOOKING after its leader's SIGKILL: median "
                     f"{statistics.median(shut):.0f} ms [{min(shut)}-{max(shut)}] (n={len(shut)})")
    if os.path.exists(path):
        with open(path) as f:
            for c in json.load(f):
                mb = (c.get("snapshot_bytes") or 0) / 1e6
                lines.append(f"- {c['size_mb']} MB preload (snapshot {mb:.1f} MB): snapshot taken in "
                             f"{c.get('snapshot_taken_ms')} ms; restart replaying the log "
                             f"{c.get('restart_log_replay')} (txns, ms), snapshot loaded "
                             f"{c.get('restart_log_snapshot_loaded_ms')} ms; restart from the snapshot: "
                             f"loaded {c.get('restart_snapshot_snapshot_loaded_ms', c.get('restart_snapshot_loaded_ms'))} ms; follower shutdown -> LOOKING "
                             f"{c.get('follower_shutdown_to_looking_ms')} ms; leaderless {c.get('leaderless_ms')} ms")
    return lines


def med(vs):
    return f"{statistics.median(vs):.0f} [{min(vs):.0f}-{max(vs):.0f}]" if vs else "-"


def details(real_runs, sim_runs, has_library, libraries):
    """The parts of the real leaderless window, the first reconnect, the steady-state gap."""
    lines = []
    for fault in FAULTS:
        for library in libraries:
            rs = [r for r in real_runs if r["fault"] == fault and r["library"] == library]
            if not rs:
                continue
            parts = [f"{label} {med(values(rs, fault, library, key))}" for key, label in
                     (("to_looking_ms", "fault->LOOKING"), ("looking_to_leading_ms", "LOOKING->LEADING"),
                      ("leading_to_broadcast_ms", "LEADING->broadcast"))
                     if values(rs, fault, library, key)]
            sim_lib = library if has_library else "any"
            lines.append(f"- {fault}, {library}: " + "; ".join(parts + [
                f"first reconnect {med(values(rs, fault, library, 'first_reconnect_ms'))}"
                f" (zksim {med(values(sim_runs, fault, sim_lib, 'first_reconnect_ms'))})",
                f"longest gap before the fault {med(values(rs, fault, library, 'steady_gap_ms'))}"
                f" (zksim {med(values(sim_runs, fault, sim_lib, 'steady_gap_ms'))})"]))
    return lines


def loads(real_runs):
    la = [r["loadavg_fault"][0] for r in real_runs if r.get("loadavg_fault")]
    if not la:
        return "no real runs"
    return (f"1-min loadavg at the fault over {len(la)} real runs: median {statistics.median(la):.2f}, "
            f"min {min(la):.2f}, max {max(la):.2f}")


def write(args):
    real_runs = load_real(args.out)
    has_library, sim_runs = load_sim(args.out)
    libraries = sorted({r["library"] for r in real_runs}, key=lambda l: l != "java") or args.libraries
    text = ["| fault | library | figure (ms) | real median [min-max] | zksim median [min-max] | sim/real |",
            "|---|---|---|---|---|---|"]
    text += rows(real_runs, sim_runs, has_library, libraries)
    text += ["", "Real runs in detail (median [min-max], ms):"] + details(real_runs, sim_runs, has_library, libraries)
    text += ["", loads(real_runs)]
    moved = [r for r in sim_runs if r.get("first_server") != r.get("writer_server")]
    if moved:
        text.append(f"zksim: in {len(moved)} run(s) the client did not start on the server the placement run found.")
    if sim_runs and not has_library:
        text.append("zksim: this binary has no `clients.library`; one set of runs stands for both libraries.")
    text += ["", "Constants:"] + constants(args.out)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write("\n".join(text) + "\n")
    print("\n".join(text))
