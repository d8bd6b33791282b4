#!/bin/sh
# A throwaway PostgreSQL 15 cluster for the server benchmark (docs/benchmarks.md, "Server").
#   pg-cluster.sh start DIR    initdb into DIR, start on a free 127.0.0.1 port, print the connection string
#   pg-cluster.sh stop DIR     stop it (the directory stays; rm -rf it afterwards)
# Settings: shared_buffers=512MB, fsync and synchronous_commit left at their defaults (on), so commit
# latency is a real one; max_connections=100. Listens on 127.0.0.1 only; as root the server runs as
# the postgres user (PostgreSQL refuses root).
set -eu
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
cmd=${1:?start|stop}
dir=${2:?directory}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 120 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_connections=100" start >/dev/null
    as_pg "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=bench"
    ;;
stop)
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
