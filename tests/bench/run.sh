#!/usr/bin/env bash
# zksim benchmarks. One command (from anywhere):   bash tests/bench/run.sh [--quick | --long]
# (or: ninja -C build-bench bench, with -DZKSIM_BENCH=ON). Writes out/bench/results.md and prints it.
# --long runs the long runs instead (about an hour): peak memory of the canonical scenario at 60,
# 300 and 3,600 s simulated, a million clients, and a day with random failures beside the CTMC's
# availability.
#
# Every figure comes with the command that produced it and the machine it ran on. Wall times on a
# shared machine are noisy, so each ratio is measured within this run: zksim and its baseline run
# back to back, alternated, ZKSIM_BENCH_REPEAT times (default 3), and the medians are compared.
# CPU time (user + sys) is shown next to wall time: it is less sensitive to other processes.
# --quick shortens every scenario (a smoke test of the script, not figures to quote).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${ZKSIM_BENCH_BUILD:-$ROOT/build-bench}
OUT=${ZKSIM_BENCH_OUT:-$ROOT/out/bench}
REPEAT=${ZKSIM_BENCH_REPEAT:-3}
QUICK=0
LONG=0
[[ ${1:-} == --quick ]] && QUICK=1
[[ ${1:-} == --long ]] && LONG=1
mkdir -p "$OUT/scenarios" "$OUT/runs"
RESULTS=$OUT/results.md
: >"$RESULTS"

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DZKSIM_BENCH=ON >/dev/null
ninja -j1 -C "$BUILD" zksim zksim_bench_pattern raw_simgrid >/dev/null
ZKSIM=$BUILD/zksim

say() { echo "$*" | tee -a "$RESULTS"; }

