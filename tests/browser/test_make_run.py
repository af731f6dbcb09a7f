"""`make run` on a fresh checkout shows a complete site, within its page budgets.

The steps of the Makefile's ``run`` target are read from the Makefile and run as
they are (this interpreter in place of the virtual environment's), with the
settings ``make run`` uses: no ``DJANGO_`` variable but where the files go (a
fresh ``var/`` and ``staticfiles/`` in a temporary folder). Then a reader's
Chromium opens the home page and an article on a phone and on a desktop:

- every image answers 200 and is drawn (demo photos, renditions, logo, banner);
- the page weight stays within the budgets of docs/page-weight.md, counted with
  Chromium's own figures of what went over the wire (headers and compressed
  bodies), after scrolling to the bottom so that lazy photos load too;
- no photo is fetched much larger than the box it is shown in.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .support import DESKTOP, PHONE, Contexts

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

# docs/page-weight.md: what a first visit may cost (KB: 1024 bytes).
BUDGETS = {
    "home": {"kb": 150, "requests": 14},
    "article": {"kb": 175, "requests": 15},
}
# A photo may be up to this much wider than its box (times the pixel density):
# the next rendition up is taken when the box falls between two.
LARGEST_RATIO = 1.6


def makefile_steps(target):
    """The recipe lines of ``target`` in the Makefile, ``@echo`` lines left out."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    steps = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        step = line.strip()
        if not step.startswith("@"):
            steps.append(step)
    return steps


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    """The site as `make run` serves it; yields its address."""
    var = tmp_path_factory.mktemp("make-run")
    port = free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_")
        and name not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"}
    }
    env.update(DJANGO_VAR_DIR=str(var / "var"), DJANGO_STATIC_ROOT=str(var / "static"))
    steps = [
        step.replace("$(PY)", sys.executable)
        .replace("$(HOST)", "127.0.0.1")
        .replace("$(PORT)", str(port))
        for step in makefile_steps("run")
    ]
    assert steps[-1].split()[-2] == "runserver", steps
    for step in steps[:-1]:
        done = subprocess.run(
            step.split(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
    log = (var / "runserver.log").open("w")
    # --noreload: one process, ended with the test (the reloader forks a child).
    server = subprocess.Popen(
        [*steps[-1].split(), "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://localhost:{port}"
    try:
        for _attempt in range(120):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail((var / "runserver.log").read_text())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture
def reader(browser, make_run):
    contexts = Contexts(browser, make_run)
    yield contexts
    contexts.close()
    problems = contexts.take_problems()
    assert not problems, "\n".join(problems)


def visit(page, path):
    """Open ``path``, scroll to the bottom (lazy photos load), return the finished
    requests."""
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(path, wait_until="networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 800, 400):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(40)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => [...document.images].every(img => img.complete)", timeout=10_000
    )
    return finished


def first_article_path(page):
    href = page.locator("main a[href^='/tin-tuc/']").first.get_attribute("href")
    assert re.fullmatch(r"/tin-tuc/[\w-]+/", href), href
    return href


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_make_run_shows_every_photo(reader, viewport):
    page = reader(viewport).new_page()
    statuses = {}
    page.on(
        "response",
        lambda response: (
            response.request.resource_type == "image"
            and statuses.setdefault(response.url, response.status)
        ),
    )
    visit(page, "/")
    paths = ["/", first_article_path(page)]
    visit(page, paths[1])
    assert statuses and all(code == 200 for code in statuses.values()), statuses
    assert any("/media/renditions/" in url for url in statuses)
    for path in paths:
        visit(page, path)
        broken = page.evaluate(
            "() => [...document.images].filter(img => !img.naturalWidth)"
            ".map(img => img.currentSrc || img.src)"
        )
        assert broken == [], f"{path}: {broken}"
        assert page.locator("img").count() >= 3, path


def weight(finished):
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
    return total


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_home_and_article_stay_within_their_budgets(reader, viewport):
    page = reader(viewport).new_page()
    page.goto("/")
    pages = {"home": "/", "article": first_article_path(page)}
    measured = {}
    for name, path in pages.items():
        context = reader(viewport)  # a first visit: nothing in the browser's cache
        finished = visit(context.new_page(), path)
        kinds = [request.resource_type for request in finished]
        measured[name] = (round(weight(finished) / 1024, 1), len(finished))
        assert kinds.count("stylesheet") == 1 and kinds.count("script") == 1, kinds
        document = next(r for r in finished if r.resource_type == "document")
        assert document.response().headers.get("content-encoding") == "gzip"
    print(f"page weight ({viewport['width']} px): {measured}")
    for name, (kb, requests) in measured.items():
        budget = BUDGETS[name]
        assert kb <= budget["kb"], f"{name}: {kb} KB > {budget['kb']} KB"
        assert requests <= budget["requests"], (
            f"{name}: {requests} requests > {budget['requests']}"
        )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_photo_is_fetched_much_larger_than_its_box(reader, viewport):
    page = reader(viewport).new_page()
    page.goto("/")
    paths = ["/", first_article_path(page), "/dai-hoi/dai-hoi-xv-nhiem-ky-2025-2030/"]
    for path in paths:
        visit(page, path)
        oversized = page.evaluate(
            """(ratio) => [...document.images]
                .filter(img => img.naturalWidth && img.getBoundingClientRect().width)
                .map(img => ({
                    src: img.currentSrc || img.src,
                    natural: img.naturalWidth,
                    box: img.getBoundingClientRect().width * devicePixelRatio,
                }))
                .filter(img => img.natural > img.box * ratio + 2)""",
            LARGEST_RATIO,
        )
        assert oversized == [], f"{path}: {oversized}"
