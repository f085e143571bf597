#!/usr/bin/env bash
# The README's Slurm array on a real one-node Slurm cluster on this machine. One command (from
# anywhere):
#
#   bash tests/slurm/run.sh
#
# Installs Debian's slurm-wlm and munge if missing, builds build/zksim if missing, starts munged,
# slurmctld and slurmd from a generated key and slurm.conf in a temporary folder (ports 46817 and
# 46818 and a munge socket of their own, so a Slurm or munge already running here is not touched),
# checks that sim/sweep/README.md shows sim/sweep/slurm/*.sbatch as they are, submits sweep.sbatch
# as a four-task array over tests/slurm/plan.json and merge.sbatch after it (afterok), and checks
# the merged folder byte-identical to the unsharded sweep. Prints PASS or FAIL (then the daemons'
# logs); every daemon is stopped by its pid on the way out and the temporary folder removed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ZKSIM=${ZKSIM_BINARY:-$ROOT/build/zksim}
SHARDS=4
WAIT_S=300   # for the node to come up, and again for both jobs to end
TMP=$(mktemp -d "${TMPDIR:-/tmp}/zksim-slurm.XXXXXX")
export SLURM_CONF=$TMP/slurm.conf
daemon_pids=()
job_ids=()

say() { echo "slurm test: $*" >&2; }
fail() { say "$*"; exit 1; }

# 1. Packages, as .ci/setup installs its own: dpkg-query, then apt-get, sudo only when not root.
install_packages() {
  local p missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  say "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 900 $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
}

# zksim only if missing: the test is meant to be re-run on whatever build is there.
build_zksim() {
  [ -x "$ZKSIM" ] && return 0
  say "building zksim"
  cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$ROOT/build" -j2 --target zksim >&2
}

