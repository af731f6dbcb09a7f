#!/bin/sh
# Time and memory of `manage.py import_joomla` on a generated old site:
# ARTICLES articles (default 10000) of about 10 KB of Vietnamese HTML, each with
# its own intro photo and a second photo in the text, links between articles,
# a YouTube iframe every 20, a plugin tag every 30, a PDF every 50, a Registered
# article every 89 and an unpublished one every 97 (tests/bulletins/joomla/
# synthetic.py), imported into a fresh database (SQLite under the work folder,
# or DATABASE_URL when set, which is emptied first).
#
#   bench/joomla_import.sh [ARTICLES] [WORK_DIR]
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jmi_bench bench/joomla_import.sh
#
# Prints the import's summary, then wall time and peak memory (GNU time).
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
ARTICLES=${1:-10000}
WORK=${2:-/tmp/joomla-bench}

rm -rf "$WORK"
mkdir -p "$WORK/site"
echo "Generating a site of $ARTICLES articles in $WORK/site ..."
"$PYTHON" -m tests.bulletins.joomla.synthetic --site "$WORK/site" "$ARTICLES"
du -sh "$WORK/site/site.sql" "$WORK/site/images"

export DATABASE_URL="${DATABASE_URL:-sqlite:///$WORK/portal.sqlite3}"
export MEDIA_ROOT="$WORK/media" DJANGO_VAR_DIR="$WORK/var"
case "$DATABASE_URL" in
postgres*) "$PYTHON" manage.py flush --no-input -v0 2>/dev/null || true ;;
esac
"$PYTHON" manage.py migrate -v0

/usr/bin/time -v "$PYTHON" manage.py import_joomla "$WORK/site/site.sql" \
    --images "$WORK/site" --no-progress >"$WORK/import.out" 2>"$WORK/time.txt" || {
    cat "$WORK/time.txt"
    exit 1
}
sed -n '/== Tổng hợp ==/,/^$/p' "$WORK/import.out"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$WORK/time.txt"
