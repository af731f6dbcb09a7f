"""Reading an old Joomla site and importing it.

The reading layer (``source``, ``sqldump``, ``tabular``, ``text``, ``visibility``,
``bodies``, ``urls_old``) is pure Python: it never touches a model, so it can be
tested on real dumps without a database. ``importer`` writes models.
"""

from .importer import JoomlaImporter

__all__ = ["JoomlaImporter"]
