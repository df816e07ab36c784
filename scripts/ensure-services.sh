#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) answer.
# Starts them when installed but down, installs them from Debian packages when absent.
# Writes what it started to ${OCOP_STARTED_FILE:-/dev/null} so CI can stop only that afterwards.
set -euo pipefail
started_file=${OCOP_STARTED_FILE:-/dev/null}

apt_install() {
  if [ "$(id -u)" != 0 ]; then echo "need root to apt-get install $*" >&2; exit 1; fi
  if [ ! -f /var/lib/apt/lists/.ocop-updated ]; then apt-get update -qq && touch /var/lib/apt/lists/.ocop-updated; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! pg_up; then
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "PostgreSQL is not installed: installing it from Debian packages"
    apt_install postgresql
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  # Trust authentication on loopback for the test role, as on the CI machines.
  hba=/etc/postgresql/$version/main/pg_hba.conf
  if ! grep -q "ocop-trust" "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # ocop-trust\nhost all all ::1/128 trust # ocop-trust\nlocal all all trust # ocop-trust' "$hba"
  fi
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  echo "postgresql $version" >> "$started_file"
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "PostgreSQL did not come up" >&2; exit 1; }
fi
# pytest-django creates test_<name> (and one per xdist worker): the role needs CREATEDB.
psql -h 127.0.0.1 -U postgres -d postgres -qtAc "select 1" >/dev/null

if ! redis_up; then
  if ! command -v redis-server >/dev/null; then
    echo "Redis is not installed: installing it from Debian packages"
    apt_install redis-server
  fi
  echo "Starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
  echo "redis" >> "$started_file"
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || { echo "Redis did not come up" >&2; exit 1; }
fi
echo "PostgreSQL and Redis are up."
