#!/usr/bin/env bash
# Benchmark: gunicorn (2 sync workers) + PostgreSQL + Redis, measured with wrk.
#
#   bench/run.sh                       # 10,000 articles
#   ARTICLES=100000 bench/run.sh       # 100,000 articles
#   DURATION=5s bench/run.sh           # shorter runs while trying things out
#   BENCH_KEEP=1 bench/run.sh          # reuse the database of the last run
#
# For each page (home, a category, an article) it measures:
#   cached  page cache on, the page stored once before the run: every request a hit
#   miss    page cache off (DJANGO_PAGE_CACHE=0): every request renders the page,
#           as the first reader after an edit does; site chrome caches stay warm
# each with view counting on (DJANGO_ANALYTICS_ENABLED=1) and off (=0), plus a bare
# Django view rendering a small template (bench/urls.py) as the baseline.
# The table goes to stdout and to bench/results/<date>-<N>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ARTICLES=${ARTICLES:-10000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
BENCH_DB=${BENCH_DB:-portal_bench}
REDIS_BENCH_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}
PY=${PY:-$ROOT/.venv/bin/python}
WORK=$ROOT/var/bench
mkdir -p "$WORK" bench/results

log() { printf '==> %s\n' "$*" >&2; }

# --- services ---------------------------------------------------------------
command -v wrk >/dev/null || {
  log "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
}
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  log "starting PostgreSQL"
  cluster=$(ls /etc/postgresql | head -n1)
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -u "$REDIS_BENCH_URL" ping >/dev/null 2>&1; then
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done
fi

export DJANGO_SETTINGS_MODULE=bench.settings_bench
export DATABASE_URL="$PG_URL/$BENCH_DB"
export REDIS_URL="$REDIS_BENCH_URL"
export DJANGO_CACHE_PREFIX=bench
export DJANGO_DEBUG=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_STATIC_ROOT=$WORK/static
export MEDIA_ROOT=$WORK/media
export DJANGO_VAR_DIR=$WORK
export DJANGO_LOG_LEVEL=WARNING

# --- data -------------------------------------------------------------------
if [ "${BENCH_KEEP:-0}" != 1 ]; then
  # A fresh database each run (BENCH_KEEP=1 reuses it): same data, same numbers.
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
fi
psql "$PG_URL/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$BENCH_DB'" | grep -q 1 \
  || psql "$PG_URL/postgres" -qc "CREATE DATABASE $BENCH_DB"
log "migrate, demo chrome, $ARTICLES articles, collectstatic"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo >/dev/null
"$PY" manage.py generate_bench_data --articles "$ARTICLES"
"$PY" manage.py collectstatic --noinput -v 0
psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null

read -r ARTICLE_URL CATEGORY_URL TOTAL < <("$PY" manage.py shell -v 0 -c '
from bulletins.models import Article, Category
total = Article.objects.filter(slug__startswith="bench-").count()
middle = Article.objects.published().filter(slug__startswith="bench-").order_by("-published_at")[total // 2 : total // 2 + 1].get()
category = Category.objects.get(slug="bench-kinh-te")
print(middle.get_absolute_url(), category.get_absolute_url(), total)
')

# --- server -----------------------------------------------------------------
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
GPID=""
stop_server() {
  if [ -n "$GPID" ]; then
    kill -TERM "$GPID" 2>/dev/null || true
    wait "$GPID" 2>/dev/null || true
    GPID=""
  fi
}
trap stop_server EXIT

start_server() {  # $1 = page cache 0/1, $2 = counting 0/1
  stop_server
  PORT=$(free_port)
  # No worker recycling during a run (GUNICORN_MAX_REQUESTS=0): a restart mid-run
  # would be measured as part of the page.
  DJANGO_PAGE_CACHE=$1 DJANGO_ANALYTICS_ENABLED=$2 GUNICORN_WORKERS=2 GUNICORN_THREADS=1 \
    GUNICORN_MAX_REQUESTS=0 \
    HOST=127.0.0.1 PORT=$PORT GUNICORN_LOG_LEVEL=warning \
    "$ROOT/.venv/bin/gunicorn" -c portal/gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
  GPID=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0
    sleep 0.1
  done
  log "gunicorn did not start"; cat "$WORK/gunicorn.log" >&2; exit 1
}

# CPU time (clock ticks) used so far by the gunicorn workers: with wrk on the same
# two cores, CPU ms per request is the figure that does not depend on what else
# the machine is doing.
worker_ticks() {
  local total=0 pid
  for pid in $(pgrep -P "$GPID"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)
UA="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"

ROWS=()
measure() {  # $1 label, $2 path
  local url="http://127.0.0.1:$PORT$2" out rps p50 p99 errors timeouts status bytes before after requests cpu
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  bytes=$(curl -s -H "User-Agent: $UA" "$url" | wc -c)  # primes the page cache
  before=$(worker_ticks)
  # A browser's User-Agent: requests without one are bots and are not counted.
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "User-Agent: $UA" "$url")
  after=$(worker_ticks)
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  timeouts=$(awk '/Socket errors/ {for (i = 1; i <= NF; i++) if ($i == "timeout") print $(i + 1)}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$CLK_TCK" \
    'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "-" }')
  ROWS+=("| $1 | \`$2\` | $status | $bytes | ${rps} | ${p50} | ${p99} | $cpu | ${errors:-0} | ${timeouts:-0} |")
  log "$1 $2: ${rps} req/s, p50 ${p50}, p99 ${p99}, ${cpu} ms CPU/request, non-2xx ${errors:-0}, timeouts ${timeouts:-0}"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for counting in 1 0; do
  for cache in 1 0; do
    start_server "$cache" "$counting"
    [ "$cache" = 1 ] && state=cached || state=miss
    [ "$counting" = 1 ] && c="counting on" || c="counting off"
    if [ "$cache" = 0 ]; then
      redis-cli -u "$REDIS_BENCH_URL" FLUSHDB >/dev/null  # cache cleared (our DB only)
    fi
    measure "home, $state, $c" "/"
    measure "category, $state, $c" "$CATEGORY_URL"
    measure "article, $state, $c" "$ARTICLE_URL"
  done
done
start_server 0 0
measure "bare Django template view" "/bench/bare/"
stop_server

# --- report -----------------------------------------------------------------
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
OUT="bench/results/$STAMP-$TOTAL.md"
{
  echo "# Benchmark $STAMP: $TOTAL articles"
  echo
  echo "gunicorn 2 sync workers, PostgreSQL, Redis; wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency;"
  echo "$(nproc) CPU cores, $(uname -sr), Python $("$PY" -c 'import platform; print(platform.python_version())')."
  echo
  echo "load average before the run: $LOAD_BEFORE"
  echo
  echo "| run | path | status | bytes | req/s | p50 | p99 | CPU ms/req | non-2xx | timeouts (>2 s) |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT"
log "written to $OUT"
