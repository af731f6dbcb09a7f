"""The benchmark data generator (generate_bench_data)."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from bulletins.models import Article, ArticlePhoto, Category

pytestmark = pytest.mark.django_db


def test_generates_articles_in_batches_and_is_idempotent(client):
    call_command("generate_bench_data", articles=25, batch_size=7, photos=2)
    assert Article.objects.filter(slug__startswith="bench-").count() == 25
    assert ArticlePhoto.objects.filter(article__slug__startswith="bench-").count() == 5
    assert Category.objects.filter(slug__startswith="bench-").count() == 12
    assert default_storage.exists("bench/photo-0.jpg")
    assert default_storage.exists("bench/photo-1.jpg")

    call_command("generate_bench_data", articles=25, batch_size=7, photos=2)
    assert Article.objects.filter(slug__startswith="bench-").count() == 25
    assert ArticlePhoto.objects.count() == 5

    call_command("generate_bench_data", articles=30, batch_size=7, photos=2)
    assert Article.objects.filter(slug__startswith="bench-").count() == 30


def test_generated_article_is_a_readable_page_found_by_unaccented_search(client):
    call_command("generate_bench_data", articles=3, photos=1)
    article = Article.objects.published().filter(slug__startswith="bench-").first()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert "hoi nghi" in article.search_text
