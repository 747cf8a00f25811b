#!/usr/bin/env bash
# The standard benchmark suite: every scenario against our node and nchan, several runs each (medians), with the
# server under test pinned to SERVER_CPUS and the load generator to CLIENT_CPUS, then docs/benchmarks.md's tables
# are regenerated from the JSON reports.
#
# Usage: scripts/bench/run-suite.sh [--quick] [--runs N] [--only "scenario ..."] [--no-saturation | --saturation-only]
#                                   [--no-docs]
#   --quick   1 run, short durations, small counts: checks the suite works (numbers not for the docs)
#   Besides the fixed-rate runs, live-video, many-videos and personal get a saturation search per target (the highest
#   rate each sustains) followed by the runs at half of it, for "deliveries/s at saturation" and "p99 at half".
# Env: SERVER_CPUS=0 CLIENT_CPUS=1 RESULTS=bench-results/suite-<time>
# Our node is started from node/target/rtd-node.jar (build: mvn -B -DskipTests package at the repo root); when it
# is missing the suite runs nchan only and the docs show our column as "pending".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/scripts/bench"
RUNS=3
QUICK=0
DOCS=1
SATURATION=1
FIXED=1
ONLY="live-video many-videos personal churn capacity"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; RUNS=1; DOCS=0 ;;
    --runs) RUNS="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --no-docs) DOCS=0 ;;
    --no-saturation) SATURATION=0 ;;
    --saturation-only) FIXED=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
SERVER_CPUS="${SERVER_CPUS:-0}"
CLIENT_CPUS="${CLIENT_CPUS:-1}"
RESULTS="${RESULTS:-$ROOT/bench-results/suite-$(date +%Y%m%d-%H%M%S)}"
TOOL="$ROOT/load-test/target/rtd-load-test.jar"
NODE_JAR="$ROOT/node/target/rtd-node.jar"
mkdir -p "$RESULTS"

[ -f "$TOOL" ] || mvn -B -q -pl load-test package -DskipTests
"$BENCH/install-nchan.sh" >/dev/null
HAVE_OURS=0
[ -f "$NODE_JAR" ] && HAVE_OURS=1
[ "$HAVE_OURS" = 1 ] || echo "note: $NODE_JAR missing, running nchan only (ours pending)" >&2

# Per scenario: standard arguments, then the quick variant.
args_for() {
  local full quick
  case "$1" in
    live-video)  full="--viewers 1000 --likes-per-second 30 --duration 20"
                 quick="--viewers 200 --likes-per-second 10 --duration 3" ;;
    many-videos) full="--videos 200 --viewers 5000 --zipf 1.0 --likes-per-second 100 --duration 20"
                 quick="--videos 20 --viewers 300 --likes-per-second 20 --duration 3" ;;
    personal)    full="--topics 5000 --events-per-second 1000 --duration 20"
                 quick="--topics 300 --events-per-second 50 --duration 3" ;;
    churn)       full="--clients 2000 --topics 100 --events-per-second 50 --storms 3 --duration 30"
                 quick="--clients 200 --topics 10 --events-per-second 20 --storms 1 --duration 4" ;;
    capacity)    full="--connections 10000 --topics 1000 --duration 5 --connect-rate 500 --connect-timeout 30"
                 quick="--connections 500 --topics 50 --duration 2" ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
  # No warm-up for capacity: memory a warm-up touched stays resident and would hide the per-connection delta.
  if [ "$QUICK" = 1 ]; then echo "$quick"; elif [ "$1" = capacity ]; then echo "$full"; else echo "$full --warmup 5"; fi
}

stop_servers() {
  "$BENCH/stop-nchan.sh" >/dev/null 2>&1 || true
  "$BENCH/stop-ours.sh" >/dev/null 2>&1 || true
}
trap stop_servers EXIT

# Runs one invocation of a scenario (both targets) on freshly started servers, both pinned to the same CPUs.
run_fresh() {
  local scenario="$1" runs="$2" name="$3"
  shift 3
  stop_servers
  NCHAN_CPUS="$SERVER_CPUS" "$BENCH/start-nchan.sh" >&2
  local targets=(--target nchan)
  if [ "$HAVE_OURS" = 1 ]; then
    OURS_CPUS="$SERVER_CPUS" "$BENCH/start-ours.sh" >&2
    targets=(--target "ours=rtd,sub=http://127.0.0.1:18080,pub=http://127.0.0.1:18081" --target nchan)
  fi
  # shellcheck disable=SC2046
  taskset -c "$CLIENT_CPUS" java -jar "$TOOL" "$scenario" $(args_for "$scenario") "${targets[@]}" \
    --runs "$runs" --client-cores "$(taskset -c "$CLIENT_CPUS" nproc)" --out "$RESULTS" --name "$name" "$@"
}

saturation_args() {
  if [ "$QUICK" = 1 ]; then echo "--saturate --step-duration 2 --max-rate 400 --bisections 1"; else echo "--saturate --step-duration 8"; fi
}

for scenario in $ONLY; do
  echo "=== $scenario" >&2
  if [ "$FIXED" = 1 ]; then
    if [ "$scenario" = capacity ]; then
      # Memory per connection needs a server that never held connections before: one fresh server per run.
      for i in $(seq 1 "$RUNS"); do run_fresh capacity 1 "capacity-$i"; done
    else
      run_fresh "$scenario" "$RUNS" "$scenario"
    fi
  fi
  # churn is about storms and capacity has no rate: neither has a saturation rate to search.
  if [ "$SATURATION" = 1 ] && [ "$scenario" != churn ] && [ "$scenario" != capacity ]; then
    echo "=== $scenario: saturation search" >&2
    # shellcheck disable=SC2046
    run_fresh "$scenario" "$RUNS" "$scenario-saturation" $(saturation_args)
  fi
done
stop_servers

if [ "$DOCS" = 1 ]; then
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  header="Measured $(date -u +%Y-%m-%d) with \`scripts/bench/run-suite.sh\` on one machine ($cpu, $(nproc) cores,
Linux $(uname -r), $(java -version 2>&1 | head -1), $(nginx -v 2>&1 | cut -d: -f2 | xargs), nchan $(dpkg-query -W -f='${Version}' libnginx-mod-nchan 2>/dev/null)).
Server under test on CPU $SERVER_CPUS, load generator on CPU $CLIENT_CPUS; medians of $RUNS runs; ratio = ours/nchan."
  java -jar "$TOOL" docs --results "$RESULTS" --file "$ROOT/docs/benchmarks.md" --header "$header"
fi
echo "results in $RESULTS" >&2
