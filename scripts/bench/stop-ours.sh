#!/usr/bin/env bash
# Stops the node started by start-ours.sh (only that process, by its pid file).
set -euo pipefail
DIR="${OURS_DIR:-/tmp/rtd-ours}"
if [ -f "$DIR/node.pid" ] && kill -0 "$(cat "$DIR/node.pid")" 2>/dev/null; then
  pid="$(cat "$DIR/node.pid")"
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { echo "our node stopped"; rm -f "$DIR/node.pid"; exit 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$DIR/node.pid"
  echo "our node stopped (killed after 10 s)"
else
  echo "our node not running"
fi
