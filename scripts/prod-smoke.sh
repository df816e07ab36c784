#!/usr/bin/env bash
# Production path on one machine, end to end: gunicorn + Celery worker + Celery beat with DEBUG
# off, against a fresh PostgreSQL database and Redis, all on loopback.
#
#   1. create the database `ocop_smoke` (dropped first if a previous run left it), migrate,
#      collectstatic into a temporary STATIC_ROOT;
#   2. start gunicorn, a worker (on a queue of its own) and beat;
#   3. GET /accounts/login/ → 200 with the Content-Security-Policy header; a static file → 200;
#   4. one job through the worker: a notification whose e-mail copy the worker writes to a file;
#   5. SIGTERM all three, each must exit 0 within 30 s; drop the database.
#
# Environment: OCOP_SMOKE_DB (ocop_smoke), OCOP_SMOKE_PORT (a free loopback port), OCOP_SMOKE_BROKER_URL
# (redis://127.0.0.1:6379/13), PG_URL (postgres://postgres@127.0.0.1:5432). Exit 0 on success.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv}
DB=${OCOP_SMOKE_DB:-ocop_smoke}
# A free port unless one is given: two checkouts may run their suites side by side.
PORT=${OCOP_SMOKE_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BROKER=${OCOP_SMOKE_BROKER_URL:-redis://127.0.0.1:6379/13}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
WORK=$(mktemp -d -t ocop-smoke.XXXXXX)
QUEUE="ocop-smoke-$$"
PIDS=()

log() { printf '[prod-smoke] %s\n' "$*"; }
fail() { log "FAIL: $*"; exit 1; }

# STATIC_ROOT and the file e-mail backend's directory are not read from the environment by
# ocop_portal/settings.py; a settings module in the temporary directory adds them on top.
cat >"$WORK/smoke_settings.py" <<'PY'
import os

from ocop_portal.settings import *  # noqa: F403

STATIC_ROOT = os.environ["SMOKE_STATIC_ROOT"]
EMAIL_FILE_PATH = os.environ["SMOKE_MAIL_DIR"]
PY

export PYTHONPATH="$WORK:$ROOT"
export DJANGO_SETTINGS_MODULE=smoke_settings
export DEBUG=false
export SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export DATABASE_URL="$PG_URL/$DB"
export CELERY_BROKER_URL="$BROKER"
export CELERY_TASK_DEFAULT_QUEUE="$QUEUE"
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export SMOKE_STATIC_ROOT="$WORK/static"
export SMOKE_MAIL_DIR="$WORK/mail"
export MEDIA_ROOT="$WORK/media"
export LOG_LEVEL=WARNING
unset DJANGO_ALLOW_ASYNC_UNSAFE
mkdir -p "$SMOKE_MAIL_DIR" "$MEDIA_ROOT"

psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql "$PG_URL/postgres" -v ON_ERROR_STOP=1 -qAtc "$1"; }

stop_all() {
  local status=0
  for entry in "${PIDS[@]}"; do
    local name=${entry%%:*} pid=${entry#*:}
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ $waited -lt 300 ]; do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name did not stop within 30 s after SIGTERM"; kill -KILL "$pid" 2>/dev/null || true; status=1
    fi
    local code=0
    wait "$pid" || code=$?
    if [ "$code" != 0 ]; then log "$name exited with $code after SIGTERM"; status=1; else log "$name stopped cleanly"; fi
  done
  PIDS=()
  return $status
}

cleanup() {
  local code=$?
  stop_all || code=1
  psql_admin "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  if [ $code != 0 ]; then
    for f in "$WORK"/*.log; do [ -f "$f" ] && { log "--- $(basename "$f") (last lines)"; tail -n 30 "$f"; }; done
  fi
  rm -rf "$WORK"
  exit $code
}
trap cleanup EXIT INT TERM

wait_for() {  # wait_for <seconds> <description> <command...>
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what did not happen within ${limit} s"
    sleep 0.5
  done
}

log "database $DB"
psql_admin "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null
psql_admin "CREATE DATABASE \"$DB\"" >/dev/null
timeout 900 "$VENV/bin/python" manage.py migrate --no-input -v 0
timeout 900 "$VENV/bin/python" manage.py collectstatic --no-input -v 0

log "starting gunicorn, worker and beat"
"$VENV/bin/gunicorn" ocop_portal.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --graceful-timeout 20 >"$WORK/gunicorn.log" 2>&1 &
PIDS+=("gunicorn:$!")
"$VENV/bin/celery" -A ocop_portal worker -P solo -Q "$QUEUE" --loglevel=INFO --without-gossip --without-mingle \
  >"$WORK/worker.log" 2>&1 &
PIDS+=("worker:$!")
"$VENV/bin/celery" -A ocop_portal beat --loglevel=INFO --schedule "$WORK/beat-schedule" >"$WORK/beat.log" 2>&1 &
PIDS+=("beat:$!")

wait_for 180 "gunicorn answering" curl -sf -o /dev/null "http://127.0.0.1:$PORT/accounts/login/"
wait_for 180 "the worker ready" grep -q "ready" "$WORK/worker.log"
wait_for 180 "beat started" grep -q "beat: Starting" "$WORK/beat.log"

log "serving a page"
headers=$(curl -s --max-time 20 -D - -o "$WORK/login.html" "http://127.0.0.1:$PORT/accounts/login/")
echo "$headers" | head -1 | grep -q " 200" || fail "GET /accounts/login/: $(echo "$headers" | head -1)"
echo "$headers" | grep -qi "^content-security-policy: .*script-src 'self'" || fail "no Content-Security-Policy header"
static=$(grep -o '/static/[^"]*\.css' "$WORK/login.html" | head -1)
[ -n "$static" ] || fail "the login page links no stylesheet"
code=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$static")
[ "$code" = 200 ] || fail "GET $static: $code"
log "login page 200 with CSP; $static 200"

log "one job through the worker: a notification e-mail"
timeout 300 "$VENV/bin/python" manage.py shell -v 0 -c "
from ocop_portal.accounts.models import User
from ocop_portal.core.services import notify
user = User.objects.create(username='smoke', email='smoke@example.vn', full_name='Smoke', notification_email='each')
notify(recipients=[user], subject='Kiểm tra đường sản xuất', body='smoke', url='/')
"
wait_for 180 "the e-mail written by the worker" grep -rqs "smoke@example.vn" "$SMOKE_MAIL_DIR"
pending=$(timeout 300 "$VENV/bin/python" manage.py shell -v 0 -c "
from ocop_portal.core.models import Notification
print(Notification.objects.filter(email_pending=True).count())
" | tail -1)
[ "$pending" = 0 ] || fail "$pending notification(s) still wait in the outbox"
log "e-mail sent by the worker, outbox empty"

log "stopping"
stop_all || fail "a process did not stop cleanly"
log "OK"
