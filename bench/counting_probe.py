"""gunicorn config: time counting's part of each request inside a loaded worker.

    GUNICORN_WORKERS=1 ... COUNTING_PROBE=/tmp/probe-on .venv/bin/python -m gunicorn \
        -c bench/counting_probe.py      # then load it (wrk), then stop it (SIGTERM)

The project's gunicorn settings plus a wrapper around the visitor counter's
middleware: per request, the time from the page's answer coming back to the
middleware until the middleware returns (everything counting does in the
request), and the worker thread's CPU time per request. At exit each worker
writes the medians to ``$COUNTING_PROBE-<pid>.txt``. Run it counting on and off
(``DJANGO_ANALYTICS_ENABLED``): off, the figure is the wrapper's own cost.

In a loaded worker the same code runs several times slower than in a loop of
its own (bench/counting_cpu.py): between two page views the page's own code
has filled the processor's caches.
"""

import os
import pathlib
import statistics
import time

exec(
    pathlib.Path(__file__).parent.parent.joinpath("portal/gunicorn.conf.py").read_text()
)

_project_post_worker_init = post_worker_init  # noqa: F821 (from the exec above)
_project_worker_exit = worker_exit  # noqa: F821


def post_worker_init(worker):
    from analytics.middleware import CounterMiddleware

    counting, thread_cpu = [], []
    call = CounterMiddleware.__call__

    def timed_call(self, request):
        inner, answered = self.get_response, []

        def get_response(request):
            response = inner(request)
            answered.append(time.perf_counter())
            return response

        self.get_response = get_response
        try:
            return call(self, request)
        finally:
            self.get_response = inner
            if answered:
                counting.append(time.perf_counter() - answered[0])

    def thread_timed(app):
        def application(environ, start_response):
            started = time.thread_time()
            try:
                return app(environ, start_response)
            finally:
                thread_cpu.append(time.thread_time() - started)

        return application

    def report():
        if not counting:
            return
        with open(f"{os.environ['COUNTING_PROBE']}-{os.getpid()}.txt", "w") as out:
            out.write(
                f"requests {len(counting)}; counting's part median "
                f"{statistics.median(counting) * 1e6:.2f} µs; request thread CPU "
                f"mean {statistics.fmean(thread_cpu) * 1e6:.1f} µs\n"
            )

    CounterMiddleware.__call__ = timed_call
    worker.wsgi = thread_timed(worker.wsgi)
    worker.counting_probe_report = report
    _project_post_worker_init(worker)


def worker_exit(server, worker):
    report = getattr(worker, "counting_probe_report", None)
    if report is not None:
        report()
    _project_worker_exit(server, worker)
