#!/usr/bin/env bash
# The main job, end to end on this machine (README "Set-up"): builds pwsync and pwsync-server, installs
# notmuch if missing, starts pwsync-server on a temporary SQLite file on a free 127.0.0.1 port with the
# project's sample mbox ingested, puts the same mails in a throwaway notmuch database, runs a first
# `pwsync --epoch` sync, changes a state on each side (the tracker through its REST API, the mail with
# `notmuch tag`), syncs again and prints what changed where. Everything it starts is stopped at the end
# and its temporary directory removed (set PWSYNC_QUICKSTART_KEEP=1 to keep it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

say() { printf '\n== %s\n' "$*"; }

if ! command -v notmuch >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "quickstart: notmuch is missing (run as root, or: sudo apt-get install notmuch)" >&2
    exit 1
  fi
  say "installing notmuch"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends notmuch >/dev/null
fi
for tool in curl dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "quickstart: $tool is missing" >&2; exit 1; }
done

say "building pwsync and pwsync-server (Release)"
dotnet build src/PatchSync.Cli/PatchSync.Cli.csproj -c Release -nologo -v q -clp:ErrorsOnly
dotnet build src/PatchSync.Server/PatchSync.Server.csproj -c Release -nologo -v q -clp:ErrorsOnly
pwsync_dll=$root/src/PatchSync.Cli/bin/Release/net10.0/pwsync.dll
server_dll=$root/src/PatchSync.Server/bin/Release/net10.0/pwsync-server.dll
sample=$root/samples/patches.mbox

work=$(mktemp -d -t pwsync-quickstart.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${PWSYNC_QUICKSTART_KEEP:-0}" = 1 ]; then
    echo "quickstart: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

server() { dotnet "$server_dll" --db "$work/server.sqlite" "$@"; }
export NOTMUCH_CONFIG=$work/notmuch-config
pwsync() { dotnet "$pwsync_dll" --config "$work/pwsync.toml" "$@"; }

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "quickstart: no free port found" >&2
  exit 1
}

say "pwsync-server: project, maintainer, token, sample mails"
server project add minicfg --name minicfg --list-id minicfg-devel.lists.example.org
server user add maint --email maint@example.org --maintainer-of minicfg
server token new maint > "$work/token"
chmod 600 "$work/token"
echo "token written to $work/token (not shown)"
server ingest --project minicfg "$sample"

port=$(free_port)
url=http://127.0.0.1:$port
# Started directly (not through the server function) so that $! is the server's own pid.
dotnet "$server_dll" --db "$work/server.sqlite" serve --urls "$url" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$url/api/" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$url/api/" || { echo "quickstart: pwsync-server did not start" >&2; exit 1; }
echo "pwsync-server listening on $url"

say "notmuch: the same mails in a throwaway database"
mkdir -p "$work/mail/cur" "$work/mail/new" "$work/mail/tmp"
# Split the mbox into one maildir file per message (the "From " line starts each one).
awk -v dir="$work/mail/new" '/^From /{n++; f=sprintf("%s/%04d.quickstart", dir, n); next} n>0 { sub(/^>From /, "From "); print > f }' "$sample"
cat > "$NOTMUCH_CONFIG" <<CONFIG
[database]
path=$work/mail
[user]
name=Quick Start
primary_email=quickstart@example.org
[new]
tags=inbox;
[maildir]
synchronize_flags=false
CONFIG
notmuch new

cat > "$work/pwsync.toml" <<CONFIG
state_db = "state.db"

[trackers.local]
url = "$url"
token_file = "token"

[stores.mail]
kind = "notmuch"
config = "notmuch-config"

[projects.minicfg]
CONFIG

tracker_states() {
  curl -fsS "$url/api/patches/?project=minicfg&per_page=250" | grep -o '"state":"[^"]*"' | sed 's/"state":"\(.*\)"/\1/' | sort | uniq -c
}
mail_tags() {
  for tag in $(notmuch search --output=tags 'tag:/^pw-/' | grep '^pw-'); do
    printf '%7d %s\n' "$(notmuch count "tag:$tag")" "$tag"
  done
}
patch_id() {
  curl -fsS "$url/api/patches/?project=minicfg&msgid=$1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2
}
patch_state() {
  curl -fsS "$url/api/patches/$1/" | grep -o '"state":"[^"]*"' | head -1 | sed 's/"state":"\(.*\)"/\1/'
}

# The sample's mails were sent from 2025-06-02 on (samples/README.md): the epoch covers them.
say "first sync: pwsync --epoch 2025-06-01"
pwsync --epoch 2025-06-01
echo "tracker states:"; tracker_states
echo "mail tags (notmuch):"; mail_tags

first=20250602071000.4411-2-alice@example.org
second=20250604213000.9120-1-bob@example.net
first_id=$(patch_id "$first")
second_id=$(patch_id "$second")

say "changing one state on each side"
curl -fsS -o /dev/null -X PATCH -H "Authorization: Token $(cat "$work/token")" -H 'Content-Type: application/json' \
  -d '{"state":"accepted"}' "$url/api/patches/$first_id/"
echo "tracker: patch $first_id <$first> set to accepted (PATCH $url/api/patches/$first_id/)"
notmuch tag +pw-changes-requested -pw-new -- "id:$second"
echo "mail:    <$second> tagged pw-changes-requested in notmuch (patch $second_id)"

say "second sync: pwsync -v"
pwsync -v

say "what changed where"
echo "mail of patch $first_id (changed on the tracker) now has: $(notmuch search --output=tags "id:$first" | grep '^pw-' | tr '\n' ' ')"
echo "patch $second_id (changed in the mail) is now on the tracker: $(patch_state "$second_id")"
echo "tracker states:"; tracker_states
echo "mail tags (notmuch):"; mail_tags

say "pwsync status"
pwsync status
