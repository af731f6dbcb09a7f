#!/usr/bin/env bash
# Benchmark: gunicorn (2 sync workers) + PostgreSQL + Redis, measured with wrk, in one
# run, every row as req/s, CPU ms per request and a ratio to the bare template view.
#
#   bench/run.sh                          # demo data, 10,000 and 100,000 articles
#   SIZES="demo" bench/run.sh             # demo data only (with storm and front cache)
#   DURATION=5s bench/run.sh              # shorter wrk runs (default 7s)
#   BENCH_FRESH=1 bench/run.sh            # rebuild the databases (else reused)
#   COUNTING_ROUNDS=6 bench/run.sh        # more on/off pairs of the cached article (default 2)
#
# Rows, at each size:
#   bare Django template view (bench/urls.py), the yardstick of every ratio
#   article and home served from the page cache, counting off and on (500 returning
#     readers' signed visitor cookies, in turn; the per-address rate limit lifted so
#     every view is counted in full); the article's on/off pair COUNTING_ROUNDS
#     times, alternating, and the ratios with their mean below the table
#   article, junk query parameters and junk cookies (a new utm_source/fbclid and
#     new tracking cookies on every request)
#   article and home misses: the page cache off (DJANGO_PAGE_CACHE=0), every request
#     renders, as the first reader after an edit does; fragment caches stay warm
#   at 10,000 and 100,000 articles: a miss on a different article every request
#     (the long tail nobody read lately: only the chrome is kept)
# At the first size only:
#   cached article with no cookie (a new visitor every request)
#   publish storm: five pages read while an article is published every 2 s
#     (bench/publish_storm.py), against the same five pages without publishing
#   front cache: nginx microcache (deploy/nginx/microcache.conf) in front, plus the
#     counter's per-page request that counts the view in that deployment
# CPU ms per request: CPU time of the gunicorn workers (and nginx's, for the front
# cache) over the run, divided by the requests wrk made; Redis and PostgreSQL are
# not included. The table goes to stdout and to bench/results/<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SIZES=${SIZES:-demo 10000 100000}
DURATION=${DURATION:-7s}
CONNECTIONS=${CONNECTIONS:-16}
# Pairs of cached-article runs, counting on then off, at each size (goal 1 of
# issue 19 is their mean ratio; single pairs spread by a few percent).
COUNTING_ROUNDS=${COUNTING_ROUNDS:-2}
THREADS=${THREADS:-2}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
BENCH_DB=${BENCH_DB:-portal_bench_perf}
REDIS_BENCH_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/6}
PY=${PY:-$ROOT/.venv/bin/python}
WORK=$ROOT/var/bench
mkdir -p "$WORK" bench/results

log() { printf '==> %s\n' "$*" >&2; }

# --- services ---------------------------------------------------------------
command -v wrk >/dev/null || { log "wrk is not installed"; exit 1; }
pg_isready -h 127.0.0.1 -p 5432 -q || { log "PostgreSQL is not running"; exit 1; }
redis-cli -u "$REDIS_BENCH_URL" ping >/dev/null || { log "Redis is not running"; exit 1; }

export DJANGO_SETTINGS_MODULE=bench.settings_bench
export REDIS_URL="$REDIS_BENCH_URL"
export DJANGO_CACHE_PREFIX=bench
export DJANGO_DEBUG=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_STATIC_ROOT=$WORK/static
export MEDIA_ROOT=$WORK/media
export DJANGO_VAR_DIR=$WORK
export DJANGO_LOG_LEVEL=WARNING
export DJANGO_ANALYTICS_RATE_LIMIT=1000000000
UA="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
export BENCH_UA=$UA

# --- data -------------------------------------------------------------------
prepare_db() {  # $1 = size (demo or a number of articles); sets DATABASE_URL
  local size=$1 db="${BENCH_DB}_$1"
  export DATABASE_URL="$PG_URL/$db"
  if [ "${BENCH_FRESH:-0}" = 1 ]; then
    psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  fi
  if ! psql "$PG_URL/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    log "$db: migrate, demo content, $size articles"
    psql "$PG_URL/postgres" -qc "CREATE DATABASE $db"
    "$PY" manage.py migrate --noinput -v 0
    "$PY" manage.py seed_demo >/dev/null
    if [ "$size" != demo ]; then
      "$PY" manage.py generate_bench_data --articles "$size"
    fi
    psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null
  else
    "$PY" manage.py migrate --noinput -v 0
  fi
}

