import re

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import article_views, counter_snapshot

MAX_ARTICLE_ID = 2**63 - 1
ARTICLE_ID_RE = re.compile(r"[0-9]{1,19}")


@never_cache
@require_GET
def counter_numbers(request):
    """Current numbers of the block (and of one article) for counter.js."""
    numbers = counter_snapshot()
    if numbers is None:
        return JsonResponse(
            {"error": "Số liệu tạm thời chưa có, xin thử lại sau."}, status=503
        )
    data = {"counter": {line: numbers[line] for line in numbers["shown"]}}
    raw_article = request.GET.get("a")
    if raw_article is not None:
        if not ARTICLE_ID_RE.fullmatch(raw_article) or not (
            0 < int(raw_article) <= MAX_ARTICLE_ID
        ):
            return JsonResponse({"error": "Mã bài viết không hợp lệ."}, status=400)
        views = article_views(int(raw_article))
        if views is not None:
            data["article"] = {"id": int(raw_article), "views": views}
    return JsonResponse(data)
