#!/usr/bin/env bash
# Cost of the visitor counter: requests per second of one article page with counting
# off and on, gunicorn (2 sync workers) + PostgreSQL + Redis, measured with wrk.
#
#   bench/counting.sh                  # 15 s per run
#   DURATION=5s bench/counting.sh
#   ROUNDS=3 bench/counting.sh         # alternate the modes three times: the best of
#                                      # each, and the mean of the rounds' on/off ratios
#   PAIRS=12 bench/counting.sh         # both servers (off, on with Redis) up at once,
#                                      # wrk bursts (BURST, default 6s) alternating
#                                      # between them: each pair's ratio is measured
#                                      # seconds apart, on warm servers. The sender
#                                      # thread sends a burst's last views (up to 2 s)
#                                      # during the next burst, against counting off:
#                                      # short bursts flatter counting.
#
# Three runs against the same page (served from the shared page cache, as readers
# get it): counting off (DJANGO_ANALYTICS_ENABLED=0), counting on with Redis (the
# sender thread's one script call per batch), counting on without Redis (database
# upserts). The per-address rate limit is lifted so that every request is counted
# in full. Each run also logs the CPU per request of the workers' request threads,
# of their sender threads and of Redis, and the machine's idle time (from /proc),
# where counting's cost can hide.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-1}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
BENCH_DB=${BENCH_COUNTING_DB:-portal_bench_counting}
REDIS=${BENCH_COUNTING_REDIS_URL:-redis://127.0.0.1:6379/12}
PY=${PY:-$ROOT/.venv/bin/python}
WORK=$ROOT/var/bench-counting
UA="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
mkdir -p "$WORK"

log() { printf '==> %s\n' "$*" >&2; }

command -v wrk >/dev/null || {
  log "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
}
pg_isready -h 127.0.0.1 -p 5432 -q || { log "PostgreSQL is not running"; exit 1; }
redis-cli -u "$REDIS" ping >/dev/null || { log "Redis is not running at $REDIS"; exit 1; }

export DJANGO_SETTINGS_MODULE=portal.settings.base
export DATABASE_URL="$PG_URL/$BENCH_DB"
export DJANGO_SECRET_KEY=bench-counting-not-secret
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_STATIC_ROOT=$WORK/static
export DJANGO_VAR_DIR=$WORK
export REDIS_URL=$REDIS
export DJANGO_CACHE_PREFIX=bench-counting
export DJANGO_ANALYTICS_RATE_LIMIT=1000000000
export GUNICORN_WORKERS=2 GUNICORN_THREADS=1 GUNICORN_MAX_REQUESTS=0

psql "$PG_URL/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname='$BENCH_DB'" | grep -q 1 \
  || psql "$PG_URL/postgres" -qc "CREATE DATABASE $BENCH_DB"
log "migrate, collectstatic, demo content"
"$PY" manage.py migrate -v0
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py seed_demo >/dev/null
SLUG=$("$PY" manage.py shell --no-imports -v0 -c \
  "from bulletins.models import Article; print(Article.objects.published().order_by('-published_at').values_list('slug', flat=True).first())" | tail -n1)
URL_PATH="/tin-tuc/$SLUG/"
# 500 readers: wrk sends their (validly signed) cookies in turn.
"$PY" manage.py shell --no-imports -v0 -c "
import uuid
from portal.visitor import cookie_value
ua = '$UA'
cookies = ',\n'.join('\"%s\"' % cookie_value(uuid.uuid4().hex) for _ in range(500))
print('local cookies = {' + cookies + '}')
print('local i = 0')
print('request = function()')
print('  i = i + 1')
print('  return wrk.format(\"GET\", nil, {[\"User-Agent\"] = \"' + ua + '\", [\"Cookie\"] = \"pv=\" .. cookies[(i % #cookies) + 1]})')
print('end')
" >"$WORK/readers.lua"

# CPU ticks so far: the workers' request threads, their other threads (the
# sender), Redis, and the machine's idle time. Each run logs them per request:
# where counting's cost goes.
ticks() {  # ticks <gunicorn pid>
  local main=0 other=0 redis=0 worker task
  for worker in $(pgrep -P "$1"); do
    for task in /proc/"$worker"/task/*; do
      if [ "${task##*/}" = "$worker" ]; then
        main=$((main + $(awk '{print $14 + $15}' "$task/stat")))
      else
        other=$((other + $(awk '{print $14 + $15}' "$task/stat")))
      fi
    done
  done
  for task in $(pgrep -x redis-server); do
    redis=$((redis + $(awk '{print $14 + $15}' /proc/"$task"/stat)))
  done
  # The whole machine's idle time (idle + iowait): processors left waiting,
  # e.g. on Redis while it runs a batch, cost pages without costing CPU.
  echo "$main $other $redis $(awk '/^cpu / {print $5 + $6}' /proc/stat)"
}

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run() {  # run <label> <DJANGO_ANALYTICS_ENABLED> <DJANGO_ANALYTICS_REDIS_URL>
  local label=$1 enabled=$2 counter_redis=$3 port pid rps
  port=$(free_port)
  DJANGO_ANALYTICS_ENABLED=$enabled DJANGO_ANALYTICS_REDIS_URL=$counter_redis \
    PORT=$port "$PY" -m gunicorn -c portal/gunicorn.conf.py >"$WORK/gunicorn-$label.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.2
  done
  # Warm up: the page cache entry and the article id lookup.
  for _ in 1 2 3; do curl -fs -o /dev/null -A "$UA" "http://127.0.0.1:$port$URL_PATH"; done
  local before after
  before=$(ticks "$pid")
  rps=$(wrk -t2 -c16 -d"$DURATION" -s "$WORK/readers.lua" "http://127.0.0.1:$port$URL_PATH" \
    | awk '/Requests\/sec/ {print $2}')
  after=$(ticks "$pid")
  "$PY" - "$label" "$rps" "${DURATION%s}" "$(getconf CLK_TCK)" $before $after >&2 <<'PYEOF'
import sys

label, rps, seconds, hz = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
before, after = sys.argv[5:9], sys.argv[9:13]
ms = [(int(b) - int(a)) * 1000 / hz / (rps * seconds) for a, b in zip(before, after)]
print(
    f"==> {label}: {rps:.0f} req/s; CPU ms per request: request threads {ms[0]:.3f}, "
    f"sender threads {ms[1]:.3f}, Redis {ms[2]:.3f}; machine idle {ms[3]:.3f}"
)
PYEOF
  kill -TERM "$pid"
  wait "$pid" || true
  printf '%s %s\n' "$label" "$rps"
}

