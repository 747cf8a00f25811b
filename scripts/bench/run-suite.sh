#!/usr/bin/env bash
# The benchmark suite: our node and nchan side by side, each scenario on freshly started servers, the server under
# test pinned to SERVER_CPUS and the load generator to CLIENT_CPUS; then docs/benchmarks.md's results block (the
# issue-8 goals table and one table per job) is regenerated from the JSON reports.
#
# Usage: scripts/bench/run-suite.sh [--quick] [--issue8] [--runs N] [--only "job ..."] [--no-docs]
#   (default)  every job below, 3 runs each (medians)          about 40 min on the 2-core dev machine
#   --issue8   only the jobs behind issue 8's table (*)          about 25 min
#   --quick    1 run, small counts, a few seconds per step: checks the setup and the tool (about 5 min); the docs
#              are not touched, a preview goes to $RESULTS/benchmarks-preview.md
#   --only     a subset of jobs by name, e.g. --only "connect-rate slow-reader"
#   (Times for a quiet machine and a node that keeps up with the connect ramps; a node that accepts slowly makes
#   each connect phase longer, up to --connect-timeout, 10 s, past the ramp.)
# Jobs (* = issue 8):
#   live-video-saturation*  saturation search, 1 hot topic, 1,000 viewers; then p99 at half of nchan's rate
#   many-videos-saturation* saturation search, 200 videos, 5,000 viewers (Zipf)
#   personal*               5,000 personal topics at 2,000 events/s: server CPU per event
#   capacity*               10,000 idle streams: live heap and RSS per connection (fresh servers per run)
#   connect-rate*           10,000 streams opened at 5,000/s over 4 worker processes and 8 source addresses
#   slow-reader*            1,000 readers alone, then with 1,000 clients that never read, on one hot topic
#   live-video, many-videos, churn, personal-saturation   the fixed-rate runs and the rest
#   rolling-restart         ours only: the tool launches 3 frontends + 1 dispatcher (ports 18300+, 12800+) from
#                           NODE_JAR (with the launcher from TOOLS_JAR) and restarts each frontend under traffic
# Env: SERVER_CPUS=0 CLIENT_CPUS=1 RESULTS=bench-results/suite-<time>
#      NODE_JAR=node/target/rtd-node.jar (the node under test; build: mvn -B -DskipTests package)
#      TOOLS_JAR=tools/target/rtd-tools.jar (the launcher rolling-restart runs)
#      TOOL=load-test/target/rtd-load-test.jar; OURS_*/NCHAN_* ports and dirs pass through to start-*.sh
# When NODE_JAR is missing the suite runs nchan only and the docs show our column as "pending".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/scripts/bench"
RUNS=3
QUICK=0
DOCS=1
ISSUE8_JOBS="live-video-saturation many-videos-saturation personal capacity connect-rate slow-reader"
ONLY="$ISSUE8_JOBS live-video many-videos churn personal-saturation rolling-restart"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; RUNS=1; DOCS=0 ;;
    --issue8) ONLY="$ISSUE8_JOBS" ;;
    --runs) RUNS="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --no-docs) DOCS=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
SERVER_CPUS="${SERVER_CPUS:-0}"
CLIENT_CPUS="${CLIENT_CPUS:-1}"
RESULTS="${RESULTS:-$ROOT/bench-results/suite-$(date +%Y%m%d-%H%M%S)}"
TOOL="${TOOL:-$ROOT/load-test/target/rtd-load-test.jar}"
NODE_JAR="${NODE_JAR:-$ROOT/node/target/rtd-node.jar}"
TOOLS_JAR="${TOOLS_JAR:-$ROOT/tools/target/rtd-tools.jar}"  # the launcher, for rolling-restart
OURS_URLS="sub=http://127.0.0.1:${OURS_FRONTEND_PORT:-18080},pub=http://127.0.0.1:${OURS_DISPATCHER_PORT:-18081}"
NCHAN_URLS="sub=http://127.0.0.1:${NCHAN_PORT:-8090}/sub,pub=http://127.0.0.1:${NCHAN_PORT:-8090}/pub"
mkdir -p "$RESULTS"

[ -f "$TOOL" ] || mvn -B -q -pl load-test package -DskipTests
"$BENCH/install-nchan.sh" >/dev/null
HAVE_OURS=0
[ -f "$NODE_JAR" ] && HAVE_OURS=1
[ "$HAVE_OURS" = 1 ] || echo "note: $NODE_JAR missing, running nchan only (ours pending)" >&2

