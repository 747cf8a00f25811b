#!/usr/bin/env bash
# Installs the Debian packages the test suite needs beyond Java and Maven, when they are missing:
#   chromium  the demo page's browser check (BrowserCheckTest, scripts/browser-check)
#   nginx     the reverse-proxy check of docs/deployment.md
#   nodejs, npm  drive Chromium (playwright-core, from scripts/browser-check/package-lock.json);
#              the project's machines come with Node.js 20, which playwright-core needs: Debian 12's
#              nodejs (18) is only a fallback, and an older node is reported
# Idempotent and silent when everything is present. Installing needs root (CI and the project's
# machines run as root); otherwise it names what is missing and exits 1.
# Usage: scripts/ci/install-deps.sh [COMMAND ...]   (default: every command above)
set -euo pipefail

declare -A package_of=([chromium]=chromium [nginx]=nginx [node]=nodejs [npm]=npm)
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(chromium nginx node npm)

missing=()
for cmd in "${wanted[@]}"; do
  pkg=${package_of[$cmd]:-}
  if [ -z "$pkg" ]; then
    echo "install-deps: unknown command '$cmd' (known: ${!package_of[*]})" >&2
    exit 2
  fi
  # nginx lives in /usr/sbin, which a non-root PATH may lack.
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg")
done

# playwright-core (package-lock.json) needs Node.js 20 or later.
check_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [[ " ${wanted[*]} " == *" node "* ]] && [ "$major" -lt 20 ]; then
    echo "install-deps: node $(node --version 2>/dev/null) is older than 20, which playwright-core needs; install Node.js 20 or later" >&2
    exit 1
  fi
}
if [ ${#missing[@]} -eq 0 ]; then
  check_node
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages: ${missing[*]}; install them as root:" >&2
  echo "  sudo apt-get install -y ${missing[*]}    (or: sudo $0)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -q -y -o DPkg::Lock::Timeout=300 "$@"; }
# A fresh machine has no package lists yet: update once, then install.
apt_get update >/dev/null
apt_get install "${missing[@]}" >/dev/null
echo "install-deps: installed ${missing[*]}"
check_node
