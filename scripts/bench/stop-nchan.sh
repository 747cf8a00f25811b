#!/usr/bin/env bash
# Stops the nginx+nchan started by start-nchan.sh (only that instance, by its pid file).
set -euo pipefail
DIR="${NCHAN_DIR:-/tmp/rtd-nchan}"
if [ -f "$DIR/nginx.pid" ] && kill -0 "$(cat "$DIR/nginx.pid")" 2>/dev/null; then
  pid="$(cat "$DIR/nginx.pid")"
  kill -QUIT "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || { echo "nchan stopped"; exit 0; }; sleep 0.1; done
  kill -TERM "$pid" 2>/dev/null || true
  echo "nchan stopped (forced)"
else
  echo "nchan not running"
fi
