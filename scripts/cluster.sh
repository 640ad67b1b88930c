#!/usr/bin/env bash
# A local cluster for trying vetml scaled out (what `make cluster` runs): PostgreSQL and Redis already
# running on this machine, the web app as 2 uvicorn processes, and 2 Celery workers, one of them also
# running the sweeper's schedule. Ctrl-C stops everything it started.
#
#   VETML_DATABASE_URL  default postgresql+psycopg://postgres@127.0.0.1:5432/vetml (created if missing)
#   VETML_BROKER_URL    default redis://127.0.0.1:6379/0
#   VETML_HOST, VETML_PORT  where the web app listens (default 127.0.0.1:8000)
#   PYTHON              the interpreter with vetml installed (default .venv/bin/python)
# Point the two URLs at remote servers to use those instead; nothing else changes.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
export VETML_DATABASE_URL=${VETML_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/vetml}
export VETML_BROKER_URL=${VETML_BROKER_URL:-redis://127.0.0.1:6379/0}
HOST=${VETML_HOST:-127.0.0.1}
PORT=${VETML_PORT:-8000}
LOGS=var/cluster
mkdir -p "$LOGS"

# Create the database when it is missing, through SQLAlchemy (no psql needed): connect to the server's
# maintenance database with the same credentials and CREATE DATABASE outside a transaction.
"$PYTHON" - <<'EOF'
import os, sys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

url = make_url(os.environ["VETML_DATABASE_URL"])
if url.get_backend_name() != "postgresql":
    sys.exit(f"the cluster needs PostgreSQL, not {url.get_backend_name()}: set VETML_DATABASE_URL=postgresql+psycopg://...")
name = url.database
admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
try:
    with admin.connect() as connection:
        if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
            print(f"Created the database {name}.")
except OperationalError as error:
    sys.exit(f"cannot reach PostgreSQL at {url.render_as_string()}: {str(error.orig).strip()}\n"
             "Start it, or point VETML_DATABASE_URL at a server you can reach.")
finally:
    admin.dispose()
EOF
"$PYTHON" -m vetml db upgrade
"$PYTHON" -m vetml bank load >/dev/null

pids=()
stop() {
  trap - EXIT INT TERM
  echo "Stopping the cluster..."
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT INT TERM

"$PYTHON" -m vetml serve --workers 2 --host "$HOST" --port "$PORT" >"$LOGS/web.log" 2>&1 &
pids+=($!)
"$PYTHON" -m vetml worker --slot 1 --queues judge,grading,run,sweep --beat --nice 10 >"$LOGS/worker-1.log" 2>&1 &
pids+=($!)
"$PYTHON" -m vetml worker --slot 2 --queues judge,grading,run --nice 10 >"$LOGS/worker-2.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if "$PYTHON" -c "import urllib.request, sys; urllib.request.urlopen('http://$HOST:$PORT/healthz', timeout=2)" 2>/dev/null; then
    echo "vetml is running at http://$HOST:$PORT (2 web processes, 2 workers; logs in $LOGS). Ctrl-C stops it all."
    echo "First time? Create a user: $PYTHON -m vetml users create --role admin --email you@example.com --name 'Your Name'"
    wait -n "${pids[@]}"  # returns when any of them exits: then stop the others too
    echo "A cluster process exited; see the logs in $LOGS." >&2
    exit 1
  fi
  sleep 1
done
echo "The web app did not answer http://$HOST:$PORT/healthz within 2 minutes; see $LOGS/web.log." >&2
exit 1
