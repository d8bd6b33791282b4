#!/usr/bin/env bash
# The test command (README "Set-up", and what .ci/run runs): installs what the tests need if it is
# missing, builds the solution and runs every test project, then prints one summary line
# "N passed, N failed, N skipped". Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

results=$(mktemp -d -t pwsync-tests.XXXXXX)
trap 'rm -rf "$results"' EXIT
rc=0
dotnet test PatchSync.sln --logger trx --results-directory "$results" "$@" || rc=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$rc"
