#!/bin/bash
# Times notmuch's own `tag --batch` on the full sync's writes, outside pwsync, so that one batch shape or
# notmuch/Xapian setting can be compared with another (docs/benchmarks.md, "notmuch full sync (session 5)").
#
#   notmuch-tag-trial.sh prepare KEPT_WORK_DIR TRIAL_DIR
#       KEPT_WORK_DIR: a bench work directory kept with --keep after a --store notmuch run. Its Maildir is
#       hard-linked into TRIAL_DIR and indexed once with `notmuch new` (an untagged database, as the full
#       sync found it), then copied aside; its tags (`notmuch dump`) are the writes the trials replay.
#   notmuch-tag-trial.sh batches TRIAL_DIR NAME MESSAGES_PER_PROCESS IDS_PER_LINE
#       Writes TRIAL_DIR/batches/NAME.NNN, one file per `tag --batch` process: messages in Message-ID
#       number order (the bench's patch order), MESSAGES_PER_PROCESS a process (pwsync: one process per
#       chunk of 5000), grouped by their whole tag change (pwsync's NotmuchTagBatch), IDS_PER_LINE a line.
#   notmuch-tag-trial.sh run TRIAL_DIR NAME [VAR=VALUE...]
#       Restores the untagged copy, runs every NAME file through `notmuch tag --batch` (with the given
#       environment), then runs them again (every message already tagged: what the queries alone cost).
#       Prints wall, user and system seconds of both passes and the load average.
set -euo pipefail

nm() { notmuch --config="$trial/config" "$@"; }

case "${1:-}" in
prepare)
    kept=$2 trial=$3
    mkdir -p "$trial/mail"
    cp -al "$kept/notmuch/bench" "$trial/mail/bench"
    printf '[database]\npath=%s\n[user]\nname=Maintainer\nprimary_email=maint@example.org\n[new]\ntags=\nignore=\n[search]\nexclude_tags=\n[maildir]\nsynchronize_flags=false\n' \
        "$trial/mail" >"$trial/config"
    /usr/bin/time -f "notmuch new: %e s" notmuch --config="$trial/config" new --quiet
    cp -a "$trial/mail/.notmuch" "$trial/untagged"
    notmuch --config="$kept/notmuch-config" dump --format=batch-tag -- '*' | grep -v '^#' >"$trial/tags.dump"
    echo "$(wc -l <"$trial/tags.dump") messages' tags in $trial/tags.dump"
    ;;
batches)
    trial=$2 name=$3 per_process=$4 per_line=$5
    mkdir -p "$trial/batches"
    rm -f "$trial/batches/$name".*
    # "+a +b -- id:N.syncbench@..." -> sort by N -> per process: group by the operations, IDS_PER_LINE a line.
    sed 's/ -- id:/\t/' "$trial/tags.dump" | awk -F'\t' '{ split($2, n, "."); print n[1] "\t" $1 "\t" $2 }' |
        sort -n | awk -F'\t' -v out="$trial/batches/$name" -v per_process="$per_process" -v per_line="$per_line" '
        function flush(   i, j, ops, line, k, count) {
            if (n == 0) return
            file = sprintf("%s.%03d", out, files++)
            for (i = 1; i <= groups; i++) {
                ops = order[i]; count = 0; line = ""
                split(members[ops], ids, "\n")
                for (j = 1; j <= sizes[ops]; j++) {
                    line = line (count == 0 ? ops " -- " : " or ") "id:\"" ids[j] "\""
                    if (++count == per_line) { print line > file; count = 0; line = "" }
                }
                if (count > 0) print line > file
            }
            close(file)
            delete members; delete sizes; delete order; groups = 0; n = 0
        }
        {
            if (!($2 in sizes)) { order[++groups] = $2; sizes[$2] = 0; members[$2] = "" }
            members[$2] = members[$2] (sizes[$2]++ ? "\n" : "") $3
            if (++n == per_process) flush()
        }
        END { flush(); printf "%d files, ", files }'
    cat "$trial/batches/$name".* | wc -l | sed 's/$/ lines/'
    ;;
run)
    trial=$2 name=$3
    shift 3
    rm -rf "$trial/mail/.notmuch"
    cp -a "$trial/untagged" "$trial/mail/.notmuch"
    sync
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    pass() {
        /usr/bin/time -f "%e %U %S" -o "$trial/time" \
            env "$@" bash -c 'for f in "$0"/batches/"$1".*; do notmuch --config="$0/config" tag --batch --input="$f"; done' "$trial" "$name"
        cat "$trial/time"
    }
    read -r wall user sys < <(pass "$@")
    read -r wall2 user2 sys2 < <(pass "$@")
    echo "$name $*: write wall ${wall} s, user ${user} s, sys ${sys} s | again (queries only): wall ${wall2} s, user ${user2} s, sys ${sys2} s | load at start ${load} | $(date -u +%H:%M) UTC"
    ;;
*)
    sed -n '2,20p' "$0"
    exit 2
    ;;
esac
