#!/usr/bin/env bash
# `make serve`: the archive with production settings under gunicorn on 127.0.0.1:$PORT, static
# files collected into $ARCHIVE_DATA_DIR/staticfiles and served by whitenoise. Meant to sit behind
# a TLS-terminating reverse proxy (README, "Deployment").
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}

export DJANGO_DEBUG=0
# Production is HTTPS: plain http is redirected to it. DJANGO_SECURE_SSL_REDIRECT=0 tries the
# server over plain http on this machine; cookies then lose the Secure flag too, or browsers on
# plain http would drop them and sign-in would fail.
export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-1}
case "${DJANGO_SECURE_SSL_REDIRECT,,}" in
  1 | true | yes | on)
    checks=(check --deploy --fail-level WARNING)
    ;;
  *)
    export DJANGO_SECURE_COOKIES=${DJANGO_SECURE_COOKIES:-0}
    checks=(check)
    echo "Plain http: no redirect to https and cookies without the Secure flag. Not for production."
    ;;
esac
if [ -n "${DJANGO_SECRET_KEY:-}" ]; then
  echo "Secret key: from DJANGO_SECRET_KEY."
else
  echo "Secret key: generated once for this data dir (${ARCHIVE_DATA_DIR:-var}/secret_key)."
fi

"$BIN/python" manage.py "${checks[@]}"
"$BIN/python" manage.py migrate --noinput
"$BIN/python" manage.py collectstatic --noinput --verbosity 0
echo "Serving http://127.0.0.1:$PORT/ with production settings."
# The index outbox's drainer: every 5 s it indexes the changes an editor's save left queued when
# the index lock was busy (README, "Search index: the outbox"). Its parent is this process, which
# becomes gunicorn below; it exits when gunicorn does.
"$BIN/python" manage.py drain_index --every 5 &
# No control socket: its default path is one per user, so two servers on a machine would clash.
# Threaded workers (scripts/gunicorn.conf.py): slow clients hold a thread each, not a worker.
exec "$BIN/gunicorn" archive.wsgi \
  --config scripts/gunicorn.conf.py \
  --bind "127.0.0.1:$PORT" \
  --workers "${WEB_CONCURRENCY:-3}" \
  --access-logfile - \
  --error-logfile - \
  --no-control-socket