# measure OUTFILE CMD...: runs CMD, appends "wall_s cpu_s max_rss_kb" to OUTFILE.
measure() {
  local out=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/.time" "$@" >/dev/null 2>"$OUT/.stderr" || { cat "$OUT/.stderr" >&2; exit 1; }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$OUT/.time" >>"$out"
}
# median FILE COLUMN
median() { sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
json_number() { grep -m1 "\"$2\"" "$1" | sed 's/.*: *\([0-9.e+-]*\).*/\1/'; }

# variant NAME BASE key=value...: a copy of BASE with top-level numbers replaced (keys are unique
# in the bench scenarios), written to out/bench/scenarios/NAME.json.
variant() {
  local name=$1 base=$2; shift 2
  local file=$OUT/scenarios/$name.json
  sed "s/\"name\": \"[^\"]*\"/\"name\": \"$name\"/" "$base" >"$file"
  for kv in "$@"; do sed -i "s/\"${kv%%=*}\": [0-9.]*/\"${kv%%=*}\": ${kv#*=}/" "$file"; done
  echo "$file"
}

# long_runs: the canonical scenario's peak memory at 60, 300 and 3,600 s (snapshots keep every
# server's log, and the checker's history, bounded: the 3,600 s run must stay within 1.25x of the
# 300 s one), then a day with failures and its availability beside the CTMC's 95% interval.
long_runs() {
  say "## Long runs: memory bounded over time"
  say ""
  say "| simulated s | command | wall s | cpu s | max RSS MiB | RSS / the 300 s run's |"
  say "|---:|---|---:|---:|---:|---:|"
  local rss300=""
  for d in 60 300 3600; do
    local file; file=$(variant "canonical_$d" "$ROOT/scenarios/bench/canonical.json" duration_s=$d)
    : >"$OUT/row.times"
    measure "$OUT/row.times" "$ZKSIM" run "$file" --out "$OUT/runs/canonical_$d" -q
    read -r w c m <"$OUT/row.times"
    [[ $d == 300 ]] && rss300=$m
    say "| $d | \`zksim run out/bench/scenarios/canonical_$d.json -q\` | $w | $c | $((m / 1024)) | $([[ -n $rss300 ]] && ratio "$m" "$rss300" || echo -) |"
  done
  say ""
  say "Target: the 3,600 s run's peak within 1.25x of the 300 s run's."
  say ""
  local million=$ROOT/scenarios/bench/scale_1m.json
  : >"$OUT/million.times"
  measure "$OUT/million.times" "$ZKSIM" run "$million" --out "$OUT/runs/scale_1m" -q
  read -r w c m <"$OUT/million.times"
  say "## A million clients"
  say ""
  say "| command | simulated s | wall s | cpu s | max RSS MiB (target < 8192) | requests ok |"
  say "|---|---:|---:|---:|---:|---:|"
  say "| \`zksim run scenarios/bench/scale_1m.json -q\` | $(json_number "$OUT/runs/scale_1m/report.json" duration_s) | $w | $c | $((m / 1024)) | $(json_number "$OUT/runs/scale_1m/report.json" requests_ok) |"
  say ""
  say "Its curve (throughput, latency, each server's CPU over time): out/bench/runs/scale_1m/plots/."
  say ""
  local day=$ROOT/scenarios/bench/day_failures.json
  : >"$OUT/day.times"
  measure "$OUT/day.times" "$ZKSIM" run "$day" --out "$OUT/runs/day" -q
  read -r w c m <"$OUT/day.times"
  local report=$OUT/runs/day/report.json
  say "## A day with failures: availability beside the CTMC"
  say ""
  python3 - "$report" "$w" "$c" "$m" <<'PY' | tee -a "$RESULTS"
import json, sys
r = json.load(open(sys.argv[1]))
a = r["cross_checks"]["availability"]
work = r.get("storage", {}).get("work", {})
print("| scenario | wall s | cpu s | max RSS MiB | service availability | CTMC | CTMC 95% interval (one day) | inside |")
print("|---|---:|---:|---:|---:|---:|---|---|")
print(f"| `zksim run scenarios/bench/day_failures.json -q` | {sys.argv[2]} | {sys.argv[3]} | {int(sys.argv[4]) // 1024} "
      f"| {100 * a['simulated']:.4f} % | {100 * a['model']:.4f} % | {100 * a['interval_95'][0]:.4f} to {100 * a['interval_95'][1]:.4f} % "
      f"| {'yes' if a['inside_interval'] else 'no'} |")
print()
print("Data work over the day: " + ", ".join(f"{k} {v['count']} (mean {v['mean_ms']:.0f} ms)" for k, v in work.items()) + ".")
print(f"Windows without a leader: {len(r['availability']['write_unavailability'])}; faults: {len(r.get('faults', {}).get('events', []))}.")
PY
  say ""
}

CANONICAL=$ROOT/scenarios/bench/canonical.json
SCALE=$ROOT/scenarios/bench/scale_100k.json
SHORT_S=60
if ((QUICK)); then
  CANONICAL=$(variant canonical_quick "$CANONICAL" duration_s=20)
  SCALE=$(variant scale_quick "$SCALE" duration_s=12)
  SHORT_S=10
  REPEAT=1
fi

say "# zksim benchmarks"
say ""
say "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk 'NR == 1 { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the machine)"
say "- SimGrid $(pkg-config --modversion simgrid), zksim $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+changes'), $(date -u +%Y-%m-%dT%H:%MZ)"
# Which allocator a binary links. Not `ldd | grep -q`: grep -q exits at its first match, ldd then
# dies of SIGPIPE, and under pipefail the pipeline fails, naming glibc for a binary that links tcmalloc.
allocator() {
  local libs
  libs=$(ldd "$1") || { echo "unknown (ldd failed)"; return; }
  case $libs in *libtcmalloc*) echo tcmalloc ;; *) echo "glibc malloc" ;; esac
}
say "- allocator: zksim $(allocator "$ZKSIM"), raw_simgrid $(allocator "$BUILD/raw_simgrid") (CMake option ZKSIM_TCMALLOC)"
say "- medians of $REPEAT alternated runs; wall = elapsed seconds, cpu = user + sys seconds"
say ""
if ((LONG)); then
  long_runs
  say "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

