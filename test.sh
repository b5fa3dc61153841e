#!/usr/bin/env bash
# Builds and runs every test of Ledger.sln against a throwaway PostgreSQL, chosen in this order:
#   1. LEDGER_TEST_CONNECTION_STRING, if set (the tests create their own databases on that server);
#   2. Testcontainers, if a Docker engine answers (the tests start the container themselves);
#   3. otherwise a private cluster in .pgdata/test (scripts/postgres.sh), deleted when this script exits.
# A private RabbitMQ node (scripts/rabbitmq.sh) serves the broker test unless LEDGER_RABBITMQ_URI is set.
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter Restatement). Exits with dotnet test's code.
set -euo pipefail
cd "$(dirname "$0")"

# The pages' browser tests drive Debian's Chromium through Playwright (Playwright's own browser download is not used).
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Debian's chromium for the browser tests" >&2
  scripts/debian-package.sh install chromium
fi

cluster=.pgdata/test
rabbit=.rabbitmq/test
cleanups=()
# Delete what this script started however it exits: success, failure, Ctrl-C. INT/TERM exit so EXIT runs once.
cleanup() { local step; for step in "${cleanups[@]}"; do eval "$step" || true; done; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${LEDGER_TEST_CONNECTION_STRING:-}" ]; then
  if timeout 5 docker info >/dev/null 2>&1; then
    echo "test.sh: a Docker engine answers; the tests start PostgreSQL with Testcontainers" >&2
  else
    echo "test.sh: no Docker engine; using a private PostgreSQL cluster in $cluster" >&2
    scripts/postgres.sh ensure-installed
    cleanups+=('scripts/postgres.sh destroy "$cluster"')
    LEDGER_TEST_CONNECTION_STRING=$(scripts/postgres.sh start "$cluster" | tail -n 1)
    export LEDGER_TEST_CONNECTION_STRING
  fi
fi

# A private RabbitMQ node on loopback, so the broker test runs here as in CI (LEDGER_RABBITMQ_URI points elsewhere
# if set). Stopped, with its data deleted, however this script exits.
if [ -z "${LEDGER_RABBITMQ_URI:-}" ]; then
  scripts/rabbitmq.sh ensure-installed
  cleanups+=('scripts/rabbitmq.sh stop "$rabbit"')
  LEDGER_RABBITMQ_URI=$(scripts/rabbitmq.sh start "$rabbit" | tail -n 1)
  export LEDGER_RABBITMQ_URI
fi

# Snapshooter's strict mode: a missing .snap fails its test instead of being silently written as the new truth.
export SNAPSHOOTER_STRICT_MODE="${SNAPSHOOTER_STRICT_MODE:-on}"

# verbosity=normal prints a line per test, not only the failures; LEDGER_TEST_VERBOSITY=detailed adds what tests
# write (the rebuild rates of ReplayingTheLog, for one).
# The output is kept so that a failure is repeated last, where a truncated log still shows it.
log=$(mktemp)
cleanups+=('rm -f "$log"')
status=0
dotnet test Ledger.sln -c Release --logger "console;verbosity=${LEDGER_TEST_VERBOSITY:-normal}" "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "test.sh: dotnet test failed (exit $status); the failed tests again, each with its first lines:" >&2
  awk '/^  Failed [A-Za-z]/ { left = 40 } left > 0 { print; left-- }' "$log" >&2
  grep -E '^(Test Run|Total tests|     (Passed|Failed|Skipped):)' "$log" >&2 || true
  exit "$status"
fi

# The benchmarks' quick mode as a smoke test: it must complete and produce its table; speed is not judged here.
if [ $# -eq 0 ] && [ -n "${LEDGER_TEST_CONNECTION_STRING:-}" ]; then
  smoke=$(mktemp)
  dotnet build benchmarks/Ledger.Benchmarks -c Release -nologo -v quiet
  LEDGER_BENCH_CONNECTION_STRING=$LEDGER_TEST_CONNECTION_STRING \
    dotnet benchmarks/Ledger.Benchmarks/bin/Release/net10.0/Ledger.Benchmarks.dll --quick --out "$smoke" > /dev/null
  grep -q '^| append (facts/s) | [0-9]' "$smoke" && grep -q '^| rebuild line-item versions' "$smoke" \
    || { echo "test.sh: the quick benchmark produced no numbers" >&2; cat "$smoke" >&2; exit 1; }
  echo "test.sh: quick benchmark completed:" >&2
  cat "$smoke" >&2
  rm -f "$smoke"
elif [ $# -eq 0 ]; then
  echo "test.sh: quick benchmark not run: it needs LEDGER_TEST_CONNECTION_STRING (Testcontainers starts its database inside the tests)" >&2
fi
