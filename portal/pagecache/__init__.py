"""Shared page cache for anonymous readers, and what makes a stored page stale.

- ``generation``: the content generation number (one INCR makes every page stale).
- ``invalidation``: which saves bump it, learnt from the models each app declares
  in ``portal.registry`` (``page_content``), and when a scheduled change comes due.
- ``middleware``: stores and replays whole pages for anonymous readers.
- ``conditional``: ETag, Last-Modified and 304s on top of whatever was served.
"""
