#!/usr/bin/env bash
# Installs the Debian packages the tests and the quick start use (Dovecot, notmuch, PostgreSQL, git-pw, script,
# systemd-analyze),
# unless they are already there. Nothing is started here: tests start their own throwaway
# instances on free 127.0.0.1 ports and stop them.
set -euo pipefail

need=()
command -v dovecot >/dev/null 2>&1 || need+=(dovecot-core dovecot-imapd)
command -v notmuch >/dev/null 2>&1 || need+=(notmuch)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v git-pw >/dev/null 2>&1 || need+=(git-pw)
# script(1) (util-linux, Debian package bsdutils) runs the progress end-to-end test under a real pseudo-terminal.
command -v script >/dev/null 2>&1 || need+=(bsdutils)
# systemd-analyze verifies the installed systemd user units (scripts/test-install.sh).
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${need[*]} (run as root, or: sudo apt-get install ${need[*]})" >&2
  exit 1
fi

echo "install-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the packages' postinst from starting system-wide services on 143/993/5432.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
