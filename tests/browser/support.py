"""Helpers shared by the browser tests: viewports, axe-core, screenshots."""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from PIL import Image

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No request may leave the machine (no CDN, fonts or trackers): every host
    # but the live server's fails to resolve. The tests also report any attempt.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

SCREENSHOT_DIR = Path(
    os.environ.get("SCREENSHOT_DIR", settings.BASE_DIR / "docs" / "screenshots")
)
# Screenshots show the top of the page: enough to see the layout, small files.
SCREENSHOT_MAX_HEIGHT = {"phone": 1480, "desktop": 1100}

# axe-core ships inside axe-playwright-python (axe.min.js); nothing is fetched.
AXE = Axe()
AXE_BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page):
    """Serious and critical axe-core violations on the page, as readable lines."""
    results = AXE.run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in AXE_BLOCKING_IMPACTS:
            continue
        targets = "; ".join(
            f"{' '.join(map(str, node['target']))} {node['html'][:120]}"
            for node in violation["nodes"][:4]
        )
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} nodes] {targets}"
        )
    return lines


def assert_accessible(page, label):
    """Fail with the list of serious/critical axe-core violations, if any."""
    problems = axe_violations(page)
    assert not problems, f"axe-core on {label}:\n" + "\n".join(problems)


def horizontal_overflow(page):
    """How far the page is wider than the viewport, and the elements sticking out."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          const width = root.clientWidth;
          const culprits = [];
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 1 && culprits.length < 5) {
              culprits.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(box.right));
            }
          }
          return {excess: root.scrollWidth - width, culprits};
        }"""
    )


def assert_no_horizontal_scroll(page, label):
    overflow = horizontal_overflow(page)
    assert overflow["excess"] <= 0, (
        f"{label} scrolls sideways by {overflow['excess']}px: {overflow['culprits']}"
    )


def save_screenshot(page, name, viewport_name, element=None):
    """Save the top of the page (or one element) as
    docs/screenshots/<name>-<viewport>.png, in 256 colours to keep files small."""
    if element is not None:
        png = element.screenshot(animations="disabled", caret="hide")
    else:
        width = page.viewport_size["width"]
        height = page.evaluate("document.documentElement.scrollHeight")
        height = min(height, SCREENSHOT_MAX_HEIGHT[viewport_name])
        png = page.screenshot(
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": height},
            animations="disabled",
            caret="hide",
        )
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}-{viewport_name}.png"
    image.save(path, optimize=True)
    return path


def main_menu(page):
    """The main menu, opened with its "Trình đơn" button where it has one (phones
    and touch screens)."""
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    toggle = menu.get_by_role("checkbox", name="Trình đơn")
    if toggle.is_visible() and not toggle.is_checked():
        toggle.check()
    return menu


def font_size(page, selector):
    return page.eval_on_selector(
        selector, "el => parseFloat(getComputedStyle(el).fontSize)"
    )


class Contexts:
    """Makes browser contexts (one per visitor) and records every problem seen in
    their pages: JavaScript errors, console errors (CSP violations among them),
    sub-resources answered with 4xx/5xx, requests to other hosts."""

    def __init__(self, browser, server):
        self.browser = browser
        self.server = server
        self.origin = urlsplit(server).netloc
        self.contexts = []
        self.problems = []
        # Hosts whose requests a test answers itself (``stub``): they never leave.
        self.stubbed_hosts = set()
        # Readers' browsers, not "HeadlessChrome" (which the visitor counter
        # rightly ignores as a robot).
        major = browser.version.split(".")[0]
        self.user_agents = {
            False: f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            f"(KHTML, like Gecko) Chrome/{major}.0.0.0 Safari/537.36",
            True: f"Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 "
            f"(KHTML, like Gecko) Chrome/{major}.0.0.0 Mobile Safari/537.36",
        }

    def __call__(self, viewport=DESKTOP, **options):
        mobile = viewport == PHONE
        options.setdefault("user_agent", self.user_agents[mobile])
        context = self.browser.new_context(
            base_url=self.server,
            viewport=viewport,
            is_mobile=mobile,
            has_touch=mobile,
            device_scale_factor=1,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            **options,
        )
        context.set_default_timeout(10_000)
        context.on("page", self.watch)
        self.contexts.append(context)
        return context

    def watch(self, page):
        problems = self.problems

        def on_console(message):
            if (
                message.type == "error"
                and "Failed to load resource" not in message.text
            ):
                problems.append(f"console error on {page.url}: {message.text}")

        def on_response(response):
            if response.request.resource_type != "document" and response.status >= 400:
                problems.append(f"{response.status} for {response.url} on {page.url}")

        def on_request(request):
            url = urlsplit(request.url)
            if url.scheme in {"http", "https", "ws", "wss"} and (
                url.netloc != self.origin and url.netloc not in self.stubbed_hosts
            ):
                problems.append(
                    f"request leaving the site: {request.url} on {page.url}"
                )

        page.on("request", on_request)
        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
        page.on("response", on_response)

    def stub(self, context, origin, body):
        """Answer every request to ``origin`` in ``context`` with ``body`` (HTML),
        so a test can show a page that frames another site without the request
        leaving the machine."""
        self.stubbed_hosts.add(urlsplit(origin).netloc)
        context.route(
            f"{origin}/**",
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=body
            ),
        )

    def take_problems(self):
        found, self.problems[:] = list(self.problems), []
        return found

    def close(self):
        for context in self.contexts:
            context.close()
        self.contexts.clear()
