#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz target into tests/fuzz/corpus/: every JSON and CSV file under
scenarios/ (scenarios, incidents, sweep plans, calibration measurements, profiles), every ```json
example of scenarios/README.md, and hand-made malformed variants. With --zksim PATH it also records
small traces and a sweep's shard files with that binary (seed-trace-*, seed-shard-*) and writes
damaged and crafted variants of them (malformed-trace-*, malformed-shard-*); without it, those
files are left as they are. What the fuzzer found is kept as finding-*: those in FINDINGS (below)
are written here, crash files saved by libFuzzer are copied in as they are
(finding-csv-invalid-utf8) and left alone.
Run from anywhere: python3 tests/fuzz/seed_corpus.py [--zksim build/zksim]"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"

MALFORMED = {
    "empty": "",
    "null": "null",
    "array": "[]",
    "string": '"scenario"',
    "truncated": '{"name": "t", "ensemble": {"servers": 3',
    "trailing-garbage": '{"name": "t"} x',
    "nul-byte": '{"name": "a\u0000b"}',
    "invalid-utf8": b'{"name": "\xff\xfe"}',
    "bom": '\ufeff{"name": "bom"}',
    "duplicate-key": '{"name": "a", "name": "b"}',
    "unknown-keys": '{"nme": 1, "ensemble": {"srvers": 3}, "workload": {"zipf": 1}}',
    "wrong-types": '{"name": 1, "seed": -1, "duration_s": "60", "ensemble": [], "clients": {"count": 1.5}}',
    "huge-numbers": '{"seed": 18446744073709551615, "duration_s": 1e308, "clients": {"count": 9223372036854775808}}',
    "overflow-number": '{"duration_s": 1e400, "warmup_s": -1e400}',
    "negative-zero": '{"duration_s": -0.0, "warmup_s": -0}',
    "int-edge": '{"ensemble": {"servers": 4294967299, "observers": -4294967295}, "workload": {"outstanding": 4294967296}}',
    "deep-nesting": "[" * 10000 + "]" * 10000,
    "deep-object": '{"a":' * 5000 + "1" + "}" * 5000,
    "deep-event": '{"events": [{"at_s": 1, "kind": "partition", "groups": ' + "[" * 3000 + "]" * 3000 + "}]}",
    "events-out-of-order": '{"events": [{"at_s": 20, "kind": "crash", "server": 1}, {"at_s": 10, "kind": "restart", "server": 1}]}',
    "events-bad": '{"events": [1, {"kind": "nope"}, {"at_s": 1}, {"at_s": 1, "kind": "crash", "server": 0}, '
                  '{"at_s": 1, "kind": "partition", "groups": [[1], [1, 99], 3], "clients_group": 7}]}',
    "freeze-missing": '{"events": [{"at_s": 1, "kind": "freeze", "server": 1}]}',
    "membership-bad": '{"events": [{"at_s": 1, "kind": "add_servers", "count": 99, "role": "boss"}, '
                      '{"at_s": 2, "kind": "remove_servers", "which": [0, 200]}, {"at_s": 3, "kind": "grow", "factor": 1e300}, '
                      '{"at_s": 4, "kind": "promote_observer", "which": []}, {"at_s": 5, "kind": "remove_servers", "which": "follower", "count": 9}]}',
    "failures-tiny-mtbf": '{"duration_s": 2592000, "failures": {"mtbf_s": 0.001, "mttr_s": 0.001}}',
    "failures-bad": '{"failures": {"mtbf_s": 0, "kind": "melt", "servers": [0, "1", 100]}}',
    "profile-bad": '{"profile": {"message_us": {"": -1, "vote": "x"}, "reference_ghz": 0}}',
    "profile-missing-file": '{"profile": "profiles/none.json"}',
    "profile-directory": '{"profile": "profiles"}',
    "profile-dev-null": '{"profile": "/dev/null"}',
    "platform-name-too-long": '{"network": {"platform_file": "' + "p" * 300 + '"}}',
    "profile-name-too-long": '{"profile": "' + "p" * 300 + '"}',
    "platform-missing": '{"network": {"platform_file": "platforms/none.xml", "datacenters": [{"name": "a"}]}}',
    "datacenters-bad": '{"network": {"datacenters": [{"name": "a"}, {"name": "a"}, 7], "wan": {"latency_ms": -1}},'
                       ' "ensemble": {"placement": ["a", "b", 3]}, "clients": {"placement": []}}',
    "datacenters-empty": '{"network": {"datacenters": []}, "clients": {"count": 0, "placement": ["dc1"]}}',
    "absurd-size": '{"duration_s": 2592000, "clients": {"count": 1000000},'
                   ' "workload": {"rate_per_s": 1000000, "read_ratio": 0}}',
    "incident-csv": "time_s,kind,server,groups\n1,crash,1,\n2,restart,1\n3,partition,,\"[[1],[2,3]]\"\n",
    "incident-csv-bad": "time_s,kind,nope\n,,\n\"unterminated,1\n1,2,3,4,5\n",
    "incident-csv-cells": "time_s,kind,server\n1e999,crash,99999999999999999999\n-1,crash,[\n2,crash,{\n",
    "incident-json-array": '[{"at_s": 1, "kind": "crash", "server": 1}, {"at_s": 0, "kind": "heal"}]',
    "incident-json-bad": '{"description": 1, "events": {"at_s": 1}}',
    "strategy-bad": '{"clients": {"strategy": {"name": "maglev", "maglev_table_size": 4, "virtual_nodes": -1}},'
                    ' "events": [{"at_s": 1, "kind": "strategy", "strategy": {"name": 7}, "of": "app_clients"}]}',
    "services-bad": '{"services": {"name": "", "servers": {"count": 0, "cpu_ghz": [1, "x"]}, "clients": {"keys": 0,'
                    ' "strategy": "sticky"}}, "events": [{"at_s": 1, "kind": "crash", "app_server": 99, "server": 1}]}',
}

# What the fuzzer found, kept as regression inputs (each is described in the README (section "Robustness: fuzzing, sanitizers, resource limits")).
FINDINGS = {
    "deep-array": "[" * 50000 + "]" * 50000,
    "deep-partition-groups": '{"events": [{"at_s": 1, "kind": "partition", "groups": ' + "[" * 50000 + "]" * 50000 + "}]}",
}


def readme_examples():
    text = (ROOT / "scenarios" / "README.md").read_text()
    return re.findall(r"```json\n(.*?)```", text, re.S)


def write(name, content):
    data = content if isinstance(content, bytes) else content.encode()
    (CORPUS / name).write_bytes(data)


# Small runs whose traces seed the replay: one server; three with a crash, a restart and writes.
TRACE_SCENARIOS = {
    "one-server": {"name": "one", "duration_s": 0.3, "warmup_s": 0.1, "ensemble": {"servers": 1},
                   "clients": {"count": 1}, "workload": {"rate_per_s": 20}},
    "crash-restart": {"name": "cr", "duration_s": 1.2, "warmup_s": 0.1, "clients": {"count": 2},
                      "workload": {"rate_per_s": 30, "read_ratio": 0.5},
                      "events": [{"at_s": 0.6, "kind": "crash", "server": 3}, {"at_s": 0.8, "kind": "restart", "server": 3}]},
}
SHARD_PLAN = {"name": "seed", "scenario": {"name": "s", "duration_s": 0.5, "warmup_s": 0.2, "clients": {"count": 2}},
              "grid": {"servers": [1, 3]}, "replications": 2, "confidence": {"max_replications": 2},
              "search": {"start_rate_per_s": 100, "max_rate_per_s": 400, "max_steps": 2}}


def compact(obj):
    return json.dumps(obj, separators=(",", ":"))


def trace_variants(lines):
    """Damaged and crafted copies of a trace's lines (each a list of lines)."""
    header = json.loads(lines[0])
    variants = {"cut": lines[:-1], "cut-mid-line": lines[:-2] + [lines[-2] + "\n" + lines[-1][:10]],
                "deep-line": lines[:3] + ["[" * 5000 + "]" * 5000] + lines[3:]}
    header["seed"] = 99
    variants["tampered-header"] = [compact(header)] + lines[1:]
    header = json.loads(lines[0])
    header["clients"][0]["servers"] = []
    variants["client-without-servers"] = [compact(header)] + lines[1:]
    for i, line in enumerate(lines):
        if '"in":"message"' in line:
            record = json.loads(line)
            record["from"] = 7 if record["from"] != 7 else 8
            variants["message-never-sent"] = lines[:i] + [compact(record)] + lines[i + 1:]
            break
    for i, line in enumerate(lines):
        if '"in":"start"' in line and '"node":1,' in line:
            record = json.loads(line)
            record["durable"]["accepted_epoch"] = 5
            variants["start-state-crafted"] = lines[:i] + [compact(record)] + lines[i + 1:]
            j = next(k for k in range(i + 1, len(lines)) if '"in":' in lines[k])  # after the start's effects
            variants["control-to-server"] = lines[:j] + [
                compact({"t": record["t"], "node": 1, "in": "set_rate", "rate_per_s": 5.0, "read_ratio": 0.5})] + lines[j:]
            break
    return variants


def write_runs(zksim):
    with tempfile.TemporaryDirectory() as tmp:
        for name, scenario in TRACE_SCENARIOS.items():
            (pathlib.Path(tmp) / f"{name}.json").write_text(json.dumps(scenario))
            trace = pathlib.Path(tmp) / f"{name}.ndjson"
            subprocess.run([zksim, "run", str(pathlib.Path(tmp) / f"{name}.json"), "--out", f"{tmp}/out-{name}", "-q",
                            "--trace", str(trace)], check=True, stdout=subprocess.DEVNULL, env={"PATH": ""})
            write(f"seed-trace-{name}.ndjson", trace.read_bytes())
            lines = trace.read_text().splitlines()
            for variant, edited in trace_variants(lines).items():
                ending = "" if variant == "cut-mid-line" else "\n"  # that one ends in the middle of a line
                write(f"malformed-trace-{name}-{variant}.ndjson", "\n".join(edited) + ending)
        (pathlib.Path(tmp) / "plan.json").write_text(json.dumps(SHARD_PLAN))
        for shard in ("0/2", "1/2"):
            subprocess.run([zksim, "sweep", f"{tmp}/plan.json", "--shard", shard, "--out", f"{tmp}/shards", "-q"],
                           check=True, stdout=subprocess.DEVNULL, env={"PATH": ""})
        for path in sorted((pathlib.Path(tmp) / "shards").glob("shard-*.json")):
            write(f"seed-{path.name}", path.read_bytes())
        shard = json.loads((pathlib.Path(tmp) / "shards" / "shard-0-of-2.json").read_text())
        twice = json.loads(json.dumps(shard))
        twice["results"].append(twice["results"][0])
        write("malformed-shard-configuration-twice.json", json.dumps(twice, indent=2))
        outside = json.loads(json.dumps(shard))
        outside["results"][0]["index"] = 1000000
        write("malformed-shard-index-outside.json", json.dumps(outside, indent=2))
        edited = json.loads(json.dumps(shard))
        edited["results"][0]["capacity_per_s"] = 1e9
        edited["search"]["max_steps"] = 0
        write("malformed-shard-edited.json", json.dumps(edited, indent=2))


def main():
    CORPUS.mkdir(parents=True, exist_ok=True)
    if "--zksim" in sys.argv:
        write_runs(str(pathlib.Path(sys.argv[sys.argv.index("--zksim") + 1]).resolve()))
    for path in sorted((ROOT / "scenarios").rglob("*")):
        if path.suffix in (".json", ".csv"):
            write("seed-" + "-".join(path.relative_to(ROOT / "scenarios").with_suffix("").parts) + path.suffix,
                  path.read_bytes())
    for i, example in enumerate(readme_examples()):
        write(f"seed-readme-{i:02d}.json", example)
    for name, content in MALFORMED.items():
        write(f"malformed-{name}", content)
    for name, content in FINDINGS.items():
        write(f"finding-{name}", content)


if __name__ == "__main__":
    main()
