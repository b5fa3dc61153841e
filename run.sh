#!/usr/bin/env bash
# Runs the ledger with the worked example loaded, on http://127.0.0.1:5080 (LEDGER_URLS overrides).
# Database: LEDGER_CONNECTION_STRING if set; otherwise a private PostgreSQL cluster in .pgdata/run
# (scripts/postgres.sh), which keeps its data between runs and is stopped when the service exits
# (LEDGER_KEEP_DB=1 leaves it running).
#   ./run.sh --with-subscriber   also starts the sample subscriber on SUBSCRIBER_URLS (http://127.0.0.1:5081)
# Other arguments go to the service's `run` command.
set -euo pipefail
cd "$(dirname "$0")"

urls=${LEDGER_URLS:-http://127.0.0.1:5080}
cluster=.pgdata/run
with_subscriber=0
if [ "${1:-}" = "--with-subscriber" ]; then with_subscriber=1; shift; fi

subscriber=""
own_cluster=0
cleanup() {
  if [ -n "$subscriber" ]; then kill "$subscriber" 2>/dev/null || true; wait "$subscriber" 2>/dev/null || true; fi
  if [ "$own_cluster" = 1 ] && [ "${LEDGER_KEEP_DB:-0}" != 1 ]; then scripts/postgres.sh stop "$cluster"; fi
}
# However we leave (end, failure, Ctrl-C), clean up once: INT/TERM exit so that EXIT runs it.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Two database roles: the owner applies the schema (LEDGER_MIGRATION_CONNECTION_STRING), the service and the
# importer run as the runtime role (LEDGER_CONNECTION_STRING, LEDGER_RUNTIME_ROLE), which may not rewrite events.
if [ -z "${LEDGER_CONNECTION_STRING:-}" ]; then
  scripts/postgres.sh ensure-installed
  own_cluster=1
  scripts/postgres.sh start "$cluster" > /dev/null
  LEDGER_MIGRATION_CONNECTION_STRING=$(scripts/postgres.sh url "$cluster" owner)
  LEDGER_CONNECTION_STRING=$(scripts/postgres.sh url "$cluster" runtime)
  LEDGER_RUNTIME_ROLE=ledger_runtime
  export LEDGER_CONNECTION_STRING LEDGER_RUNTIME_ROLE
fi

# Build once, then run the built programs: no second build, no `dotnet run` argument juggling.
dotnet build src/Ledger.Api -c Release -nologo -v quiet
app=src/Ledger.Api/bin/Release/net10.0/Ledger.Api.dll

# Who may: unless an identity provider is configured (Authentication__Schemes__Bearer__Authority), the service
# trusts a local signing key, made once and kept in .ledger/ (ignored by git), and `tokens` writes one
# development token per role signed with it.
if [ -z "${Authentication__Schemes__Bearer__Authority:-}" ]; then
  mkdir -p .ledger
  [ -s .ledger/signing-key ] || (umask 077 && head -c 32 /dev/urandom | base64 > .ledger/signing-key)
  export Authentication__Schemes__Bearer__ValidIssuer=ledger-local Authentication__Schemes__Bearer__ValidAudience=ledger
  export Authentication__Schemes__Bearer__SigningKeys__0__Issuer=ledger-local
  Authentication__Schemes__Bearer__SigningKeys__0__Value=$(cat .ledger/signing-key)
  export Authentication__Schemes__Bearer__SigningKeys__0__Value
  (umask 077 && dotnet "$app" tokens --folder .ledger/tokens)
  echo "run.sh: development tokens written to .ledger/tokens/reader, writer and operator; send one as" \
    "-H \"Authorization: Bearer \$(cat .ledger/tokens/reader)\"" >&2
fi

mkdir -p .ledger
# The owner applies the schema (Marten's and Wolverine's tables, the event log's triggers, the runtime role's grants).
LEDGER_CONNECTION_STRING=${LEDGER_MIGRATION_CONNECTION_STRING:-$LEDGER_CONNECTION_STRING} dotnet "$app" db-apply > .ledger/db-apply.log \
  || { echo "run.sh: applying the schema failed, see .ledger/db-apply.log (a cluster made before the two roles existed: scripts/postgres.sh destroy $cluster)" >&2; exit 1; }

# `import` records the worked example through the API's own endpoints (idempotent).
dotnet "$app" import

if [ "$with_subscriber" = 1 ]; then
  dotnet build samples/Ledger.Subscriber -c Release -nologo -v quiet
  # The subscriber is another service with its own tables: it connects as the owner, not as the ledger's runtime role.
  SUBSCRIBER_CONNECTION_STRING=${LEDGER_MIGRATION_CONNECTION_STRING:-$LEDGER_CONNECTION_STRING} \
    dotnet samples/Ledger.Subscriber/bin/Release/net10.0/Ledger.Subscriber.dll run --urls "${SUBSCRIBER_URLS:-http://127.0.0.1:5081}" &
  subscriber=$!
fi

# Not `exec`: the EXIT trap must still run when the service stops.
dotnet "$app" run --urls "$urls" "$@"
