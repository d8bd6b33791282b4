#!/usr/bin/env bash
# The test command (README "Set-up", and what .ci/run runs): installs what the tests need if it is
# missing, builds the solution and runs every test project, then prints one summary line
# "N passed, N failed, N skipped". Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

log=$(mktemp -t pwsync-tests.XXXXXX)
trap 'rm -f "$log"' EXIT
set +e
dotnet test PatchSync.sln "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

# Each test assembly ends with a line such as
#   Passed!  - Failed:     0, Passed:    42, Skipped:     1, Total:    43, Duration: ... - X.Tests.dll (net10.0)
passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\), Total.*/\1 \2 \3/p' "$log")
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$rc" -eq 0 ] && [ "$failed" -ne 0 ]; then
  rc=1
fi
if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$rc"
