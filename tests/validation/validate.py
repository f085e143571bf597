"""The validation suite's driver (tests/validation/README.md): real runs, the zksim runs, the table.
Called by run.sh, which installs and builds what it needs first.

  python3 validate.py --out DIR --build DIR --zksim PATH [--runs N] [--libraries java,c]
                      [--faults a,b] [--seeds N] [--no-real] [--no-sim] [--no-calibration]
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

import extract
import real
import sim
import table



FAULTS = ["kill_leader", "kill_writer_follower", "kill_other_follower", "stop_leader"]
SESSION_TIMEOUT_MS = 30000
VALUE_BYTES = 1024
STEADY_S = 6        # steady writes before the fault
AFTER_KILL_S = 15   # writes observed after a SIGKILL
STOP_S = 20         # SIGSTOP .. SIGCONT
AFTER_CONT_S = 12   # writes observed after the SIGCONT
BASE_PORT = 42100


def start_writer(procs, ens, args, run_dir, library, duration_s, attempt):
    out = os.path.join(run_dir, f"writer.{attempt}.out")
    argv = real.writer_argv(library, args.build, ens.connect_string(), SESSION_TIMEOUT_MS,
                            VALUE_BYTES, duration_s)
    proc = procs.start(f"writer{attempt}", argv, open(out, "w"),
                       open(os.path.join(run_dir, f"writer.{attempt}.err"), "w"))
    return proc, out


def writer_on_a_follower(procs, ens, args, run_dir, library, duration_s, leader):
    """Starts writers until one is connected to a follower (the client picks a server at random:
    the faults are defined relative to a writer on a follower). Returns (proc, output path)."""
    for attempt in range(8):
        proc, out = start_writer(procs, ens, args, run_dir, library, duration_s, attempt)
        if real.wait_for_line(out, "START", 30, proc) is None:
            raise RuntimeError(f"writer {attempt} did not start: see {out}")
        sid = ens.server_of_port(real.connected_port(out))
        if sid is not None and sid != leader:
            return proc, out, sid
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    raise RuntimeError("no writer landed on a follower in 8 attempts")


def target_of(fault, leader, writer_sid):
    if fault in ("kill_leader", "stop_leader"):
        return leader
    if fault == "kill_writer_follower":
        return writer_sid
    return next(s for s in real.SERVERS if s not in (leader, writer_sid))


def inject(fault, ens, target, meta):
    pid = ens.pid(target)
    if fault == "stop_leader":
        meta["fault_ms"] = real.now_ms()
        os.kill(pid, signal.SIGSTOP)
        time.sleep(STOP_S)
        meta["cont_ms"] = real.now_ms()
        os.kill(pid, signal.SIGCONT)
        return
    probe = real.ResetProbe(ens.client_port[target])
    time.sleep(0.2)
    meta["fault_ms"] = real.now_ms()
    os.kill(pid, signal.SIGKILL)
    meta["probe_reset_ms"] = probe.result()


def run_once(args, fault, library, index, data_parent):
    run_dir = os.path.join(args.out, "real", f"{fault}.{library}.{index}")
    shutil.rmtree(run_dir, ignore_errors=True)
    os.makedirs(run_dir)
    data_root = tempfile.mkdtemp(prefix="zkval-", dir=data_parent)
    procs = real.Processes(os.path.join(run_dir, "pids"))
    meta = {"fault": fault, "library": library, "index": index, "loadavg_start": real.loadavg(),
            "session_timeout_ms": SESSION_TIMEOUT_MS, "value_bytes": VALUE_BYTES}
    try:
        ens = real.Ensemble(run_dir, data_root, BASE_PORT, procs)
        meta["ensemble_start_ms"] = real.now_ms()
        ens.start()
        modes = ens.wait_ready(60)
        leader = next(s for s, m in modes.items() if m == "leader")
        after_s = STOP_S + AFTER_CONT_S if fault == "stop_leader" else AFTER_KILL_S
        proc, out, writer_sid = writer_on_a_follower(procs, ens, args, run_dir, library,
                                                     STEADY_S + after_s + 3, leader)
        time.sleep(STEADY_S)
        target = target_of(fault, leader, writer_sid)
        meta.update(leader=leader, writer_server=writer_sid, target=target,
                    writer_output=os.path.basename(out), loadavg_fault=real.loadavg(),
                    cons_before=real.four_letter(ens.client_port[writer_sid], "cons"))
        inject(fault, ens, target, meta)
        proc.wait(timeout=after_s + 60)
        meta["loadavg_end"] = real.loadavg()
        meta["end_ms"] = real.now_ms()
    finally:
        procs.stop_all()
        shutil.rmtree(data_root, ignore_errors=True)
        with open(os.path.join(run_dir, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
    return run_dir


def real_runs(args):
    data_parent = tempfile.mkdtemp(prefix="zkval-data-")
    try:
        for index in range(args.runs):
            for fault in args.faults:
                for library in args.libraries:
                    t0 = time.time()
                    try:
                        run_dir = run_once(args, fault, library, index, data_parent)
                        m = extract.real_metrics(run_dir)
                    except (RuntimeError, OSError, KeyError, subprocess.TimeoutExpired) as e:
                        print(f"  {fault:22} {library:4} #{index}: FAILED: {e}", flush=True)
                        continue
                    print(f"  {fault:22} {library:4} #{index}: {extract.brief(m)}"
                          f"  ({time.time() - t0:.0f} s, load {m['loadavg_fault'][0]:.2f})", flush=True)
    finally:
        shutil.rmtree(data_parent, ignore_errors=True)


def _terminate(signum, frame):
    raise SystemExit(124)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--build", required=True, help="folder of the compiled writers")
    p.add_argument("--zksim", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--libraries", default="java,c")
    p.add_argument("--faults", default=",".join(FAULTS))
    p.add_argument("--calibration-mb", default="8,32", help="preload sizes of the calibration")
    p.add_argument("--no-real", action="store_true")
    p.add_argument("--no-sim", action="store_true")
    p.add_argument("--no-calibration", action="store_true")
    args = p.parse_args()
    # timeout(1) sends SIGTERM: unwind, so that every run's finally stops its processes
    signal.signal(signal.SIGTERM, _terminate)
    args.calibration_mb = [int(x) for x in args.calibration_mb.split(",")]
    args.libraries = args.libraries.split(",")
    args.faults = args.faults.split(",")
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    if not args.no_real:
        print(f"real ensemble: {args.runs} run(s) x {len(args.faults)} faults x {args.libraries}", flush=True)
        real_runs(args)
    if not args.no_calibration:
        import calibrate
        calibrate.run(args)
    if not args.no_sim:
        sim.run_all(args, FAULTS, SESSION_TIMEOUT_MS, VALUE_BYTES)
    table.write(args)


if __name__ == "__main__":
    main()
