#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and CI: initdb in a temporary folder, trust authentication on
# 127.0.0.1 only, a free port, started with pg_ctl -w. Installs nothing: it finds the server's binaries
# ($PG_BIN, then the newest /usr/lib/postgresql/*/bin, then PATH) or says in one line what is missing.
#
#   pg-cluster.sh bindir                  the binaries' folder, or one line on stderr and exit 1
#   pg-cluster.sh start [--owner PID]     starts a cluster; prints PG_CLUSTER_DIR=… and TEST_DATABASE_URL=… (eval-able)
#   pg-cluster.sh url DIR                 the URL of the cluster in DIR
#   pg-cluster.sh stop DIR                stops it (fast shutdown) and removes DIR
#
# PostgreSQL refuses to run as root: as root (CI) the cluster belongs to the `postgres` user, otherwise to the
# caller. A cluster whose owner process (--owner, default the caller's parent) has died is stale: every start
# stops and removes those first, so an interrupted run leaves nothing behind for long. Test clusters run with
# fsync off (PG_CLUSTER_FSYNC=on to keep it): they are thrown away, and durability is tested at the application.
# A port taken between the check and the server's start (or PG_CLUSTER_PORT, tried first, if taken) is retried.
set -euo pipefail

BASE="${PG_CLUSTER_TMP:-/tmp}"
PREFIX="ronghe-pg."

die() {
  echo "pg-cluster: $*" >&2
  exit 1
}

bindir() {
  local dir
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && { echo "$PG_BIN"; return 0; }
    die "PG_BIN=$PG_BIN has no initdb and pg_ctl"
  fi
  # The newest installed major version first (Debian: /usr/lib/postgresql/15/bin).
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  die "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or on PATH: apt-get install postgresql, or set TEST_DATABASE_URL"
}

# Runs a server binary as the cluster's user: postgres when we are root (PostgreSQL refuses root), else ourselves.
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# A port nothing listens on now; start retries with another if the server loses a race for it.
free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "found no free port on 127.0.0.1"
}

stop_dir() {
  local dir="$1" bin
  [ -d "$dir" ] || return 0
  case "$(basename "$dir")" in "$PREFIX"*) ;; *) die "refusing to remove $dir: not a folder this script made" ;; esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    bin="$(cat "$dir/bindir" 2>/dev/null || bindir)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

sweep_stale() {
  local dir owner
  for dir in "$BASE/$PREFIX"*; do
    [ -d "$dir" ] || continue
    # Only folders this script made (it writes the owner first); another tool's are not ours to judge.
    [ -f "$dir/owner" ] || continue
    owner="$(cat "$dir/owner" 2>/dev/null || true)"
    alive "$owner" && continue
    echo "pg-cluster: removing a stale cluster $dir (its owner, process ${owner:-?}, is gone)" >&2
    stop_dir "$dir"
  done
}

start() {
  local owner="$PPID" bin dir port attempt fsync="${PG_CLUSTER_FSYNC:-off}"
  while [ $# -gt 0 ]; do
    case "$1" in
      --owner) owner="$2"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  bin="$(bindir)"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root, and there is no postgres user to run the server as (Debian's postgresql package creates it)"
  fi
  sweep_stale
  dir="$(mktemp -d "$BASE/${PREFIX}XXXXXX")"
  echo "$owner" >"$dir/owner"
  chmod 755 "$dir"
  echo "$bin" >"$dir/bindir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  # If anything below fails or is interrupted, nothing is left behind.
  trap 'stop_dir "$dir"' EXIT
  trap 'exit 130' INT TERM HUP
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  for attempt in 1 2 3 4 5; do
    # PG_CLUSTER_PORT: a port to try first, as it is (the server says if it is taken); then free ones.
    if [ "$attempt" -eq 1 ] && [ -n "${PG_CLUSTER_PORT:-}" ]; then port="$PG_CLUSTER_PORT"; else port="$(free_port)"; fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=200" start </dev/null >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$port/postgres" >"$dir/url"
      trap - EXIT INT TERM HUP
      printf 'PG_CLUSTER_DIR=%q\nTEST_DATABASE_URL=%q\n' "$dir" "$(cat "$dir/url")"
      return 0
    fi
    # Lost the port to someone else (or the server did not come up): say why, then try another port.
    tail -n 3 "$dir/data/server.log" >&2 2>/dev/null || true
  done
  die "the server did not start (5 ports tried)"
}

case "${1:-}" in
  bindir) bindir ;;
  start) shift; start "$@" ;;
  url) [ -f "${2:-}/url" ] || die "no cluster in ${2:-(no folder given)}"; cat "$2/url" ;;
  stop) [ -n "${2:-}" ] || die "stop needs the cluster's folder"; stop_dir "$2" ;;
  *) die "usage: pg-cluster.sh bindir | start [--owner PID] | url DIR | stop DIR" ;;
esac
