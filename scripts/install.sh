#!/usr/bin/env bash
# Installs pwsync for the user running it (no root needed), the way the systemd user units in contrib/
# expect it:
#   ~/.local/lib/pwsync/                  the published program (framework-dependent: the .NET runtime it runs on
#                                         is the one of the SDK that built it)
#   ~/.local/bin/pwsync                   a link to it
#   ~/.config/systemd/user/pwsync*.{service,timer}   the units of contrib/ (installed, not enabled)
#   ~/.local/share/doc/pwsync/            README, docs/, contrib/README.md, pwsync.example.toml (the units'
#                                         Documentation= points here)
# and with --server the same for pwsync-server (~/.local/lib/pwsync-server, ~/.local/bin/pwsync-server).
# Then prints the next steps. Running it again upgrades in place; the config and the state are never touched.
#
# Usage: scripts/install.sh [--server] [--no-units]
# The clone may be read-only: build output goes to a temporary directory, never into the clone.
set -euo pipefail

usage() { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
with_server=0
with_units=1
for arg in "$@"; do
  case $arg in
    --server) with_server=1 ;;
    --no-units) with_units=0 ;;
    -h|--help) usage ;;
    *) echo "install: unknown option '$arg'" >&2; usage ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: %s\n' "$*" >&2; exit 1; }

[ -n "${HOME:-}" ] && [ -d "$HOME" ] && [ -w "$HOME" ] || die "HOME ('${HOME:-}') is not a writable directory"
command -v dotnet >/dev/null 2>&1 || die "dotnet is missing: install the .NET 10 SDK (https://dot.net), then run this again"
if [ "$(id -u)" -eq 0 ]; then
  say "warning: running as root installs for root (~root/.local); pwsync is meant to run as the mail user"
fi

lib=$HOME/.local/lib
bin=$HOME/.local/bin
doc=$HOME/.local/share/doc/pwsync
units=${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1

build=$(mktemp -d -t pwsync-install.XXXXXX)
trap 'rm -rf "$build"' EXIT

# Publishes one program into ~/.local/lib/NAME, replacing an older copy only once the new one is complete
# (a timer run starting meanwhile still finds a whole program), and links it as ~/.local/bin/NAME.
install_program() {
  local project=$1 name=$2
  say "building $name (Release)"
  # --artifacts-path keeps obj/ and bin/ out of the clone, so a read-only clone works;
  # --disable-build-servers leaves no compiler server running in the user's session afterwards.
  # ReadyToRun for this machine's runtime (still framework-dependent): a timer run is a short process, and
  # without precompiled code a third of its CPU went to the JIT (docs/benchmarks.md, "Session 4").
  dotnet publish "$root/$project" -c Release --artifacts-path "$build/artifacts" -o "$build/$name" \
    --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
    --disable-build-servers -nologo -v q -clp:ErrorsOnly \
    || die "dotnet publish $project failed"
  mkdir -p "$lib" "$bin"
  rm -rf "$lib/$name.new"
  cp -R "$build/$name" "$lib/$name.new"
  rm -rf "$lib/$name.old"
  if [ -e "$lib/$name" ]; then
    mv "$lib/$name" "$lib/$name.old"
  fi
  mv "$lib/$name.new" "$lib/$name"
  rm -rf "$lib/$name.old"
  link_program "$name"
  say "installed $bin/$name -> $lib/$name/$name ($("$bin/$name" --version 2>/dev/null | head -1))"
}

# The apphost finds the .NET runtime through DOTNET_ROOT or in the default places (/usr/share/dotnet,
# /usr/lib/dotnet, /etc/dotnet/install_location). systemd user units get neither the shell's DOTNET_ROOT
# nor its PATH, so when the runtime lives elsewhere (e.g. ~/.dotnet) the link becomes a wrapper naming it.
link_program() {
  local name=$1 target=$lib/$1/$1 dotnet_root
  rm -f "$bin/$name"
  if env -u DOTNET_ROOT "$target" --version >/dev/null 2>&1; then
    ln -s "$target" "$bin/$name"
    return
  fi
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  printf '#!/bin/sh\n# Written by pwsync scripts/install.sh: the .NET runtime is not in a default place.\nDOTNET_ROOT=%s exec %s "$@"\n' \
    "'$dotnet_root'" "'$target'" > "$bin/$name"
  chmod 755 "$bin/$name"
  "$bin/$name" --version >/dev/null 2>&1 || die "$bin/$name does not start (DOTNET_ROOT=$dotnet_root)"
  say "the .NET runtime is in $dotnet_root, not a default place: $bin/$name is a wrapper setting DOTNET_ROOT"
}

install_program src/PatchSync.Cli/PatchSync.Cli.csproj pwsync
if [ "$with_server" -eq 1 ]; then
  install_program src/PatchSync.Server/PatchSync.Server.csproj pwsync-server
fi

say "documentation in $doc"
rm -rf "$doc"
mkdir -p "$doc/docs" "$doc/contrib"
# The repository's layout, so the documents' relative links keep working.
install -m 644 "$root/README.md" "$root/pwsync.example.toml" "$doc/"
install -m 644 "$root"/docs/*.md "$doc/docs/"
install -m 644 "$root/contrib/README.md" "$doc/contrib/"

if [ "$with_units" -eq 1 ]; then
  mkdir -p "$units"
  installed=()
  for unit in "$root"/contrib/*.service "$root"/contrib/*.timer; do
    install -m 644 "$unit" "$units/"
    installed+=("$(basename "$unit")")
  done
  say "systemd user units in $units: ${installed[*]} (none enabled)"
  # Only when this user has a running user manager (not under su/runuser without a login session).
  if systemctl --user show-environment >/dev/null 2>&1; then
    systemctl --user daemon-reload
  else
    say "no systemd user manager reachable now: run 'systemctl --user daemon-reload' in your login session"
  fi
fi

config=${XDG_CONFIG_HOME:-$HOME/.config}/pwsync/pwsync.toml
echo
echo "Next steps:"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "  - $bin is not on your PATH: add it (e.g. in ~/.profile: PATH=\"\$HOME/.local/bin:\$PATH\")" ;;
esac
if [ ! -e "$config" ]; then
  echo "  - write $config (start from $doc/pwsync.example.toml; chmod 600 if it holds a token)"
fi
echo "  - pwsync check                        # config, tracker token, mail store: one line per problem"
echo "  - pwsync --epoch $(date -u -d '-1 month' +%Y-%m-%d 2>/dev/null || echo 2025-06-01)          # the first sync, by hand"
if [ "$with_units" -eq 1 ]; then
  echo "  - systemctl --user enable --now pwsync.timer"
  echo "    (loginctl enable-linger \"\$USER\" to keep it running while you are logged out)"
fi
echo "  Documentation: $doc/README.md, $doc/docs/cli.md, $doc/contrib/README.md"
