#!/usr/bin/env bash
# Cost per message against ensemble size (issue: speed that does not fall off with ensemble size).
# Called by run.sh with its build; alone:   BUILD=build-bench OUT=out/bench bash tests/bench/ensemble_size.sh [--quick]
# Two series of members, all voters to 51, and 13 voters with observers up to 99 members; three loads:
# idle (10 clients, 10 req/s: the start's election is most of the work), read-heavy (1,000 clients,
# 2,000 req/s, 90% reads) and write-heavy (2,000 req/s, 10% reads). Each point runs zksim and raw
# SimGrid replaying the run's SimGrid comms (tests/bench/raw_simgrid.cpp), alternated, medians of
# REPEAT; it prints a Markdown table and writes OUT/ensemble.dat and OUT/ensemble.png.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
OUT=${OUT:-$ROOT/out/bench}
REPEAT=${REPEAT:-3}
SIM_S=5
[[ ${1:-} == --quick ]] && SIM_S=2 && REPEAT=1
mkdir -p "$OUT/ensemble"
DIR=$OUT/ensemble

# scenario NAME VOTERS OBSERVERS CLIENTS RATE READ_RATIO: writes DIR/NAME.json
scenario() {
  cat >"$DIR/$1.json" <<JSON
{ "name": "$1", "seed": 1, "duration_s": $SIM_S, "warmup_s": 0,
  "network": { "model": "CM02", "latency_us": 100 },
  "ensemble": { "servers": $2, "observers": $3, "tick_ms": 2000, "init_limit": 10, "sync_limit": 5 },
  "clients": { "count": $4, "hosts": $(( $4 < 10 ? 1 : 10 )), "session_timeout_ms": 30000 },
  "workload": { "loop": "open", "rate_per_s": $5, "read_ratio": $6, "keys": 10000, "value_bytes": 1024 } }
JSON
}
# field NAME LINE: the number after NAME in a line of "name value" pairs
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' <<<"$2"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Times are the simulations' own (zksim_bench_pattern times sim::run_scenario, as `zksim run` runs
# it, without the process's start and the reports; raw_simgrid times its engine), wall seconds on
# an otherwise idle machine.
echo "| load | voters | observers | messages | SimGrid comms | packets | zksim s | µs / message | / the 5-voter figure | raw SimGrid s (its comms) | zksim / raw |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
: >"$OUT/ensemble.dat"
for load in "idle 10 10 0.9" "read-heavy 1000 2000 0.9" "write-heavy 1000 2000 0.1"; do
  read -r name clients rate reads <<<"$load"
  base=""
  for members in "5 0" "13 0" "25 0" "51 0" "13 24" "13 50" "13 86"; do
    read -r voters observers <<<"$members"
    id=${name}_${voters}_${observers}
    scenario "$id" "$voters" "$observers" "$clients" "$rate" "$reads"
    : >"$DIR/z.s"; : >"$DIR/r.s"
    for ((i = 0; i < REPEAT; i++)); do
      line=$("$BUILD/zksim_bench_pattern" "$DIR/$id.json" "$DIR/$id.pattern")
      field wall_s "$line" >>"$DIR/z.s"
      field wall_s "$("$BUILD/raw_simgrid" "$DIR/$id.pattern")" >>"$DIR/r.s"
    done
    z=$(median <"$DIR/z.s"); r=$(median <"$DIR/r.s")
    messages=$(field messages "$line")
    per=$(awk -v s="$z" -v m="$messages" 'BEGIN { printf "%.2f", s / m * 1e6 }')
    base=${base:-$per}
    echo "| $name | $voters | $observers | $messages | $(field comms "$line") | $(field packets "$line") | $z | $per | $(awk -v a="$per" -v b="$base" 'BEGIN { printf "%.2f", a / b }') | $r | $(awk -v a="$z" -v b="$r" 'BEGIN { printf "%.1f", a / b }') |"
    echo "$name $voters $observers $((voters + observers)) $per $z $r" >>"$OUT/ensemble.dat"
  done
done
echo ""
echo "Scenarios: out/bench/ensemble/<load>_<voters>_<observers>.json ($SIM_S s simulated each; \`zksim run\` runs them)."
if command -v gnuplot >/dev/null; then
  gnuplot <<PLOT
set terminal pngcairo size 900,380 noenhanced
set output "$OUT/ensemble.png"
set grid; set xlabel "members (voters, then 13 voters and observers)"; set ylabel "µs per protocol message"
set logscale y
plot for [load in "idle read-heavy write-heavy"] "< grep '^".load." ' $OUT/ensemble.dat | awk '\$3 == 0'" using 4:5 with linespoints title load." (voters)", \
     for [load in "idle read-heavy write-heavy"] "< grep '^".load." ' $OUT/ensemble.dat | awk '\$2 == 13'" using 4:5 with linespoints dashtype 2 title load." (13 voters + observers)"
PLOT
  echo ""
  echo "Plot: out/bench/ensemble.png"
fi
