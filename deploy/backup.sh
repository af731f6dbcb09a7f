#!/usr/bin/env bash
# Nightly backup: a compressed pg_dump of the database and an rsync of the media
# folder, kept BACKUP_KEEP_DAYS days. Run by portal-backup.service.
#
#   DATABASE_URL          postgres://portal@127.0.0.1:5432/portal (from portal.env)
#   MEDIA_ROOT            /srv/portal/media
#   BACKUP_DIR            /var/backups/portal       (local copies)
#   BACKUP_RSYNC_TARGET   backup@backup-host:/srv/backups/portal  (optional off-site)
#   BACKUP_KEEP_DAYS      14
set -euo pipefail
umask 077

: "${DATABASE_URL:?DATABASE_URL is not set}"
MEDIA_ROOT=${MEDIA_ROOT:-/srv/portal/media}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/portal}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)

mkdir -p "$BACKUP_DIR/db" "$BACKUP_DIR/media"

# Custom format: compressed, restorable table by table with pg_restore.
dump="$BACKUP_DIR/db/portal-$stamp.dump"
pg_dump --format=custom --compress=6 --no-owner --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"
pg_restore --list "$dump" >/dev/null  # the dump is readable

# Media: a mirror plus hard-linked daily snapshots (unchanged files cost no space).
latest="$BACKUP_DIR/media/latest"
snapshot="$BACKUP_DIR/media/$stamp"
if [ -d "$latest" ]; then
  rsync -a --delete --link-dest="$latest" "$MEDIA_ROOT/" "$snapshot/"
else
  rsync -a --delete "$MEDIA_ROOT/" "$snapshot/"
fi
ln -sfn "$snapshot" "$latest"

if [ -n "${BACKUP_RSYNC_TARGET:-}" ]; then
  rsync -a --delete "$BACKUP_DIR/" "$BACKUP_RSYNC_TARGET/"
fi

find "$BACKUP_DIR/db" -name 'portal-*.dump' -mtime +"$BACKUP_KEEP_DAYS" -delete
find "$BACKUP_DIR/media" -mindepth 1 -maxdepth 1 -type d -name '20*' -mtime +"$BACKUP_KEEP_DAYS" \
  -exec rm -rf {} +
echo "backup $stamp: $(du -sh "$dump" | cut -f1) database dump, media in $snapshot"
