#!/usr/bin/env bash
# Runs every test of PawfectLive against real RabbitMQ and Redis nodes that the tests start themselves.
#
# A hung test cannot eat the run: each functional and system test has a time limit of its own (it fails alone and the
# project goes on, see tests/*/TestTimeouts.cs), and a test process that stops reporting for
# $PAWFECT_TEST_HANG_MINUTES is dumped, its async stacks printed here, and killed; the next project still runs. The
# closing line counts every test that did not report (aborted, hung, never run) as failed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build-web.sh
scripts/install-test-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
hang_minutes=${PAWFECT_TEST_HANG_MINUTES:-12}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet build PawfectLive.sln -c Release -nologo -v q
# Formatting and code style as .editorconfig says (the build already enforces analyzers and style warnings).
dotnet format PawfectLive.sln --verify-no-changes --no-restore -v q
status=0
for project in tests/PawfectLive.UnitTests tests/PawfectLive.FunctionalTests tests/PawfectLive.SystemTests; do
  name=$(basename "$project")
  mkdir -p "$results/$name"
  # What should run, to tell afterwards what did not.
  dotnet test "$project" -c Release --no-build --nologo --list-tests > "$results/$name/listed.txt"
  dotnet test "$project" -c Release --no-build --nologo --logger "trx" --results-directory "$results/$name" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout "${hang_minutes}m" --blame-hang-dump-type full || status=$?
  # A hung test process was dumped before it was killed: show where it waited.
  find "$results/$name" -name '*.dmp' -print0 | while IFS= read -r -d '' dump; do
    echo "=== async stacks of the hung test process ($dump) ==="
    dotnet tool run dotnet-dump analyze "$dump" -c "dumpasync" -c "exit" 2>&1 | head -n 400 || true
    rm -f "$dump"
  done
done
# One closing line for any reader: totals over all test projects, from their TRX reports and the lists of tests.
python3 - "$results" <<'PY' || status=1
import glob, os, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = not_run = 0
for project in sorted(glob.glob(sys.argv[1] + "/*/")):
    lines = open(project + "listed.txt").read().splitlines()
    start = next((i for i, line in enumerate(lines) if "The following Tests are available" in line), len(lines))
    listed = [line.strip() for line in lines[start + 1:] if line.startswith("    ")]
    reported = []
    for path in glob.glob(project + "*.trx"):
        root = ET.parse(path).getroot()
        for result in root.iterfind("t:Results/t:UnitTestResult", ns):
            reported.append(result.get("testName"))
            outcome = result.get("outcome")
            if outcome == "Passed":
                passed += 1
            elif outcome == "NotExecuted":
                skipped += 1
            else:
                failed += 1
    # A theory whose rows are not known in advance is listed once and reported once per row.
    missing = [t for t in listed if not any(r == t or r.startswith(t + "(") for r in reported)]
    for test in missing:
        print(f"NOT RUN (aborted or hung): {test}")
    not_run += len(missing)
print(f"{passed} passed, {failed + not_run} failed, {skipped} skipped")
sys.exit(1 if failed + not_run else 0)
PY
exit $status
