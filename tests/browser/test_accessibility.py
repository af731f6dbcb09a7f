"""axe-core (WCAG 2.1 A/AA and best practices) on every public page type.

Each page is checked on a 1366x768 screen, on a 360x740 phone, and in accessibility
mode: no serious or critical violation is allowed, and the phone never scrolls
sideways.
"""

import pytest
from django.urls import reverse

from .support import VIEWPORTS, Contexts, axe_violations, horizontal_overflow

pytestmark = pytest.mark.browser


def first_url(queryset):
    obj = queryset.first()
    assert obj is not None, f"the demo content has no {queryset.model.__name__}"
    return obj.get_absolute_url()


def article_url():
    from bulletins.models import Article

    return first_url(Article.objects.published().filter(photos__isnull=False))


def category_url():
    from bulletins.models import Category

    return first_url(Category.objects.filter(articles__isnull=False).distinct())


def congress_url(name):
    """A page of the newest published congress (the one with the most content)."""

    def url():
        from congress.models import Congress

        congress = Congress.objects.published().order_by("-number").first()
        assert congress is not None, "the demo content has no congress"
        return reverse(f"congress:{name}", kwargs={"slug": congress.slug})

    return url


def photo_report_url():
    from congress.models import PhotoReport

    return first_url(
        PhotoReport.objects.published().filter(photos__isnull=False).distinct()
    )


def document_url():
    from congress.models import Document

    return first_url(Document.objects.published())


def document_feedback_url():
    from congress.models import Document

    document = Document.objects.open_for_comments().first()
    assert document is not None, "the demo content has no document open for comments"
    return reverse("congress:document_feedback", kwargs={"slug": document.slug})


def static_page_url(slug):
    def url():
        from bulletins.models import Page

        return first_url(Page.objects.published().filter(slug=slug))

    return url


def poll_results_url():
    from polls.models import Poll

    return first_url(Poll.objects.sidebar())


# Page type -> path, or a function returning one from the demo content.
PAGES = {
    "home": "/",
    "contact": "/lien-he/",
    "english": "/en/",
    "not-found": "/trang-khong-ton-tai/",
    "article-list": "/tin-tuc/",
    "category": category_url,
    "article": article_url,
    "congress-list": "/dai-hoi/",
    "congress": congress_url("detail"),
    "congress-news": congress_url("news"),
    "congress-documents": congress_url("documents"),
    "congress-people": congress_url("people"),
    "congress-photo-reports": congress_url("photo_reports"),
    "congress-photo-report": photo_report_url,
    "congress-video": congress_url("video"),
    "congress-audio": congress_url("audio"),
    "congress-feedback": congress_url("feedback"),
    "document-list": "/van-ban/",
    "document": document_url,
    "document-feedback": document_feedback_url,
    "search": "/tim-kiem/?q=dang+bo",
    "page": static_page_url("gioi-thieu"),
    "page-with-table": static_page_url("dang-bo-cap-tren-co-so"),
    "poll-archive": "/binh-chon/",
    "poll-results": poll_results_url,
}

# Both screens, and accessibility mode (125 % text, high contrast) on the phone,
# where the larger text is most likely to break the layout.
# Both screens, each also in accessibility mode (125 % text, high contrast).
MODES = ["desktop", "phone", "desktop-a11y", "phone-a11y"]


def resolve(page_type):
    target = PAGES[page_type]
    return target() if callable(target) else target


@pytest.fixture(scope="module")
def mode_pages(browser, server):
    """One reader's page per mode, reused for every page type of this module."""
    contexts = Contexts(browser, server)
    pages = {}
    for mode in MODES:
        viewport_name, _, a11y = mode.partition("-")
        context = contexts(VIEWPORTS[viewport_name])
        if a11y:
            context.add_cookies([{"name": "a11y", "value": "1", "url": server}])
        pages[mode] = context.new_page()
    yield contexts, pages
    contexts.close()


@pytest.mark.parametrize("page_type", list(PAGES))
def test_page_has_no_serious_axe_violations(mode_pages, page_type):
    contexts, pages = mode_pages
    path = resolve(page_type)
    failures = []
    for mode, page in pages.items():
        response = page.goto(path)
        assert response.status == (404 if page_type == "not-found" else 200)
        a11y = page.evaluate("document.documentElement.classList.contains('a11y')")
        assert a11y == mode.endswith("a11y")
        failures += [f"{mode}: {line}" for line in axe_violations(page)]
        if mode.startswith("phone"):
            overflow = horizontal_overflow(page)
            if overflow["excess"] > 0:
                failures.append(
                    f"{mode}: scrolls sideways by {overflow['excess']}px: "
                    f"{overflow['culprits']}"
                )
        failures += [f"{mode}: {problem}" for problem in contexts.take_problems()]
    assert not failures, f"{page_type} ({path}):\n" + "\n".join(failures)


def test_axe_check_reports_what_it_should(page):
    """The check is live: a photo without text alternative and an unlabelled field
    added to a real page are reported."""
    page.goto("/lien-he/")
    page.evaluate(
        """() => {
          const main = document.getElementById('noi-dung');
          const img = document.createElement('img');
          img.src = '/static/portal/site.css';
          main.appendChild(img);
          main.appendChild(document.createElement('input'));
        }"""
    )
    problems = "\n".join(axe_violations(page))
    assert "image-alt (critical)" in problems
    assert "label (critical)" in problems


@pytest.mark.parametrize("mode", ["desktop", "desktop-a11y"])
def test_every_tab_stop_on_the_home_page_shows_where_the_focus_is(
    new_context, server, mode
):
    context = new_context(VIEWPORTS["desktop"])
    if mode.endswith("a11y"):
        context.add_cookies([{"name": "a11y", "value": "1", "url": server}])
    page = context.new_page()
    page.goto("/")
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => {
              const el = document.activeElement;
              const style = getComputedStyle(el);
              const box = el.getBoundingClientRect();
              return {
                name: el.tagName + ' ' + (el.id || el.textContent.trim().slice(0, 40)),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                shadow: style.boxShadow !== 'none',
                onScreen: box.width > 0 && box.height > 0,
              };
            }"""
        )
        if focus["name"] in seen or focus["name"].startswith("BODY"):
            break
        seen.add(focus["name"])
        assert focus["outline"] or focus["shadow"], f"no visible focus on {focus}"
        assert focus["onScreen"], f"focus on something not shown: {focus}"
    assert len(seen) >= 10


def test_public_pages_refuse_inline_scripts(new_context):
    """The Content-Security-Policy is on: an injected inline script does not run,
    and the browser reports it (the check every other test relies on)."""
    page = new_context().new_page()
    page.goto("/")
    ran = page.evaluate(
        """() => {
          window.injected = false;
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.body.appendChild(script);
          return window.injected;
        }"""
    )
    assert ran is False
    page.wait_for_timeout(200)
    problems = new_context.take_problems()
    assert any("Content Security Policy" in problem for problem in problems), problems