# The README must show the scripts this test submits, so that there is no second copy to drift:
# the fenced block after the line that links a script is compared with the script.
check_readme() {
  local script block
  for script in sweep.sbatch merge.sbatch; do
    block=$(awk -v link="(slurm/$script)" 'index($0, link) { found = 1; next }
      found && /^```/ { if (inside) exit; inside = 1; next }
      inside { print }' "$ROOT/sim/sweep/README.md")
    [ "$block" = "$(cat "$ROOT/sim/sweep/slurm/$script")" ] ||
      fail "sim/sweep/README.md does not show sim/sweep/slurm/$script as it is"
  done
}

# 2. The cluster. Munge's key and socket, and every Slurm state, spool, log and pid file, live in
# TMP: nothing outside it is written, and nothing of a system-wide Slurm is read.
write_config() {
  # munged wants its socket's folder (and the ones above) searchable by all; nothing in TMP is listable
  chmod 711 "$TMP"
  mkdir -p "$TMP/state" "$TMP/spool" "$TMP/run"
  dd if=/dev/urandom of="$TMP/munge.key" bs=1024 count=1 status=none
  chmod 400 "$TMP/munge.key"
  local cpus memory_mb
  cpus=$(nproc)
  memory_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
  sed -e "s|@TMP@|$TMP|g" -e "s|@CPUS@|$cpus|g" -e "s|@MEMORY_MB@|$memory_mb|g" \
    "$HERE/slurm.conf.in" >"$SLURM_CONF"
}

# Each daemon runs in the foreground (-F, -D) as a child of this script, so $! is its pid and no
# pid file has to be trusted.
start_daemon() {
  local name=$1
  shift
  "$@" >"$TMP/$name.out" 2>&1 &
  daemon_pids+=("$!")
  say "started $name (pid $!)"
}

start_cluster() {
  start_daemon munged munged -F --key-file="$TMP/munge.key" --socket="$TMP/munge.sock" \
    --pid-file="$TMP/run/munged.pid" --seed-file="$TMP/munge.seed"
  wait_for "munged's socket" 30 test -S "$TMP/munge.sock"
  start_daemon slurmctld slurmctld -D -f "$SLURM_CONF"
  start_daemon slurmd slurmd -D -f "$SLURM_CONF"
  wait_for "the node to be idle" "$WAIT_S" node_idle
}

node_idle() { [ "$(timeout 10 sinfo -h -N -o %t 2>/dev/null)" = idle ]; }

# wait_for WHAT SECONDS COMMAND...: polls COMMAND once a second until it succeeds; fails after SECONDS.
wait_for() {
  local what=$1 limit_s=$2 start=$SECONDS
  shift 2
  until "$@"; do
    [ $((SECONDS - start)) -lt "$limit_s" ] || fail "gave up waiting ${limit_s}s for $what"
    sleep 1
  done
  say "$what: after $((SECONDS - start))s"
}

# 3. The jobs, submitted as the README says, from a folder of their own with zksim on PATH. The
# command line's --array and --cpus-per-task override the script's #SBATCH lines: four shards,
# one CPU each (the shards run --jobs 1).
submit() {
  mkdir -p "$TMP/work/logs"
  cd "$TMP/work"
  export PATH="$(dirname "$ZKSIM"):$PATH" ZKSIM_PLAN="$HERE/plan.json"
  export ZKSIM_SHARDS="$TMP/work/shards" ZKSIM_SWEEP="$TMP/work/sweep"
  local jid mid
  jid=$(timeout 30 sbatch --parsable --array=0-$((SHARDS - 1)) --cpus-per-task=1 \
    "$ROOT/sim/sweep/slurm/sweep.sbatch")
  job_ids+=("${jid%%;*}")
  mid=$(timeout 30 sbatch --parsable --dependency=afterok:${jid%%;*} "$ROOT/sim/sweep/slurm/merge.sbatch")
  job_ids+=("${mid%%;*}")
  say "submitted the array (job ${job_ids[0]}, $SHARDS tasks) and the merge (job ${job_ids[1]})"
}

# The states of every job and array task submitted, one a line ("COMPLETED" ...).
job_states() {
  local id
  for id in "${job_ids[@]}"; do
    timeout 10 scontrol -o show job "$id" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2
  done
}

jobs_ended() {
  local states
  states=$(job_states) || return 1
  ! grep -qE '^(PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUED|RESIZING)$' <<<"$states"
}

check_jobs() {
  wait_for "the jobs to end" "$WAIT_S" jobs_ended
  local states
  states=$(job_states)
  [ "$(grep -c '^COMPLETED$' <<<"$states")" -eq $((SHARDS + 1)) ] ||
    fail "not every job completed: $(tr '\n' ' ' <<<"$states")"
  # The script took the shard count from the array: exactly shards 0..3 of 4 were written.
  local expected i
  expected=$(for ((i = 0; i < SHARDS; i++)); do echo "shard-$i-of-$SHARDS.json"; done)
  [ "$(ls "$TMP/work/shards" | grep '^shard-' | sort)" = "$expected" ] ||
    fail "the shards written are not 0..$((SHARDS - 1)) of $SHARDS: $(ls "$TMP/work/shards" | tr '\n' ' ')"
  say "the $SHARDS array tasks and the merge completed"
}

# 4. The merged folder against the unsharded sweep, byte for byte.
compare() {
  timeout 600 "$ZKSIM" sweep "$HERE/plan.json" --jobs 1 --out "$TMP/whole" --quiet >"$TMP/whole.out"
  diff -r "$TMP/whole" "$TMP/work/sweep" >&2 || fail "the merged folder differs from the unsharded sweep"
  say "the merged folder equals the unsharded sweep ($(find "$TMP/whole" -type f | wc -l) files)"
}

# A Slurm daemon's log file, or what it printed if it stopped before opening one (munged, in the
# foreground, logs only to its stderr); the jobs' output.
show_logs() {
  local name log
  for name in munged slurmctld slurmd; do
    log=$TMP/$name.log
    [ -f "$log" ] || log=$TMP/$name.out
    [ -f "$log" ] && { echo "--- $name: ${log##*/} (tail)"; tail -n 30 "$log"; } >&2
  done
  for log in "$TMP"/work/logs/*; do
    [ -f "$log" ] && { echo "--- job output: ${log##*/} (tail)"; tail -n 30 "$log"; } >&2
  done
  return 0
}

# stop_daemon PID: TERM, then KILL if it is still there after 20 s; then reaps it.
stop_daemon() {
  local pid=$1
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Whatever happens: cancel the jobs and give slurmd up to 30 s to stop their steps (once it is
# gone, nothing would), stop each daemon by its pid, show the logs if something failed, remove TMP.
cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  cd /
  if [ ${#job_ids[@]} -gt 0 ]; then
    timeout 10 scancel "${job_ids[@]}" 2>/dev/null || true
    for _ in $(seq 30); do jobs_ended && break; sleep 1; done
  fi
  for ((i = ${#daemon_pids[@]} - 1; i >= 0; i--)); do stop_daemon "${daemon_pids[i]}"; done
  [ "$status" -eq 0 ] || show_logs
  rm -rf "$TMP"
  [ "$status" -eq 0 ] && say "PASS" || say "FAIL"
  exit "$status"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local start=$SECONDS
  install_packages
  build_zksim
  check_readme
  write_config
  start_cluster
  submit
  check_jobs
  compare
  say "took $((SECONDS - start))s"
}

main "$@"
