#!/usr/bin/env bash
# Check the deployment files: nginx -t on the site file (Debian's nginx, no root
# needed), systemd-analyze verify on the units, logrotate in debug mode.
# Used by .ci/run; tools that are not installed are skipped with a message.
set -euo pipefail
cd "$(dirname "$0")"
DEPLOY=$(pwd)
APP=$(cd .. && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if command -v nginx >/dev/null; then
  mkdir -p "$tmp/nginx/tmp"
  cp nginx/check-nginx.conf "$tmp/nginx/nginx.conf"
  cp nginx/portal.conf "$tmp/nginx/portal.conf"
  nginx -t -q -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf"
  echo "nginx: deploy/nginx/portal.conf OK"
  # The optional microcache (docs/deploy.md): its two files included as told.
  sed -e "s#/var/cache/nginx/portal#$tmp/nginx/cache#" nginx/microcache.conf >"$tmp/nginx/microcache.conf"
  cp nginx/microcache-pages.conf "$tmp/nginx/microcache-pages.conf"
  { echo "include $tmp/nginx/microcache.conf;"
    sed -e "/^    location \/ {/a\        include $tmp/nginx/microcache-pages.conf;" nginx/portal.conf
  } >"$tmp/nginx/portal.conf"
  grep -q "microcache-pages.conf" "$tmp/nginx/portal.conf"
  nginx -t -q -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf"
  echo "nginx: deploy/nginx/microcache.conf + microcache-pages.conf OK"
else
  echo "nginx: not installed, check skipped"
fi

if command -v systemd-analyze >/dev/null; then
  # The units name /srv/portal/app; point them at this checkout so every
  # ExecStart names an executable that exists here.
  mkdir -p "$tmp/systemd"
  for unit in systemd/*.service systemd/*.timer; do
    sed "s#/srv/portal/app#$APP#g" "$unit" >"$tmp/systemd/$(basename "$unit")"
  done
  if [ ! -x "$APP/.venv/bin/gunicorn" ]; then
    echo "systemd: $APP/.venv/bin/gunicorn missing (make venv first)" >&2
    exit 1
  fi
  out=$(cd "$tmp/systemd" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no ./*.service ./*.timer 2>&1 || true)
  # Messages about the host (no systemd as PID 1 in containers, units of other
  # packages) are not about our files; anything naming our units is an error.
  ours=$(grep -E "portal-[a-z-]+\.(service|timer)" <<<"$out" || true)
  if [ -n "$ours" ]; then
    echo "$ours" >&2
    exit 1
  fi
  echo "systemd: deploy/systemd units OK"
else
  echo "systemd-analyze: not installed, check skipped"
fi

if command -v logrotate >/dev/null; then
  # The portal user exists only on the server; check the rest with root.
  sed 's/create 0640 portal adm/create 0640 root root/' logrotate/portal >"$tmp/logrotate.conf"
  logrotate --debug --state "$tmp/logrotate.state" "$tmp/logrotate.conf" >/dev/null 2>"$tmp/logrotate.out" \
    || { cat "$tmp/logrotate.out" >&2; exit 1; }
  if grep -q "^error" "$tmp/logrotate.out"; then cat "$tmp/logrotate.out" >&2; exit 1; fi
  echo "logrotate: deploy/logrotate/portal OK"
else
  echo "logrotate: not installed, check skipped"
fi

if command -v redis-server >/dev/null; then
  # Each file must load as it is, and keep its eviction policy: only keys with an
  # expiry in the main Redis, any page in the page cache's own.
  for pair in "portal.conf:volatile-lru" "redis-pages.conf:allkeys-lru"; do
    file=${pair%%:*} wanted=${pair##*:}
    sock="$tmp/redis.sock"
    redis-server "redis/$file" --port 0 --unixsocket "$sock" --daemonize no \
      --supervised no --pidfile "$tmp/redis.pid" --logfile "" --dir "$tmp" \
      >"$tmp/redis.out" 2>&1 &
    pid=$!
    for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.1; done
    policy=$(redis-cli -s "$sock" config get maxmemory-policy 2>/dev/null | tail -n1 || true)
    redis-cli -s "$sock" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ "$policy" != "$wanted" ]; then
      cat "$tmp/redis.out" >&2
      echo "redis: deploy/redis/$file did not load with $wanted" >&2
      exit 1
    fi
    echo "redis: deploy/redis/$file OK ($policy)"
  done
else
  echo "redis-server: not installed, check skipped"
fi

bash -n backup.sh && echo "backup.sh: syntax OK"
