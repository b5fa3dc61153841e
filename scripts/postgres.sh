#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster for ./run.sh and ./test.sh.
#
#   scripts/postgres.sh start DIR   start (or reuse) a cluster whose data lives in DIR; prints its connection string
#   scripts/postgres.sh stop DIR    stop it
#   scripts/postgres.sh destroy DIR stop it and delete its data
#   scripts/postgres.sh url DIR     print the connection string of the running cluster
#
# PostgreSQL refuses to run as root, so when we are root the server runs as the unprivileged `postgres` user.
# It listens only on 127.0.0.1, on a free port, and trusts local connections: it is for this machine only.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

# The server binaries: Debian keeps them under /usr/lib/postgresql/<version>/bin; install them when missing.
find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  return 1
}

ensure_installed() {
  if find_bindir >/dev/null; then return; fi
  log "PostgreSQL server binaries not found; installing Debian's postgresql package"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "not root and no sudo: install PostgreSQL (apt-get install postgresql) first"; exit 1; }
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  find_bindir >/dev/null || { log "installing postgresql did not provide initdb"; exit 1; }
}

# Run a server command as the user that owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

free_port() {
  local port=${LEDGER_PG_PORT:-54329}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# The data lives in DIR (an ignored folder of the repository). When we are root it belongs to `postgres`;
# if that user cannot reach DIR (a parent folder closed to others), it lives in a private temporary folder
# instead, and DIR keeps a pointer to it.
data_dir() {
  local dir=$1
  if [ -f "$dir/data-path" ]; then cat "$dir/data-path"; return; fi
  local data="$dir/data"
  mkdir -p "$data"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$data"
    if ! su postgres -s /bin/bash -c "test -w $(printf '%q' "$data")"; then
      rmdir "$data"
      data=$(mktemp -d /tmp/ledger-pg.XXXXXX)
      chown postgres "$data"
    fi
  fi
  echo "$data" > "$dir/data-path"
  echo "$data"
}

connection_string() {
  echo "Host=127.0.0.1;Port=$1;Database=ledger;Username=postgres;Pooling=true;Maximum Pool Size=100"
}

start() {
  local dir=$1
  ensure_installed
  local bin; bin=$(find_bindir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" -eq 0 ]; then id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres; fi
  local data; data=$(data_dir "$dir")

  if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$data/cluster" status >/dev/null 2>&1; then
    log "reusing the running cluster on port $(cat "$dir/port")"
    connection_string "$(cat "$dir/port")" | tee "$dir/connection-string"
    return
  fi

  if [ ! -f "$data/cluster/PG_VERSION" ]; then
    log "initialising a cluster in $data/cluster"
    as_owner "$bin/initdb" -D "$data/cluster" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  fi
  local port; port=$(free_port)
  log "starting PostgreSQL on 127.0.0.1:$port"
  # Throwaway data: durability settings are off for speed; never use these settings for real data.
  as_owner "$bin/pg_ctl" -D "$data/cluster" -l "$data/postgres.log" -w -t 60 -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB" \
    start >/dev/null
  echo "$port" > "$dir/port"
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc "select 1 from pg_database where datname = 'ledger'" | grep -q 1 \
    || as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres ledger
  connection_string "$port" | tee "$dir/connection-string"
}

stop() {
  local dir=$1
  [ -f "$dir/data-path" ] || return 0
  local bin; bin=$(find_bindir) || return 0
  local data; data=$(cat "$dir/data-path")
  if as_owner "$bin/pg_ctl" -D "$data/cluster" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_owner "$bin/pg_ctl" -D "$data/cluster" -m fast -w stop >/dev/null
  fi
  rm -f "$dir/port" "$dir/connection-string"
}

# Stop and delete: for clusters that must start empty next time (the tests').
destroy() {
  local dir=$1
  stop "$dir"
  [ -f "$dir/data-path" ] && rm -rf "$(cat "$dir/data-path")"
  rm -rf "$dir"
}

case "${1:-}" in
  ensure-installed) ensure_installed ;;
  start) start "${2:?usage: postgres.sh start DIR}" ;;
  stop) stop "${2:?usage: postgres.sh stop DIR}" ;;
  destroy) destroy "${2:?usage: postgres.sh destroy DIR}" ;;
  url) cat "${2:?usage: postgres.sh url DIR}/connection-string" ;;
  *) echo "usage: scripts/postgres.sh ensure-installed | start DIR | stop DIR | destroy DIR | url DIR" >&2; exit 2 ;;
esac
