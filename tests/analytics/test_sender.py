"""The sender thread of each process (analytics/sender.py), on its own."""

import json
import os
import time

from analytics.sender import Sender


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_views_queued_in_a_request_are_sent_by_the_thread_in_order():
    sent = []
    sender = Sender(sent.extend, interval=0.02)
    for n in range(5):
        sender.submit(n)
    assert wait_for(lambda: len(sent) == 5)
    assert sent == [0, 1, 2, 3, 4]


def test_a_forked_worker_sends_its_own_views_with_a_thread_of_its_own():
    """gunicorn forks its workers: a child must not queue its page views for the
    parent's thread, which does not exist in the child (they would never be
    sent), nor send the views the parent had queued."""
    sent = []
    sender = Sender(sent.extend, interval=0.02)
    sender.submit("parent, sent")
    assert wait_for(lambda: sent == ["parent, sent"])
    sender._sending.acquire()  # the parent's next views wait in its queue
    sender.submit("parent, queued at the fork")

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what its own thread sent, then leave
        try:
            os.close(read_end)
            child_sent = []
            sender._send = child_sent.extend
            sender.submit("child")
            wait_for(lambda: child_sent == ["child"])
            os.write(write_end, json.dumps(child_sent).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as report:
        child_sent = json.loads(report.read() or "null")
    os.waitpid(pid, 0)
    sender._sending.release()

    assert child_sent == ["child"]
    assert wait_for(lambda: sent == ["parent, sent", "parent, queued at the fork"])
