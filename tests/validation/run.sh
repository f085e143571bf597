#!/usr/bin/env bash
# zksim against a real ZooKeeper 3.8 ensemble. One command (from anywhere):
#
#   bash tests/validation/run.sh [--runs N] [--seeds N] [--quick] [--libraries java,c]
#                                [--faults kill_leader,...] [--no-real] [--no-sim] [--no-calibration]
#
# Installs what is missing (Debian 12 packages: zookeeper, a JDK, libzookeeper-mt-dev, gcc,
# python3), compiles the two writers, builds zksim if build/zksim is missing, then runs every fault
# N times (default 5) on a fresh three-server ensemble on 127.0.0.1 with each writer, measures the
# timing constants, runs zksim on the same configuration with several seeds and prints the table.
# --quick: one run per fault and library, two seeds, one small calibration (a smoke test, not
# figures to quote). Results go to out/validation/ (ZKSIM_VALIDATION_OUT overrides); results.md is
# the table. Not part of CI. Every process it starts is stopped by its pid; see README.md here.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${ZKSIM_VALIDATION_OUT:-$ROOT/out/validation}
ZKSIM=${ZKSIM_BINARY:-$ROOT/build/zksim}
args=()
limit_s=7200
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) args+=(--runs 1 --seeds 2 --calibration-mb 4); limit_s=1200 ;;
    --runs|--seeds|--libraries|--faults|--calibration-mb) args+=("$1" "$2"); shift ;;
    --no-real|--no-sim|--no-calibration) args+=("$1") ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

# 1. packages (as .ci/setup: dpkg-query, apt-get, sudo only when not root)
packages=(zookeeper libzookeeper-mt-dev gcc python3)
command -v javac >/dev/null || packages+=(default-jdk-headless)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  # python3 may come from elsewhere (pyenv): install Debian's only if there is none at all
  if command -v python3 >/dev/null; then missing=("${missing[@]/python3}"); fi
  read -r -a missing <<<"${missing[*]}"
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "validation: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# 2. the writers
BUILD=$OUT/build
mkdir -p "$BUILD"
javac -implicit:none -d "$BUILD" -cp /usr/share/java/zookeeper.jar:/usr/share/java/zookeeper-jute.jar "$HERE/Writer.java"
gcc -O2 -Wall -Wextra -o "$BUILD/writer" "$HERE/writer.c" -lzookeeper_mt -lpthread
cat >"$BUILD/client-log4j.properties" <<'EOF'
log4j.rootLogger=INFO, ERR
log4j.appender.ERR=org.apache.log4j.ConsoleAppender
log4j.appender.ERR.Target=System.err
log4j.appender.ERR.layout=org.apache.log4j.PatternLayout
log4j.appender.ERR.layout.ConversionPattern=%d{yyyy-MM-dd HH:mm:ss,SSS} - %-5p [%t:%C{1}@%L] - %m%n
EOF

# 3. zksim (only the binary, only if missing: the suite is meant to be re-run on any build)
if [ ! -x "$ZKSIM" ]; then
  cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$ROOT/build" -j2 --target zksim >&2
fi

# 4. the runs. Every pid the driver starts is also written to a pids file; whatever happens
# (timeout, Ctrl-C, an error), the trap kills those pids, and only those.
kill_recorded() {
  local f pid
  for f in "$OUT"/real/*/pids "$OUT"/calibration/*/pids; do
    [ -f "$f" ] || continue
    while read -r pid _; do
      # only a process of this suite: its command line names the output folder (a pid left in
      # an old file may since have been given to another process)
      if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$OUT"; then
        kill -9 "$pid" 2>/dev/null || true
      fi
    done <"$f"
  done
}
trap kill_recorded EXIT
export PYTHONDONTWRITEBYTECODE=1
# The real side measures milliseconds: on a machine that is also compiling, the ensemble and the
# writers should not wait behind that work. With the right (root, or CAP_SYS_NICE) the suite and
# everything it starts run at nice -10; otherwise at the default, and machine.txt says which.
priority="nice $(nice)"
if renice -n -10 -p $$ >/dev/null 2>&1; then priority="nice -10 (raised)"; fi
{
  echo "---"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "started $(date -u +%FT%TZ), loadavg $(cut -d' ' -f1-3 /proc/loadavg), $priority"
  echo "zookeeper $(dpkg-query -W -f='${Version}' zookeeper), libzookeeper-mt $(dpkg-query -W -f='${Version}' libzookeeper-mt-dev), $(java -version 2>&1 | head -1)"
  echo "zksim $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "arguments: ${args[*]:-(none)}"
} | tee -a "$OUT/machine.txt"
timeout --signal=TERM --kill-after=30 "$limit_s" \
  python3 "$HERE/validate.py" --out "$OUT" --build "$BUILD" --zksim "$ZKSIM" "${args[@]}"
echo "ended $(date -u +%FT%TZ), loadavg $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
echo "table: $OUT/results.md"
