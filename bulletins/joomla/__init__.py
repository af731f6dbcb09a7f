"""Reading an old Joomla site and importing it.

The reading layer (``source`` and the modules it uses: ``sqldump``, ``tabular``,
``text``, ``visibility``, ``bodies``, ``urls_old``) is pure Python and never touches a
model, so it is importable and testable without Django and without a database.
``importer`` writes models; it is loaded only when asked for, so reading a backup
does not need Django's settings.
"""

from .backups import open_source
from .errors import JoomlaReadError
from .source import JoomlaSource, Row

__all__ = ["JoomlaImporter", "JoomlaReadError", "JoomlaSource", "Row", "open_source"]


def __getattr__(name):
    if name == "JoomlaImporter":
        from .importer import JoomlaImporter

        return JoomlaImporter
    raise AttributeError(name)
