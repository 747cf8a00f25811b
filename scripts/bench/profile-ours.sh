#!/usr/bin/env bash
# Where our server's time goes: runs one scenario against our node (pinned like in the suite) with Java Flight
# Recorder on, then prints the server's and the load generator's CPU split into user and kernel time, and the
# server's CPU samples by layer and by method (rtd-load-test jfr-summary).
# Usage: scripts/bench/profile-ours.sh [SCENARIO OPTIONS...]
#        default: live-video --viewers 1000 --likes-per-second 30 --duration 30
# Env: OURS_CPUS=0 CLIENT_CPUS=1 OUT=bench-results/profile-<time>
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/scripts/bench"
TOOL="$ROOT/load-test/target/rtd-load-test.jar"
CLIENT_CPUS="${CLIENT_CPUS:-1}"
OUT="${OUT:-$ROOT/bench-results/profile-$(date +%Y%m%d-%H%M%S)}"
SCENARIO=("$@")
[ ${#SCENARIO[@]} -gt 0 ] || SCENARIO=(live-video --viewers 1000 --likes-per-second 30 --duration 30)
[ -f "$TOOL" ] || mvn -B -q -pl load-test package -DskipTests
mkdir -p "$OUT"
TICKS=$(getconf CLK_TCK)

OURS_JAVA_OPTS="-XX:StartFlightRecording=name=profile,settings=profile" "$BENCH/start-ours.sh"
PID=$(cat "${OURS_DIR:-/tmp/rtd-ours}/node.pid")
trap '"$BENCH/stop-ours.sh" >/dev/null 2>&1 || true' EXIT
read -r su0 ss0 < <(awk '{print $14, $15}' "/proc/$PID/stat")
start=$(date +%s.%N)
TIMEFORMAT='%U %S'
{ time taskset -c "$CLIENT_CPUS" java -jar "$TOOL" "${SCENARIO[@]}" \
    --target "ours=rtd,sub=http://127.0.0.1:${OURS_FRONTEND_PORT:-18080},pub=http://127.0.0.1:${OURS_DISPATCHER_PORT:-18081}" \
    -q --out "$OUT" --name profile > "$OUT/scenario.txt"; } 2> "$OUT/client-time.txt"
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
read -r su1 ss1 < <(awk '{print $14, $15}' "/proc/$PID/stat")
jcmd "$PID" JFR.dump name=profile filename="$OUT/server.jfr" >/dev/null
read -r cu cs < <(tail -1 "$OUT/client-time.txt")

cat "$OUT/scenario.txt"
echo
awk -v su="$((su1 - su0))" -v ss="$((ss1 - ss0))" -v t="$TICKS" -v cu="$cu" -v cs="$cs" -v e="$elapsed" 'BEGIN {
  printf "CPU over the whole run (%.0f s wall):\n", e
  printf "  server     user %6.1f s  kernel %6.1f s  (%.0f%% of one core, %.0f%% of it in the kernel)\n", su/t, ss/t, 100*(su+ss)/t/e, 100*ss/(su+ss)
  printf "  generator  user %6.1f s  kernel %6.1f s  (%.0f%% of one core, %.0f%% of it in the kernel)\n", cu, cs, 100*(cu+cs)/e, 100*cs/(cu+cs)
}'
echo
java -jar "$TOOL" jfr-summary "$OUT/server.jfr"
echo "files: $OUT"
