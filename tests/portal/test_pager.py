from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory


def render_pager(path, number):
    page = Paginator(list(range(50)), 10).page(number)
    request = RequestFactory().get(path)
    template = Template("{% load portal_tags %}{% vn_pager page_obj %}")
    return template.render(Context({"page_obj": page, "request": request}))


def test_pager_keeps_the_filters_and_replaces_the_page():
    html = render_pager("/van-ban/?loai=nghi-quyet&nam=2025&trang=2", 2)
    assert 'href="?loai=nghi-quyet&amp;nam=2025&amp;trang=3" rel="next"' in html
    assert 'href="?loai=nghi-quyet&amp;nam=2025&amp;trang=1" rel="prev"' in html
    assert "trang=2&amp;" not in html
    assert "Trang 2/5" in html


def test_pager_without_other_parameters():
    html = render_pager("/tin-tuc/", 1)
    assert 'href="?trang=2" rel="next"' in html
    assert 'rel="prev"' not in html
