"""Sends page views to Redis from a background thread of each process.

The request only appends the page view to an in-process queue; the sender thread
sends whatever is queued in one pipeline round trip (``store.record_many``), so a
page view costs the request no round trip at all. The queue is drained when the
process exits normally: by the gunicorn ``worker_exit`` hook (SIGTERM, SIGINT,
max-requests restarts) and by ``atexit`` otherwise. Only a hard kill (SIGKILL,
out-of-memory) can lose the page views of the last moment still in the queue,
usually none, since the thread sends as soon as it is idle.
"""

import atexit
import collections
import logging
import os
import threading
import time

logger = logging.getLogger(__name__)

MAX_BATCH = 500
BATCH_DELAY = 0.005  # seconds


class Sender:
    def __init__(self, send):
        self._send = send  # callable(list of events)
        self._cond = threading.Condition()
        self._events = collections.deque()
        self._busy = False
        self._thread = None
        self._pid = None

    def submit(self, event):
        with self._cond:
            if self._pid != os.getpid() or self._thread is None:
                self._start()
            self._events.append(event)
            if len(self._events) == 1:
                # Wake the thread only when the queue stops being empty; views that
                # arrive while it waits or sends join the next batch.
                self._cond.notify_all()

    def _start(self):
        # A forked process starts its own thread; the parent's queue is the parent's.
        self._pid = os.getpid()
        self._events = collections.deque()
        self._busy = False
        self._thread = threading.Thread(
            target=self._run, name="analytics-sender", daemon=True
        )
        self._thread.start()
        atexit.register(self.drain)

    def _run(self):
        while True:
            with self._cond:
                while not self._events:
                    self._cond.wait()
            # Let the views of the next few milliseconds join this batch: one
            # round trip then carries several views instead of one each.
            time.sleep(BATCH_DELAY)
            with self._cond:
                batch = [
                    self._events.popleft()
                    for _ in range(min(len(self._events), MAX_BATCH))
                ]
                if not batch:  # drained by drain() meanwhile
                    continue
                self._busy = True
            try:
                self._send(batch)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def pending(self):
        with self._cond:
            return len(self._events) + (1 if self._busy else 0)

    def drain(self, timeout=10.0):
        """Wait until everything queued in this process has been sent."""
        if self._pid != os.getpid():
            return
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._events or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._thread.is_alive():
                    break
                self._cond.wait(remaining)
            leftover = list(self._events)
            self._events.clear()
        if leftover:
            # The thread is gone or stuck: send the rest from here.
            logger.warning("analytics: sending %d queued page views", len(leftover))
            self._send(leftover)
