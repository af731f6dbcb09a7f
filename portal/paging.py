"""One way of paging every public list: ``?trang=N``, and a 404 for a bad N.

``PAGE_PARAM`` is the only place the parameter's name is written. Function views
call ``paginate()``; class-based list views use ``PagedListMixin``; the
``vn_pager`` template tag builds the links and keeps the page's other parameters
(search words, register filters).
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404

PAGE_PARAM = "trang"


def paginate(request, object_list, per_page):
    """The requested page of ``object_list``; a number that is not a page -> 404."""
    paginator = Paginator(object_list, per_page)
    try:
        return paginator.page(request.GET.get(PAGE_PARAM) or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404("Trang không tồn tại.") from None


class PagedListMixin:
    """For ``ListView``s: the page size and the page parameter of the site."""

    paginate_by = 15
    page_kwarg = PAGE_PARAM
    allow_empty = True
