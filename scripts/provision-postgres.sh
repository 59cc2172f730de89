#!/usr/bin/env bash
# Makes a local PostgreSQL for the test suites: installs it with apt when missing (as root), starts the
# Debian cluster on 127.0.0.1 only, creates the role and database, and prints the URL on stdout.
set -euo pipefail
log() { echo "postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is missing: install it with 'sudo apt-get install -y postgresql', or set TEST_DATABASE_URL_POSTGRES"
    exit 3
  fi
  log "installing postgresql with apt"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if [ "$(id -u)" -ne 0 ]; then
  log "starting the cluster needs root: run as root, or set TEST_DATABASE_URL_POSTGRES"
  exit 3
fi

version=$(ls /etc/postgresql | sort -n | tail -1)
conf="/etc/postgresql/$version/main/postgresql.conf"
if ! grep -q "^listen_addresses = '127.0.0.1'" "$conf"; then
  sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "$conf"
  pg_ctlcluster "$version" main restart >&2 2>/dev/null || true
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -q || { log "the cluster did not start"; exit 4; }

su postgres -c "psql -q -v ON_ERROR_STOP=1" >&2 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'groundwork') THEN
    CREATE ROLE groundwork LOGIN PASSWORD 'groundwork-test' CREATEDB;
  END IF;
END $$;
SELECT 'CREATE DATABASE groundwork_test OWNER groundwork'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'groundwork_test')\gexec
SQL
echo "postgresql://groundwork:groundwork-test@127.0.0.1:5432/groundwork_test"
