"""When a stored page or fragment must be rendered again although nobody edited.

A stored page or fragment is current while the content generation is the one it
was rendered at, and only until the next scheduled change (a scheduled
publication, a poll opening or closing): ``next_deadline`` is that time, computed
once per generation (one query per declared schedule field) and kept beside the
pages until it passes.
"""

from datetime import UTC, datetime

from portal.memo import Memo

from .generation import page_cache, page_timeout
from .invalidation import next_scheduled_change

DEADLINE_KEY_PREFIX = "pagecache:deadline:"


def next_deadline(generation, now):
    """Epoch seconds of the next scheduled change (publication, poll closing), or 0.

    Computed once per content generation and kept until it passes, so a scheduled
    article appears on cached pages at its time without anyone saving anything.
    """
    key = f"{DEADLINE_KEY_PREFIX}{generation}"
    # This process's copy: the key names the generation, so it is current until
    # its deadline passes (each fragment rendered after an edit asks again).
    kept = _deadlines.get(key)
    if kept is not None and not (0 < kept <= now):
        return kept
    cache = page_cache()
    deadline = cache.get(key)
    if deadline is None or 0 < deadline <= now:
        when = next_scheduled_change(datetime.fromtimestamp(now, tz=UTC))
        deadline = when.timestamp() if when else 0
        cache.set(key, deadline, page_timeout())
    return _deadlines.put(key, deadline)


# deadline key (names the generation) -> epoch seconds of the next scheduled change
_deadlines = Memo(64)


def expiry(generation, now):
    """Epoch seconds until which something rendered now at ``generation`` may be
    served: the page timeout, or the next scheduled change if sooner."""
    expires = now + page_timeout()
    deadline = next_deadline(generation, now)
    return min(expires, deadline) if deadline else expires


def forget_deadlines():
    """Forget this process's copies (tests; the shared cache emptied)."""
    _deadlines.clear()