# Per job: the scenario, then its arguments in the standard suite, then in --quick.
SAT="--saturate --half-of nchan --step-duration 6"
SAT_QUICK="--saturate --half-of nchan --step-duration 2 --bisections 1"
job() {
  case "$1" in
    live-video-saturation) echo "live-video|--viewers 1000 --likes-per-second 50 --duration 10 $SAT --warmup 5|--viewers 200 --likes-per-second 50 --duration 3 --max-rate 800 $SAT_QUICK" ;;
    many-videos-saturation) echo "many-videos|--videos 200 --viewers 5000 --zipf 1.0 --likes-per-second 100 --duration 10 $SAT --warmup 5|--videos 20 --viewers 300 --likes-per-second 50 --duration 3 --max-rate 800 $SAT_QUICK" ;;
    personal) echo "personal|--topics 5000 --events-per-second 2000 --batch-window-ms 10 --connect-rate 1000 --duration 20 --warmup 5|--topics 300 --events-per-second 500 --batch-window-ms 10 --duration 3" ;;
    capacity) echo "capacity|--connections 10000 --topics 1000 --duration 5 --connect-rate 2000 --connect-timeout 30|--connections 500 --topics 50 --duration 2" ;;
    connect-rate) echo "connect-rate|--connections 10000 --rate 5000 --topics 1000 --duration 2 --source-addresses 8 --warmup 2|--connections 1000 --rate 1000 --topics 100 --duration 1 --workers 2" ;;
    slow-reader) echo "slow-reader|--readers 1000 --stalled 1000 --likes-per-second 20 --payload-bytes 512 --duration 15 --warmup 5|--readers 100 --stalled 100 --likes-per-second 20 --payload-bytes 512 --duration 3" ;;
    live-video) echo "live-video|--viewers 1000 --likes-per-second 30 --duration 20 --warmup 5|--viewers 200 --likes-per-second 10 --duration 3" ;;
    many-videos) echo "many-videos|--videos 200 --viewers 5000 --zipf 1.0 --likes-per-second 100 --duration 20 --warmup 5|--videos 20 --viewers 300 --likes-per-second 20 --duration 3" ;;
    churn) echo "churn|--clients 2000 --topics 100 --events-per-second 50 --storms 3 --duration 30 --warmup 5|--clients 200 --topics 10 --events-per-second 20 --storms 1 --duration 4" ;;
    rolling-restart) echo "rolling-restart|--clients 300 --topics 30 --events-per-second 50 --frontends 3 --duration 60|--clients 60 --topics 6 --events-per-second 20 --frontends 2 --duration 30 --pause 1" ;;
    personal-saturation) echo "personal|--topics 5000 --events-per-second 1000 --connect-rate 1000 --duration 10 $SAT --warmup 5|--topics 300 --events-per-second 200 --duration 3 --max-rate 3000 $SAT_QUICK" ;;
    *) echo "unknown job $1 (see the header of $0)" >&2; exit 2 ;;
  esac
}

stop_servers() {
  "$BENCH/stop-nchan.sh" >/dev/null 2>&1 || true
  "$BENCH/stop-ours.sh" >/dev/null 2>&1 || true
}
trap stop_servers EXIT

# One invocation of a scenario against both targets on freshly started servers, both pinned to the same CPUs.
run_fresh() {
  local scenario="$1" runs="$2" name="$3" args="$4"
  stop_servers
  NCHAN_CPUS="$SERVER_CPUS" "$BENCH/start-nchan.sh" >&2
  local targets=(--target "nchan=nchan,$NCHAN_URLS")
  if [ "$HAVE_OURS" = 1 ]; then
    OURS_JAR="$NODE_JAR" OURS_CPUS="$SERVER_CPUS" "$BENCH/start-ours.sh" >&2
    targets=(--target "ours=rtd,$OURS_URLS" --target "nchan=nchan,$NCHAN_URLS")
  fi
  # shellcheck disable=SC2086
  taskset -c "$CLIENT_CPUS" java -jar "$TOOL" "$scenario" $args "${targets[@]}" --runs "$runs" \
    --client-cores "$(taskset -c "$CLIENT_CPUS" nproc)" --out "$RESULTS" --name "$name"
}

started=$(date +%s)
jobs=($ONLY)
for i in "${!jobs[@]}"; do
  name="${jobs[$i]}"
  IFS='|' read -r scenario full quick <<< "$(job "$name")"
  args="$full"
  [ "$QUICK" = 1 ] && args="$quick"
  echo "=== [$((i + 1))/${#jobs[@]}] $name ($(( ($(date +%s) - started) / 60 )) min so far)" >&2
  if [ "$name" = rolling-restart ]; then
    # The scenario launches and restarts its own data center of NODE_JAR; nchan has no frontends to roll. Not
    # pinned (the nodes would inherit the generator's CPUs): its figures are events lost, not speed.
    stop_servers
    if [ "$HAVE_OURS" = 1 ]; then
      # shellcheck disable=SC2086
      java -jar "$TOOL" rolling-restart $args --node-jar "$NODE_JAR:$TOOLS_JAR" --runs "$RUNS" \
        --node-logs "$RESULTS/rolling-restart-logs" --out "$RESULTS" --name "$name"
    fi
  elif [ "$name" = capacity ]; then
    # Memory per connection needs a server that never held connections before: one fresh server per run.
    for r in $(seq 1 "$RUNS"); do run_fresh capacity 1 "capacity-$r" "$args"; done
  else
    run_fresh "$scenario" "$RUNS" "$name" "$args"
  fi
done
stop_servers
echo "=== suite done in $(( ($(date +%s) - started) / 60 )) min" >&2

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
header="Measured $(date -u +%Y-%m-%d) with \`scripts/bench/run-suite.sh$([ "$ONLY" = "$ISSUE8_JOBS" ] && echo ' --issue8')\` on one machine ($cpu, $(nproc) cores,
Linux $(uname -r), $(java -version 2>&1 | head -1), $(nginx -v 2>&1 | cut -d: -f2 | xargs), nchan $(dpkg-query -W -f='${Version}' libnginx-mod-nchan 2>/dev/null)).
Server under test on CPU $SERVER_CPUS, load generator on CPU $CLIENT_CPUS; medians of $RUNS runs; ratio = ours/nchan."
if [ "$DOCS" = 1 ]; then
  java -jar "$TOOL" docs --results "$RESULTS" --file "$ROOT/docs/benchmarks.md" --header "$header"
else
  cp "$ROOT/docs/benchmarks.md" "$RESULTS/benchmarks-preview.md"
  java -jar "$TOOL" docs --results "$RESULTS" --file "$RESULTS/benchmarks-preview.md" --header "$header"
fi
echo "results in $RESULTS" >&2
