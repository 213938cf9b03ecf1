# PostgreSQL for the tests marked `postgres`; sourced by .ci/run (bash, set -euo pipefail).
# Idempotent: installs the server only when it is missing, starts the newest cluster, waits
# until it accepts connections, makes a test role and database, and exports
# PRIVACAM_TEST_POSTGRES_URL. Skipped when PRIVACAM_TEST_POSTGRES_URL is already set.
#
# Readiness is what `pg_isready` says, polled for up to PRIVACAM_PG_WAIT seconds (default
# 60), not the exit code of `pg_ctlcluster start`: on a machine whose cluster existed but
# was stopped, that command printed "The PostgreSQL server failed to start" and exited 1
# while the server came up a moment later.

pg_wait_ready() {
  local port=$1 waited=0 limit=${PRIVACAM_PG_WAIT:-60}
  until pg_isready -q -h localhost -p "$port"; do
    if [ "$waited" -ge "$limit" ]; then
      echo "PostgreSQL on port $port is not accepting connections after ${limit} s:" >&2
      pg_lsclusters >&2 || true
      tail -n 20 "/var/log/postgresql/postgresql-$pg_version-main.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

if [ -z "${PRIVACAM_TEST_POSTGRES_URL:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$pg_version/main"; then
    pg_createcluster "$pg_version" main >/dev/null
  fi
  if ! pg_ctlcluster "$pg_version" main status >/dev/null 2>&1; then
    pg_ctlcluster "$pg_version" main start ||
      echo "pg_ctlcluster $pg_version main start exited $?; waiting for the server itself" >&2
  fi
  pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')
  pg_wait_ready "$pg_port"
  pg_sql() { runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -qtAc "$1"; }
  if [ "$(pg_sql "SELECT 1 FROM pg_roles WHERE rolname = 'privacam_test'")" != 1 ]; then
    pg_sql "CREATE ROLE privacam_test LOGIN PASSWORD 'privacam_test'"
  fi
  if [ "$(pg_sql "SELECT 1 FROM pg_database WHERE datname = 'privacam_test'")" != 1 ]; then
    pg_sql "CREATE DATABASE privacam_test OWNER privacam_test"
  fi
  export PRIVACAM_TEST_POSTGRES_URL="postgresql+psycopg://privacam_test:privacam_test@localhost:$pg_port/privacam_test"
fi