# The five pages of the storm (home, a category, three articles), the article and
# the total, one per line.
pages() {
  "$PY" manage.py shell -v 0 -c '
from bulletins.models import Article, Category
published = Article.objects.published().order_by("-published_at")
total = published.count()
middle = published[total // 2 : total // 2 + 1].get()
others = [a.get_absolute_url() for a in published[:2]]
category = Category.objects.filter(parent=None).order_by("pk").first()
print(" ".join(["/", category.get_absolute_url(), middle.get_absolute_url(), *others]))
print(middle.get_absolute_url())
print(total)
# The long tail: up to 5,000 articles in random order, for misses that each
# read an article nobody read before.
with open("'"$WORK"'/tail.txt", "w") as out:
    for article in published.order_by("?")[:5000]:
        out.write(article.get_absolute_url() + "\n")
'
}

# wrk script: 500 returning readers' signed cookies in turn, the paths of
# BENCH_PATHS in turn, junk parameters and cookies with BENCH_JUNK=1, no cookie
# with BENCH_NO_COOKIE=1; counts X-Page-Cache: miss/stale answers.
"$PY" - "$WORK/readers.lua" <<'PYEOF'
import sys, uuid

import django

django.setup()
from portal.visitor import cookie_value

cookies = ",\n".join(f'"{cookie_value(uuid.uuid4().hex)}"' for _ in range(500))
with open(sys.argv[1], "w") as out:
    out.write(f"local cookies = {{{cookies}}}\n")
    out.write(r'''
local paths = {}
local list = os.getenv("BENCH_PATHS_FILE")
if list then
  for p in io.lines(list) do paths[#paths + 1] = p end
else
  for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do paths[#paths + 1] = p end
end
local junk = os.getenv("BENCH_JUNK") == "1"
local nocookie = os.getenv("BENCH_NO_COOKIE") == "1"
local ua = os.getenv("BENCH_UA")
local i = 0
local threads = {}
misses = 0
stale = 0
function setup(thread)
  threads[#threads + 1] = thread
end
function request()
  i = i + 1
  local path = paths[(i % #paths) + 1]
  local headers = {["User-Agent"] = ua}
  if not nocookie then headers["Cookie"] = "pv=" .. cookies[(i % #cookies) + 1] end
  if junk then
    path = path .. "?utm_source=zalo&fbclid=IwAR" .. i .. math.random(1000000000)
    headers["Cookie"] = headers["Cookie"] .. "; _ga=GA1.2." .. math.random(1000000000)
      .. "." .. i .. "; _fbp=fb.1." .. i .. "; junk" .. (i % 50) .. "=" .. math.random(1000000)
  end
  return wrk.format("GET", path, headers)
end
function response(status, headers, body)
  local state = headers["X-Page-Cache"]
  if state == "miss" then misses = misses + 1 elseif state == "stale" then stale = stale + 1 end
end
function done(summary, latency, requests)
  local m, s = 0, 0
  for _, t in ipairs(threads) do m = m + t:get("misses"); s = s + t:get("stale") end
  io.write(string.format("renders %d stale %d\n", m, s))
end
''')
PYEOF

# --- servers ----------------------------------------------------------------
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
GPID="" NPID=""
stop_server() {
  if [ -n "$NPID" ]; then
    kill -QUIT "$NPID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$NPID" 2>/dev/null || break; sleep 0.1; done
    NPID=""
  fi
  if [ -n "$GPID" ]; then
    kill -TERM "$GPID" 2>/dev/null || true
    wait "$GPID" 2>/dev/null || true
    GPID=""
  fi
}
trap stop_server EXIT

start_server() {  # $1 = page cache 0/1, $2 = counting 0/1, $3 = counting path
  stop_server
  PORT=$(free_port)
  # No worker recycling during a run (GUNICORN_MAX_REQUESTS=0): a restart mid-run
  # would be measured as part of the page.
  DJANGO_PAGE_CACHE=$1 DJANGO_ANALYTICS_ENABLED=$2 DJANGO_ANALYTICS_COUNT_IN=${3:-middleware} \
    GUNICORN_WORKERS=2 GUNICORN_THREADS=1 GUNICORN_MAX_REQUESTS=0 \
    HOST=127.0.0.1 PORT=$PORT GUNICORN_LOG_LEVEL=warning \
    "$ROOT/.venv/bin/gunicorn" -c portal/gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
  GPID=$!
  BASE="http://127.0.0.1:$PORT"
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && return 0
    sleep 0.1
  done
  log "gunicorn did not start"; cat "$WORK/gunicorn.log" >&2; exit 1
}

start_nginx() {  # the microcache of deploy/nginx/microcache.conf in front of $PORT
  local dir=$WORK/nginx
  rm -rf "$dir" && mkdir -p "$dir/tmp" "$dir/cache"
  NPORT=$(free_port)
  sed -e "s#@APP_PORT@#$PORT#; s#@PORT@#$NPORT#; s#@STATIC@#$WORK/static/#" \
    bench/nginx-front.conf >"$dir/nginx.conf"
  sed -e "s#/var/cache/nginx/portal#$dir/cache#" deploy/nginx/microcache.conf >"$dir/microcache.conf"
  cp deploy/nginx/microcache-pages.conf "$dir/microcache-pages.conf"
  nginx -p "$dir/" -c "$dir/nginx.conf"
  NPID=$(cat "$dir/nginx.pid")
  BASE="http://127.0.0.1:$NPORT"
}

# CPU time (clock ticks) used so far by the gunicorn workers (and nginx): with wrk
# on the same two cores, CPU ms per request does not depend on what else the
# machine is doing.
cpu_ticks() {
  local total=0 pid pids
  pids="$(pgrep -P "$GPID" || true)"
  if [ -n "$NPID" ]; then pids="$pids $NPID $(pgrep -P "$NPID" || true)"; fi
  for pid in $pids; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)

ROWS=()
COUNTING=()
BARE_RPS=""
measure() {  # $1 label, $2 path(s), then VAR=value for the wrk script
  local label=$1 paths=$2 out rps p50 p99 max errors requests cpu before after ratio renders first
  shift 2
  first=${paths%% *}
  for p in $paths; do curl -s -o /dev/null -A "$UA" "$BASE$p"; curl -s -o /dev/null -A "$UA" "$BASE$p"; done
  before=$(cpu_ticks)
  out=$(env BENCH_PATHS="$paths" "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$WORK/readers.lua" "$BASE$first")
  after=$(cpu_ticks)
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  max=$(awk '$1=="Latency" {print $4}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  renders=$(awk '/^renders/ {print $2 " / " $4}' <<<"$out")
  # Behind nginx the header is the stored copy's, not Django's answer.
  if [ -n "$NPID" ]; then renders="-"; fi
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$CLK_TCK" \
    'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "-" }')
  if [ -z "$BARE_RPS" ]; then BARE_RPS=$rps; fi
  LAST_RPS=$rps
  ratio=$(awk -v r="$rps" -v b="$BARE_RPS" 'BEGIN { printf "%.2f", r / b }')
  ROWS+=("| $SIZE | $label | $rps | $cpu | $ratio | $p50 | $p99 | $max | ${errors:-0} | ${renders:-} |")
  log "$SIZE $label: $rps req/s ($ratio x bare), $cpu ms CPU/req, p99 $p99, max $max, non-2xx ${errors:-0}, renders/stale ${renders:-}"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
FIRST=1
for SIZE in $SIZES; do
  prepare_db "$SIZE"
  "$PY" manage.py collectstatic --noinput -v 0
  { read -r FIVE; read -r ARTICLE; read -r TOTAL; } < <(pages)
  redis-cli -u "$REDIS_BENCH_URL" FLUSHDB >/dev/null
  BARE_RPS=""

  start_server 1 1
  measure "bare Django template view" /bench/bare/
  measure "article, cached, counting on" "$ARTICLE"
  ON1=$LAST_RPS
  measure "home, cached, counting on" /
  measure "article, cached, junk query parameters and cookies" "$ARTICLE" BENCH_JUNK=1
  if [ "$FIRST" = 1 ]; then
    measure "article, cached, no cookie (a new visitor each request)" "$ARTICLE" BENCH_NO_COOKIE=1
    measure "five pages, cached (steady)" "$FIVE"
    rm -f "$WORK/storm.ready"
    "$PY" bench/publish_storm.py --seconds "${DURATION%s}" --every 2 --ready "$WORK/storm.ready" &
    STORM=$!
    # Django's start-up in the publisher is not part of the storm.
    for _ in $(seq 1 100); do [ -f "$WORK/storm.ready" ] && break; sleep 0.1; done
    measure "five pages, an article published every 2 s" "$FIVE"
    wait "$STORM"
  fi
  start_server 1 0
  measure "article, cached, counting off" "$ARTICLE"
  OFF1=$LAST_RPS
  # Counting on and off again, alternating (COUNTING_ROUNDS pairs in all): the
  # pairs that decide whether counting is free, less at the mercy of the
  # machine's other work.
  RATIOS=("$(awk -v a="$ON1" -v b="$OFF1" 'BEGIN { printf "%.3f", a / b }')")
  for ROUND in $(seq 2 "$COUNTING_ROUNDS"); do
    start_server 1 1
    measure "article, cached, counting on (round $ROUND)" "$ARTICLE"
    ON=$LAST_RPS
    start_server 1 0
    measure "article, cached, counting off (round $ROUND)" "$ARTICLE"
    RATIOS+=("$(awk -v a="$ON" -v b="$LAST_RPS" 'BEGIN { printf "%.3f", a / b }')")
  done
  COUNTING+=("$(printf '%s\n' "${RATIOS[@]}" | awk -v s="$SIZE" '
    { r[NR] = $1; sum += $1; list = list (NR > 1 ? ", " : "") sprintf("%.2f", $1) }
    END {
      mean = sum / NR
      for (i = 1; i <= NR; i++) ss += (r[i] - mean) ^ 2
      se = NR > 1 ? sqrt(ss / (NR - 1) / NR) : 0
      printf "- %s: %s (mean %.3f, standard error %.3f)", s, list, mean, se
    }')")
  start_server 0 1
  measure "article, miss, counting on" "$ARTICLE"
  measure "home, miss, counting on" /
  if [ "$SIZE" != demo ]; then
    # Every request a different article (5,000 in random order, each read at
    # most once in the run): its own parts (heading, body, more news, share
    # tags) are rendered, only the chrome is kept.
    measure "article, miss, a different article each request" "$ARTICLE" \
      BENCH_PATHS_FILE="$WORK/tail.txt"
  fi
  if [ "$FIRST" = 1 ] && [ -f deploy/nginx/microcache-pages.conf ] && command -v nginx >/dev/null; then
    start_server 1 1 counter
    start_nginx
    measure "article, nginx microcache, counting by the counter request" "$ARTICLE"
    measure "its counting request /thong-ke/xem.gif (nginx to Django)" "/thong-ke/xem.gif?p=$ARTICLE"
  fi
  stop_server
  FIRST=0
done

# --- report -----------------------------------------------------------------
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
OUT="bench/results/$STAMP.md"
{
  echo "# Benchmark $STAMP"
  echo
  echo "gunicorn 2 sync workers, PostgreSQL, Redis; wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency;"
  echo "$(nproc) CPU cores, $(uname -sr), Python $("$PY" -c 'import platform; print(platform.python_version())')."
  echo "Load average before the run: $LOAD_BEFORE. Ratio: req/s over the bare view's at the same size."
  echo
  echo "| size | page | req/s | CPU ms/req | × bare | p50 | p99 | max | non-2xx | renders / stale |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Cached article, counting on over counting off, in each of the $COUNTING_ROUNDS alternating rounds:"
  echo
  printf '%s\n' "${COUNTING[@]}"
} | tee "$OUT"
log "written to $OUT"