if [ -n "${PAIRS:-}" ]; then
  # Interleaved: a machine that speeds up and slows down over seconds weighs on
  # both modes of a pair alike, and no run pays a server's start.
  start_quiet() {  # start_quiet <DJANGO_ANALYTICS_ENABLED> <port>
    DJANGO_ANALYTICS_ENABLED=$1 DJANGO_ANALYTICS_REDIS_URL=$REDIS PORT=$2 \
      "$PY" -m gunicorn -c portal/gunicorn.conf.py >"$WORK/gunicorn-pairs-$1.log" 2>&1 &
    echo $!
  }
  OFF_PORT=$(free_port)
  OFF_PID=$(start_quiet 0 "$OFF_PORT")
  ON_PORT=$(free_port)
  ON_PID=$(start_quiet 1 "$ON_PORT")
  trap 'kill -TERM "$OFF_PID" "$ON_PID" 2>/dev/null || true' EXIT
  for port in "$OFF_PORT" "$ON_PORT"; do
    for _ in $(seq 1 100); do
      curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
      sleep 0.2
    done
    for _ in 1 2 3; do curl -fs -o /dev/null -A "$UA" "http://127.0.0.1:$port$URL_PATH"; done
  done
  burst() {
    wrk -t2 -c16 -d"${BURST:-6s}" -s "$WORK/readers.lua" "http://127.0.0.1:$1$URL_PATH" \
      | awk '/Requests\/sec/ {print $2}'
  }
  burst "$OFF_PORT" >/dev/null
  burst "$ON_PORT" >/dev/null
  log "article page: $URL_PATH, $PAIRS pairs of ${BURST:-6s} wrk bursts, both servers up"
  OFFS=() ONS=()
  for i in $(seq 1 "$PAIRS"); do
    # Which mode goes first alternates too.
    if [ $((i % 2)) = 1 ]; then
      OFFS+=("$(burst "$OFF_PORT")") ONS+=("$(burst "$ON_PORT")")
    else
      ONS+=("$(burst "$ON_PORT")") OFFS+=("$(burst "$OFF_PORT")")
    fi
  done
  "$PY" manage.py flush_counters >/dev/null
  "$PY" - "${OFFS[*]}" "${ONS[*]}" <<'PYEOF'
