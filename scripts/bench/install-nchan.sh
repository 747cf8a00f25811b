#!/usr/bin/env bash
# Installs nginx with the nchan module from Debian's packages (needs root, as on the dev/CI machines).
# The package's default site is not started here: start-nchan.sh runs nginx with its own config.
set -euo pipefail
if [ -f /usr/lib/nginx/modules/ngx_nchan_module.so ] && command -v nginx >/dev/null; then
  echo "nchan already installed: $(nginx -v 2>&1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the package scripts from starting the distribution's nginx service.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends nginx-light libnginx-mod-nchan >/dev/null \
  || apt-get install -y -qq --no-install-recommends nginx libnginx-mod-nchan >/dev/null
echo "installed: $(nginx -v 2>&1), module $(ls /usr/lib/nginx/modules/ngx_nchan_module.so)"