# --- 1. Overhead floor and real-time factor on the canonical scenario -------------------------
PATTERN=$OUT/canonical.pattern
"$BUILD/zksim_bench_pattern" "$CANONICAL" "$PATTERN" >"$OUT/pattern.txt"
: >"$OUT/zksim.times"; : >"$OUT/raw.times"
for ((i = 0; i < REPEAT; i++)); do
  measure "$OUT/zksim.times" "$ZKSIM" run "$CANONICAL" --out "$OUT/runs/canonical" -q
  measure "$OUT/raw.times" "$BUILD/raw_simgrid" "$PATTERN"
done
REPORT=$OUT/runs/canonical/report.json
COMMS=$(json_number "$REPORT" simgrid_comms)
MESSAGES=$(json_number "$REPORT" messages)
DURATION=$(json_number "$REPORT" duration_s)
MEASURED=$(json_number "$REPORT" measured_s)
OK=$(json_number "$REPORT" requests_ok); FAILED=$(json_number "$REPORT" requests_failed)
START_S=1  # clients start at 1 s; requests over the whole run = measured ones scaled to (duration - 1)
REQUESTS=$(awk -v ok="$OK" -v f="$FAILED" -v m="$MEASURED" -v d="$DURATION" -v s=$START_S 'BEGIN { printf "%.0f", (ok + f) * (d - s) / m }')
ZW=$(median "$OUT/zksim.times" 1); ZC=$(median "$OUT/zksim.times" 2); ZM=$(median "$OUT/zksim.times" 3)
RW=$(median "$OUT/raw.times" 1); RC=$(median "$OUT/raw.times" 2)
say "## 1. Overhead floor: zksim against bare SimGrid doing the same comms"
say ""
say "The baseline, tests/bench/raw_simgrid.cpp, replays the SimGrid work of the canonical run: the same platform"
say "shape, one actor per host with a permanent receiver, and per host pair the same number of detached"
say "comms with the same bytes ($COMMS comms, from zksim's own per-pair counters: flows and wakes, each wake"
say "followed by the receiver's second wait), and nothing else. The $(json_number "$REPORT" packets) packets (one-segment batches,"
say "sim/runtime/wire.hpp) are zksim's own work, as are the state machines, checks and metrics."
say ""
say "| program | command | wall s | cpu s | µs wall / comm | µs cpu / comm |"
say "|---|---|---:|---:|---:|---:|"
say "| zksim | \`zksim run scenarios/bench/$(basename "$CANONICAL") -q\` | $ZW | $ZC | $(awk -v w="$ZW" -v c="$COMMS" 'BEGIN{printf "%.2f", w/c*1e6}') | $(awk -v w="$ZC" -v c="$COMMS" 'BEGIN{printf "%.2f", w/c*1e6}') |"
say "| raw SimGrid | \`zksim_bench_pattern <scenario> p.txt && raw_simgrid p.txt\` | $RW | $RC | $(awk -v w="$RW" -v c="$COMMS" 'BEGIN{printf "%.2f", w/c*1e6}') | $(awk -v w="$RC" -v c="$COMMS" 'BEGIN{printf "%.2f", w/c*1e6}') |"
say ""
say "**Overhead ratio** (zksim per comm / raw per comm): wall $(ratio "$ZW" "$RW"), cpu $(ratio "$ZC" "$RC") (target at most 1.5)."
say ""
say "## 2. Real-time factor on the canonical scenario"
say ""
say "| scenario | simulated s | wall s | cpu s | real-time factor (wall) | (cpu) | SimGrid comms / request | messages / request | max RSS MiB |"
say "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
say "| $(basename "$CANONICAL") | $DURATION | $ZW | $ZC | $(ratio "$DURATION" "$ZW")x | $(ratio "$DURATION" "$ZC")x | $(ratio "$COMMS" "$REQUESTS") | $(ratio "$MESSAGES" "$REQUESTS") | $((ZM / 1024)) |"
say ""
say "Requests: $REQUESTS (the measured window's $OK ok + $FAILED failed, scaled to the $((${DURATION%.*} - START_S)) s clients run)."
say "Server CPU time costs no SimGrid activity (the host actor times it), so comms are all the activities."
say "Messages one host sends another at one instant share a batch: $MESSAGES protocol messages took $COMMS comms and $(json_number "$REPORT" packets) packets."
say ""

