"""File storage that never leaves a half-written upload behind.

Django's ``FileSystemStorage`` writes straight to the final name, so a disk that
fills up (or fails) in the middle of an upload leaves a truncated file that nginx
would serve. Here every file is written to a hidden ``.partial-*`` name in the same
folder and renamed into place only when complete; on failure the partial file is
removed and the error is raised for the caller (the admin's transaction then rolls
its row back, and the visitor gets a clear message, see ``portal.security``).
"""

import os
import posixpath
import secrets

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        directory, basename = posixpath.split(name)
        partial = posixpath.join(
            directory, f"{PARTIAL_PREFIX}{secrets.token_hex(8)}-{basename}"
        )
        try:
            partial = super()._save(partial, content)
            final = name
            while self.exists(final):
                final = self.get_available_name(name)
            os.rename(self.path(partial), self.path(final))
        except OSError:
            self._discard(partial)
            raise
        return final

    def _discard(self, name):
        try:
            os.remove(self.path(name))
        except FileNotFoundError:
            pass
