"""Small tables each process keeps in memory for things read on every page.

A ``Memo`` is a dict with a size bound: when it is full it is emptied, not kept
in LRU order (the same few keys are read again and again, and the table fills
again at once). Only plain dict operations are used. They are atomic under the
GIL, so the threads of one worker can share a memo safely.

What a memo holds must be correct by its key alone, or carry its own expiry.
Examples: a fragment under its content generation, a form token with its reuse
deadline. Every memo is registered, so ``forget_all`` empties them all at once
(tests; a shared cache emptied under a running process).
"""

_memos = []


class Memo:
    def __init__(self, size):
        self.size = size
        self._items = {}
        _memos.append(self)

    def get(self, key, default=None):
        return self._items.get(key, default)

    def put(self, key, value):
        """Keep ``value`` under ``key`` (emptying the table first if it is full);
        returns ``value``."""
        items = self._items
        if len(items) >= self.size:
            items.clear()
        items[key] = value
        return value

    def clear(self):
        self._items.clear()

    def __len__(self):
        return len(self._items)


def forget_all():
    """Empty every memo of this process."""
    for memo in _memos:
        memo.clear()
