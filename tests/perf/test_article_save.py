"""An editor's save never undoes page views counted while the form was open."""

import pytest
from django.db.models import F

from bulletins.models import Article, SlugRedirect
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_saving_a_stale_article_keeps_the_views_counted_meanwhile():
    article = make_article("Hội nghị Ban Chấp hành Đảng bộ tỉnh")
    Article.objects.filter(pk=article.pk).update(view_count=100)
    opened = Article.objects.get(pk=article.pk)  # the editor opens the article
    # Readers keep reading; the counter flushes their views with F() updates.
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 25)
    opened.title = "Hội nghị lần thứ 14 Ban Chấp hành Đảng bộ tỉnh"
    opened.lead = "Tóm tắt đã sửa."
    opened.save()

    saved = Article.objects.get(pk=article.pk)
    assert saved.view_count == 125
    assert saved.title == "Hội nghị lần thứ 14 Ban Chấp hành Đảng bộ tỉnh"
    assert saved.lead == "Tóm tắt đã sửa."
    assert "lan thu 14" in saved.search_text  # derived columns are still written
    assert saved.updated_at > article.updated_at


def test_a_slug_change_on_a_stale_instance_still_keeps_the_old_address(client):
    article = make_article("Tin cũ")
    opened = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 3)
    opened.slug = "tin-moi"
    opened.save()
    assert SlugRedirect.objects.get(old_slug=article.slug).article_id == article.pk
    assert Article.objects.get(pk=article.pk).view_count == 3
    response = client.get(f"/tin-tuc/{article.slug}/")
    assert response.status_code == 301 and response["Location"].endswith("/tin-moi/")


def test_a_new_article_and_explicit_update_fields_save_as_before():
    article = Article(title="Bài mới", category=make_article().category, view_count=5)
    article.save()
    assert Article.objects.get(pk=article.pk).view_count == 5  # imported count kept
    article.view_count = 9
    article.save(update_fields=["view_count"])
    assert Article.objects.get(pk=article.pk).view_count == 9


def test_saving_an_instance_loaded_with_deferred_fields_keeps_them():
    article = make_article("Tin có nội dung", body="<p>Nội dung đầy đủ.</p>")
    light = Article.objects.for_list().get(pk=article.pk)  # body deferred
    light.title = "Tin có nội dung (sửa)"
    light.save()
    saved = Article.objects.get(pk=article.pk)
    assert saved.title == "Tin có nội dung (sửa)"
    assert saved.body == "<p>Nội dung đầy đủ.</p>"
