#!/usr/bin/env bash
# Starts our embedded node (both roles, one-node cluster) pinned to the same CPU budget nchan gets:
# taskset on OURS_CPUS (default CPU 0) and -XX:ActiveProcessorCount equal to the number of those CPUs, so the JVM
# sizes its thread pools and GC for the cores it really has.
# G1 explicitly: on one CPU the JVM would pick Serial GC, whose pauses reached 68-254 ms (docs/operations.md).
# Usage: start-ours.sh   (env: OURS_FRONTEND_PORT=18080 OURS_DISPATCHER_PORT=18081 OURS_INTERNAL_PORT=18082
#                              OURS_CLUSTER_PORT=12551
#                              OURS_CPUS=0 OURS_HEAP=1g OURS_JAR=node/target/rtd-node.jar OURS_DIR=/tmp/rtd-ours
#                              OURS_JAVA_OPTS="extra JVM options, e.g. a flight recording")
# Ports differ from the defaults (8080/8081/8082/2551) so a benchmark never collides with a node someone runs by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="${OURS_JAR:-$ROOT/node/target/rtd-node.jar}"
FRONTEND_PORT="${OURS_FRONTEND_PORT:-18080}"
DISPATCHER_PORT="${OURS_DISPATCHER_PORT:-18081}"
INTERNAL_PORT="${OURS_INTERNAL_PORT:-18082}"
CLUSTER_PORT="${OURS_CLUSTER_PORT:-12551}"
CPUS="${OURS_CPUS:-0}"
HEAP="${OURS_HEAP:-1g}"
DIR="${OURS_DIR:-/tmp/rtd-ours}"
[ -f "$JAR" ] || { echo "$JAR not found: build it with 'mvn -B -DskipTests package' at the repo root" >&2; exit 1; }
if [ -f "$DIR/node.pid" ] && kill -0 "$(cat "$DIR/node.pid")" 2>/dev/null; then
  echo "our node already running (pid $(cat "$DIR/node.pid")); stop it with stop-ours.sh" >&2; exit 1
fi
mkdir -p "$DIR"
# Run a private copy: a rebuild of node/target during a long suite must not change the server under test, and a
# `pkill -f rtd-node.jar` aimed at someone else's node must not hit it.
cp "$JAR" "$DIR/node-under-test.jar"
ncpu=$(taskset -c "$CPUS" nproc)
ulimit -n 20000 2>/dev/null || true
RTD_FRONTEND_PORT="$FRONTEND_PORT" RTD_DISPATCHER_PORT="$DISPATCHER_PORT" RTD_INTERNAL_PORT="$INTERNAL_PORT" RTD_CLUSTER_PORT="$CLUSTER_PORT" \
RTD_CLUSTER_HOST=127.0.0.1 RTD_FRONTEND_INTERFACE=127.0.0.1 RTD_DISPATCHER_INTERFACE=127.0.0.1 \
RTD_LOG_LEVEL="${RTD_LOG_LEVEL:-WARN}" \
  nohup taskset -c "$CPUS" java -XX:ActiveProcessorCount="$ncpu" -XX:+UseG1GC -Xms"$HEAP" -Xmx"$HEAP" ${OURS_JAVA_OPTS:-} -jar "$DIR/node-under-test.jar" \
  > "$DIR/node.log" 2>&1 &
echo $! > "$DIR/node.pid"
for _ in $(seq 1 300); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FRONTEND_PORT/ready")" = "200" ]; then
    echo "our node ready on 127.0.0.1:$FRONTEND_PORT/$DISPATCHER_PORT (pid $(cat "$DIR/node.pid"), CPUs $CPUS, heap $HEAP)"
    exit 0
  fi
  kill -0 "$(cat "$DIR/node.pid")" 2>/dev/null || { echo "our node exited; see $DIR/node.log" >&2; tail -20 "$DIR/node.log" >&2; exit 1; }
  sleep 0.2
done
echo "our node did not become ready in 60 s; see $DIR/node.log" >&2; exit 1
