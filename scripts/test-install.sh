#!/usr/bin/env bash
# Checks scripts/install.sh the way a maintainer meets it: on this machine, as a new non-root user with
# an empty home (no NuGet cache, no ~/.local, no dotnet first-run state). Needs root (to create and
# remove that user); CI (.ci/run) runs it before the tests. Steps:
#   1. useradd -m a throwaway user; copy this clone (without .git, bin/, obj/) into its home;
#   2. run install.sh --server as that user, with a clean environment (only PATH to dotnet);
#   3. check the installed programs start, every Documentation= file of the units exists, and
#      `systemd-analyze --user verify` accepts the installed units (ExecStart= binaries included);
#   4. remove the user and its home.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

fail() { printf 'test-install: FAIL: %s\n' "$*" >&2; exit 1; }
say() { printf 'test-install: %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || fail "needs root (creates and removes a throwaway user)"
command -v dotnet >/dev/null 2>&1 || fail "dotnet is not on PATH"
command -v systemd-analyze >/dev/null 2>&1 || fail "systemd-analyze is missing (Debian package systemd; scripts/install-deps.sh installs it)"

user=pwsync-install-$$
home=/home/$user
cleanup() {
  # install.sh starts no build server (--disable-build-servers), so nothing of the user's is left running.
  userdel -r "$user" >/dev/null 2>&1 || say "could not remove user $user (userdel -r $user)"
}
trap cleanup EXIT
useradd -m -d "$home" -s /bin/bash "$user"

# The clone itself may live where the user cannot read (e.g. under /root): work on a copy in its home.
tar -C "$root" --exclude=.git --exclude=bin --exclude=obj --exclude=TestResults -cf - . | tar -C "$home" --one-top-level=clone -xf -
chown -R "$user:$user" "$home/clone"

dotnet_dir=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime_dir=$home/.runtime
install -d -m 700 -o "$user" -g "$user" "$runtime_dir"
# A login-like environment and nothing of root's: HOME, USER, a PATH with dotnet, and the locale.
as_user() {
  runuser -u "$user" -- env -i HOME="$home" USER="$user" LOGNAME="$user" LANG=C.UTF-8 \
    PATH="$dotnet_dir:/usr/local/bin:/usr/bin:/bin" ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"} \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 XDG_RUNTIME_DIR="$runtime_dir" "$@"
}

say "install.sh --server as $user"
start=$SECONDS
as_user bash "$home/clone/scripts/install.sh" --server
say "install.sh took $((SECONDS - start)) s"

for program in pwsync pwsync-server; do
  [ -x "$home/.local/bin/$program" ] || fail "$home/.local/bin/$program is missing"
  as_user "$home/.local/bin/$program" --version >/dev/null || fail "$program --version failed"
done
# No config yet: the command the timer runs must say what to do and exit 2, not crash.
set +e
out=$(as_user "$home/.local/bin/pwsync" --quiet 2>&1)
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "pwsync without a config exited $rc, expected 2: $out"
# The next step install.sh names: pwsync check says what is missing (the config), exit 2.
set +e
out=$(as_user "$home/.local/bin/pwsync" check 2>&1)
rc=$?
set -e
[ "$rc" -eq 2 ] && [[ $out == *"problem config: "*"; fix: "* ]] || fail "pwsync check without a config exited $rc: $out"

units_dir=$home/.config/systemd/user
units=("$units_dir"/pwsync*.service "$units_dir"/pwsync*.timer)
[ -e "$units_dir/pwsync.service" ] && [ -e "$units_dir/pwsync.timer" ] || fail "units not installed in $units_dir"
for unit in "${units[@]}"; do
  for uri in $(sed -n 's/^Documentation=//p' "$unit"); do
    path=${uri#file://}
    path=${path//%h/$home}
    [ -f "$path" ] || fail "$(basename "$unit"): Documentation= $uri: $path does not exist"
  done
done

# systemd-analyze --user runs a user manager of its own in test mode; it needs XDG_RUNTIME_DIR (set in
# as_user) but no running user manager, so it works here without a login session.
say "systemd-analyze --user verify ${units[*]##*/}"
as_user systemd-analyze --user verify "${units[@]}" || fail "systemd-analyze --user verify failed"
say "ok: pwsync and pwsync-server installed, units verified, documentation in place"
