"""``/tim-kiem/?q=...&trang=N``: the search page."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.paging import paginate

from .query import MAX_RESULTS, parse_query, search_rows
from .results import build_results

SEARCH_PAGE_SIZE = 10


@require_safe
def search(request):
    """Everything the apps declare searchable, best matches first."""
    parsed = parse_query(request.GET.get("q", ""))
    context = {
        "query": parsed,
        "page_obj": None,
        "results": [],
        "paginator": None,
        "capped": False,
    }
    if not parsed.is_empty:
        rows = search_rows(parsed)
        page = paginate(request, rows, SEARCH_PAGE_SIZE)
        context.update(
            capped=len(rows) >= MAX_RESULTS,
            page_obj=page,
            paginator=page.paginator,
            results=build_results(page.object_list, parsed.terms),
        )
    return render(request, "search/search.html", context)
