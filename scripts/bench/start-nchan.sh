#!/usr/bin/env bash
# Starts nginx+nchan on loopback with a configuration comparable to our server:
#   - same CPU budget (NCHAN_CPUS for taskset, NCHAN_WORKERS worker processes, default 1 on CPU 0),
#   - access log off, EventSource subscribers that receive only messages published after they connect,
#   - the smallest message store nchan allows (1 message per channel, expiring after 10 s),
#   - SSE heartbeat as a comment line every 15 s, like our default.
# Subscribe: GET http://127.0.0.1:$NCHAN_PORT/sub/<topic>   Publish: POST http://127.0.0.1:$NCHAN_PORT/pub/<topic>
# Usage: start-nchan.sh   (env: NCHAN_PORT=8090 NCHAN_WORKERS=1 NCHAN_CPUS=0 NCHAN_DIR=/tmp/rtd-nchan)
set -euo pipefail
PORT="${NCHAN_PORT:-8090}"
WORKERS="${NCHAN_WORKERS:-1}"
CPUS="${NCHAN_CPUS:-0}"
DIR="${NCHAN_DIR:-/tmp/rtd-nchan}"
MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so
[ -f "$MODULE" ] || { echo "nchan is not installed: run scripts/bench/install-nchan.sh" >&2; exit 1; }
if [ -f "$DIR/nginx.pid" ] && kill -0 "$(cat "$DIR/nginx.pid")" 2>/dev/null; then
  echo "nchan already running (pid $(cat "$DIR/nginx.pid")); stop it with stop-nchan.sh" >&2; exit 1
fi
mkdir -p "$DIR/tmp"
cat > "$DIR/nginx.conf" <<CONF
load_module $MODULE;
daemon on;
pid $DIR/nginx.pid;
error_log $DIR/error.log warn;
worker_processes $WORKERS;
worker_rlimit_nofile 20000;
events { worker_connections 19500; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $DIR/tmp/body;
  proxy_temp_path $DIR/tmp/proxy;
  fastcgi_temp_path $DIR/tmp/fastcgi;
  uwsgi_temp_path $DIR/tmp/uwsgi;
  scgi_temp_path $DIR/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  nchan_shared_memory_size 256m;
  nchan_message_buffer_length 1;
  nchan_message_timeout 10s;
  server {
    listen 127.0.0.1:$PORT backlog=4096;
    location ~ ^/sub/([A-Za-z0-9._:@-]+)\$ {
      nchan_subscriber eventsource;
      nchan_channel_id \$1;
      nchan_subscriber_first_message newest;
      nchan_subscriber_timeout 0;
      nchan_eventsource_ping_interval 15;
      nchan_eventsource_ping_comment "heartbeat";
    }
    location ~ ^/pub/([A-Za-z0-9._:@-]+)\$ {
      nchan_publisher http;
      nchan_channel_id \$1;
    }
    location = /ready { return 200 "ready\n"; }
  }
}
CONF
ulimit -n 20000 2>/dev/null || true
taskset -c "$CPUS" nginx -p "$DIR" -c "$DIR/nginx.conf"
for _ in $(seq 1 50); do
  if curl -fsS "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1; then
    echo "nchan ready on 127.0.0.1:$PORT (pid $(cat "$DIR/nginx.pid"), workers $WORKERS on CPUs $CPUS)"; exit 0
  fi
  sleep 0.1
done
echo "nchan did not become ready; see $DIR/error.log" >&2; exit 1