# --- 3. Scale -----------------------------------------------------------------------------------
say "## 3. Scale"
say ""
: >"$OUT/scale.times"
measure "$OUT/scale.times" "$ZKSIM" run "$SCALE" --out "$OUT/runs/scale" -q
read -r SW SC SM <"$OUT/scale.times"
SD=$(json_number "$OUT/runs/scale/report.json" duration_s)
SREPORT=$OUT/runs/scale/report.json
say "| scenario | clients | simulated s | wall s | cpu s | real-time factor | comms | messages | max RSS MiB (target < 2048) |"
say "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
say "| \`zksim run scenarios/bench/$(basename "$SCALE") -q\` | $(json_number "$SREPORT" clients) | $SD | $SW | $SC | $(ratio "$SD" "$SW")x | $(json_number "$SREPORT" simgrid_comms) | $(json_number "$SREPORT" messages) | $((SM / 1024)) |"
say ""

# table TITLE KEY VALUES...: wall time of canonical variants ($SHORT_S s simulated) against one key.
table() {
  local title=$1 key=$2; shift 2
  local dat=$OUT/$key.dat base_wall=""
  : >"$dat"
  say "### Wall time against $title ($SHORT_S s simulated, canonical otherwise)"
  say ""
  say "| $key | command | wall s | cpu s | wall / first row | real-time factor | comms |"
  say "|---:|---|---:|---:|---:|---:|---:|"
  for v in "$@"; do
    local file; file=$(variant "${key}_$v" "$ROOT/scenarios/bench/canonical.json" duration_s=$SHORT_S "$key=$v")
    : >"$OUT/row.times"
    measure "$OUT/row.times" "$ZKSIM" run "$file" --out "$OUT/runs/${key}_$v" -q
    read -r w c m <"$OUT/row.times"
    base_wall=${base_wall:-$w}
    say "| $v | \`zksim run out/bench/scenarios/${key}_$v.json -q\` | $w | $c | $(ratio "$w" "$base_wall") | $(ratio "$SHORT_S" "$w")x | $(json_number "$OUT/runs/${key}_$v/report.json" simgrid_comms) |"
    echo "$v $w $c" >>"$dat"
  done
  say ""
}
table "offered load (1x, 2x, 4x the canonical 10,000 req/s)" rate_per_s 10000 20000 40000
table "ensemble size" servers 3 5 7 9 11 13

say "## 4. Cost per message against ensemble size (up to 99 members)"
say ""
BUILD=$BUILD OUT=$OUT REPEAT=$REPEAT bash "$ROOT/tests/bench/ensemble_size.sh" $( ((QUICK)) && echo --quick) | tee -a "$RESULTS"
say ""

if command -v gnuplot >/dev/null; then
  gnuplot <<PLOT
set terminal pngcairo size 900,380 noenhanced
set output "$OUT/scaling.png"
set multiplot layout 1,2
set grid; set ylabel "wall s ($SHORT_S s simulated)"
set xlabel "offered load, req/s"; plot "$OUT/rate_per_s.dat" using 1:2 with linespoints title "wall", "" using 1:3 with linespoints title "cpu"
set xlabel "voting servers"; plot "$OUT/servers.dat" using 1:2 with linespoints title "wall", "" using 1:3 with linespoints title "cpu"
unset multiplot
PLOT
  say "Plot: out/bench/scaling.png"
fi
say "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
