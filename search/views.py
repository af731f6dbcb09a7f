"""``/tim-kiem/?q=...&trang=N``: the search page.

Each committee's site searches its own content; ``&tat-ca=1`` searches every
site of the installation, each result linked on its own site and named with it.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.current_site import activate, get_current_site
from portal.paging import paginate
from portal.site_models import Site

from .query import MAX_RESULTS, parse_query, search_rows
from .results import build_results

SEARCH_PAGE_SIZE = 10
ALL_SITES = "tat-ca"


@require_safe
def search(request):
    """Everything the apps declare searchable, best matches first."""
    parsed = parse_query(request.GET.get("q", ""))
    sites = {site.pk: site for site in Site.objects.cached()}
    everywhere = request.GET.get(ALL_SITES) == "1" and len(sites) > 1
    context = {
        "many_sites": len(sites) > 1,
        "everywhere": everywhere,
        "query": parsed,
        "page_obj": None,
        "results": [],
        "paginator": None,
        "capped": False,
    }
    if not parsed.is_empty:
        here = get_current_site()
        if everywhere:
            with activate(None):
                rows = search_rows(parsed)
        else:
            rows = search_rows(parsed)
        page = paginate(request, rows, SEARCH_PAGE_SIZE)
        results = build_results(page.object_list, parsed.terms)
        for result in results:
            site = sites.get(getattr(result.object, "site_id", None))
            if site is not None and site != here:
                result.url = site.url_for(result.url)
                result.section = " · ".join(filter(None, [site.name, result.section]))
        context.update(
            capped=len(rows) >= MAX_RESULTS,
            page_obj=page,
            paginator=page.paginator,
            results=results,
        )
    return render(request, "search/search.html", context)
