#!/usr/bin/env bash
# Runs the benchmark suite against a private PostgreSQL (or LEDGER_BENCH_CONNECTION_STRING) and writes
# benchmarks/results/latest.md.  ./benchmarks/run.sh [--quick] [--versions N]
set -euo pipefail
cd "$(dirname "$0")/.."

cluster=.pgdata/bench
if [ -z "${LEDGER_BENCH_CONNECTION_STRING:-}" ]; then
  scripts/postgres.sh ensure-installed
  trap 'scripts/postgres.sh destroy "$cluster"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  LEDGER_BENCH_CONNECTION_STRING=$(scripts/postgres.sh start "$cluster" | tail -n 1)
  export LEDGER_BENCH_CONNECTION_STRING
fi

dotnet build benchmarks/Ledger.Benchmarks -c Release -nologo -v quiet
dotnet benchmarks/Ledger.Benchmarks/bin/Release/net10.0/Ledger.Benchmarks.dll "$@"
