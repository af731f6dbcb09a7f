"""Sends page views to Redis from a background thread of each process.

A counted page view costs the request one ``deque.append`` (atomic under the GIL,
no lock, no wake-up, no system call): the sender thread wakes every
``BATCH_INTERVAL`` seconds and sends whatever has queued up in script calls of at
most ``MAX_BATCH`` views (``store.record_views``), so one Redis round trip carries
hundreds of views instead of one round trip (and two thread switches) per view.
Every wake-up costs a loaded server more than its own work: 0.5 s instead of
0.1 s measured about 3% more cached pages per second, 2 s instead of 0.5 s
another 1.4-3.5% (docs/performance.md, "2d" and "2f"). The counter's numbers are
only refreshed every few seconds anyway. ``MAX_BATCH`` keeps one script run to a
few milliseconds, so the page cache's reads from the same Redis never wait long
behind it.

(The flush of Redis counts into the database stays in the middleware, once per
``ANALYTICS_FLUSH_SECONDS`` per process: a thread of its own would write through
a database connection of its own, outside the transaction a test or a request
runs in.)

Nothing is lost when the process exits normally: the queue is drained by the
gunicorn ``worker_exit`` hook (SIGTERM, SIGINT, max-requests restarts) and by
``atexit`` otherwise. Only a hard kill (SIGKILL, out-of-memory) can lose the page
views of that process's last two seconds.
"""

import atexit
import collections
import logging
import os
import threading
import time

logger = logging.getLogger(__name__)

MAX_BATCH = 500
BATCH_INTERVAL = 2.0  # seconds


class Sender:
    def __init__(self, send, interval=BATCH_INTERVAL):
        self._send = send  # callable(list of events)
        self._interval = interval
        self._events = collections.deque()
        self._sending = threading.Lock()  # one sender at a time: views stay in order
        self._starting = threading.Lock()
        self._busy = False
        self._thread = None
        self._pid = None
        # Whether this process's thread runs: read on every page view instead of
        # comparing os.getpid() (a system call each time); a forked child starts
        # with it cleared and starts its own thread on its first page view.
        self._running = False
        os.register_at_fork(after_in_child=self._forget_thread)

    def submit(self, event):
        if not self._running:
            self._start()
        self._events.append(event)

    def _forget_thread(self):
        self._running = False
        # A lock another thread held at the fork stays held in the child.
        self._starting = threading.Lock()

    def _start(self):
        with self._starting:
            if self._pid == os.getpid():
                return
            # A forked process starts its own thread; the parent's queue is the
            # parent's.
            self._events = collections.deque()
            self._sending = threading.Lock()
            self._busy = False
            self._thread = threading.Thread(
                target=self._run, name="analytics-sender", daemon=True
            )
            self._thread.start()
            self._pid = os.getpid()
            self._running = True
        atexit.register(self.drain)

    def _run(self):
        while True:
            time.sleep(self._interval)
            with self._sending:
                self._send_queued()

    def _send_queued(self):
        """Send everything queued, in batches (called holding ``_sending``)."""
        events = self._events
        while events:
            batch = []
            while events and len(batch) < MAX_BATCH:
                batch.append(events.popleft())
            self._busy = True
            try:
                self._send(batch)
            finally:
                self._busy = False

    def pending(self):
        return len(self._events) + (1 if self._busy else 0)

    def drain(self, timeout=10.0):
        """Send everything queued in this process now, from the calling thread."""
        if self._pid != os.getpid():
            return
        if not self._sending.acquire(timeout=timeout):
            logger.warning("analytics: the sender is stuck; queued views sent anyway")
            self._send_queued()
            return
        try:
            self._send_queued()
        finally:
            self._sending.release()
