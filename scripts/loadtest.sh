#!/usr/bin/env bash
# `make loadtest`: 8 clients search a 10,000-article archive for 30 s under gunicorn on 127.0.0.1
# while an editor saves an article every second through the admin; prints requests/s, p50/p95/p99,
# errors and whether every save is searchable. Exit status 1 on any error. Everything (database,
# index, corpus) lives in a temp dir removed afterwards; nothing listens beyond 127.0.0.1.
#   LOADTEST_ARTICLES, LOADTEST_SECONDS, LOADTEST_CLIENTS, WEB_CONCURRENCY change the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
exec "$BIN/python" -m tests.load \
  --articles "${LOADTEST_ARTICLES:-10000}" \
  --seconds "${LOADTEST_SECONDS:-30}" \
  --clients "${LOADTEST_CLIENTS:-8}" \
  --workers "${WEB_CONCURRENCY:-3}"