import statistics
import sys

offs, ons = ([float(x) for x in arg.split()] for arg in sys.argv[1:3])
ratios = [on / off for on, off in zip(ons, offs)]
print(f"counting off: {' '.join(f'{x:.0f}' for x in offs)} req/s")
print(f"counting on:  {' '.join(f'{x:.0f}' for x in ons)} req/s")
print(f"on / off per pair: {' '.join(f'{r:.2f}' for r in ratios)}")
print(
    f"mean {statistics.mean(ratios):.3f} ± "
    f"{statistics.stdev(ratios) / len(ratios) ** 0.5:.3f} (standard error), "
    f"median {statistics.median(ratios):.3f}"
)
PYEOF
  exit 0
fi

log "article page: $URL_PATH, wrk -t2 -c16 -d$DURATION, 2 sync workers, $ROUNDS round(s)"
# Rounds alternate the modes, so a busy machine weighs on all of them alike;
# each mode's best round is reported.
best() { printf '%s\n' "$@" | sort -g | tail -n1; }
OFFS=() ON_REDISES=() ON_DBS=()
for _ in $(seq 1 "$ROUNDS"); do
  OFFS+=("$(run off 0 "$REDIS" | awk '{print $2}')")
  ON_REDISES+=("$(run on-redis 1 "$REDIS" | awk '{print $2}')")
  ON_DBS+=("$(run on-database 1 "" | awk '{print $2}')")
done
log "off: ${OFFS[*]}; on (Redis): ${ON_REDISES[*]}; on (database): ${ON_DBS[*]}"
OFF=$(best "${OFFS[@]}")
ON_REDIS=$(best "${ON_REDISES[@]}")
ON_DB=$(best "${ON_DBS[@]}")
"$PY" manage.py flush_counters >/dev/null

"$PY" - "$OFF" "$ON_REDIS" "$ON_DB" "${OFFS[*]}" "${ON_REDISES[*]}" <<'PYEOF'
import statistics
import sys

off, on_redis, on_db = (float(x) for x in sys.argv[1:4])
print(f"counting off:              {off:9.1f} req/s")
print(f"counting on (Redis):       {on_redis:9.1f} req/s  ({(off - on_redis) / off:+.1%} loss)")
print(f"counting on (database):    {on_db:9.1f} req/s  ({(off - on_db) / off:+.1%} loss)")
# Each round's on / off pair ran back to back: its ratio is less disturbed by a
# machine that slows down and speeds up than the best of each mode.
offs, ons = ([float(x) for x in arg.split()] for arg in sys.argv[4:6])
ratios = [on / off for on, off in zip(ons, offs)]
spread = (
    f" ± {statistics.stdev(ratios) / len(ratios) ** 0.5:.3f} (standard error)"
    if len(ratios) > 1
    else ""
)
print(
    f"on (Redis) / off, per round: {' '.join(f'{r:.2f}' for r in ratios)}; "
    f"mean {statistics.mean(ratios):.3f}{spread}"
)
PYEOF
