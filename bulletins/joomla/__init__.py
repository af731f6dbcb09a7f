"""Reading an old Joomla site and importing it.

The reading layer (``source`` and the modules it uses: ``sqldump``, ``tabular``,
``text``, ``visibility``, ``bodies``, ``urls_old``) is pure Python and never touches a
model, so it is importable and testable without Django and without a database.
``importer`` writes models: import it as ``bulletins.joomla.importer``, so reading
a backup does not need Django's settings.
"""

from .backups import open_source
from .errors import JoomlaReadError
from .source import JoomlaSource, Row

__all__ = ["JoomlaReadError", "JoomlaSource", "Row", "open_source"]
