#!/usr/bin/env bash
# Many sites against one (bench/multisite.py): S sites × N articles on one
# PostgreSQL against a single site of N articles, the same pages measured on both.
#
#   bench/multisite.sh                     # 100 sites × 2,000 articles
#   SITES=20 bench/multisite.sh            # a shorter run
set -euo pipefail
cd "$(dirname "$0")/.."
SITES=${SITES:-100}
ARTICLES=${ARTICLES:-2000}
REQUESTS=${REQUESTS:-200}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}
export DJANGO_SETTINGS_MODULE=bench.settings_bench DJANGO_DEBUG=0
export DJANGO_LOG_LEVEL=WARNING MEDIA_ROOT=${MEDIA_ROOT:-$(pwd)/var/bench/media}
export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-$(pwd)/var/bench/static}
PY=${PY:-.venv/bin/python}
mkdir -p var/bench
DATABASE_URL="sqlite:///$(pwd)/var/bench/collect.sqlite3" "$PY" manage.py collectstatic --noinput -v 0
for run in "single 1" "multi $SITES"; do
  set -- $run
  db=portal_bench_$1
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  psql "$PG_URL/postgres" -qc "CREATE DATABASE $db"
  redis-cli -u "$REDIS_URL" flushdb >/dev/null
  DATABASE_URL="$PG_URL/$db" DJANGO_CACHE_PREFIX="bench-$1" "$PY" bench/multisite.py \
    --sites "$2" --articles "$ARTICLES" --requests "$REQUESTS" | tee "var/bench/multisite-$1.json"
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
