"""Two people acting on the same article at once: one step wins, one is refused."""

import threading

import pytest
from django.db import connection

from bulletins import services
from bulletins.models import Article, ArticleTransition
from tests.factories import make_article


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_heads_publishing_at_once_record_one_step(requires_postgres, roles):
    from django.contrib.auth.models import Group

    second_head = type(roles.head).objects.create_user(
        "nv-head-2", password="x", is_staff=True
    )
    second_head.groups.add(Group.objects.get(name="Trưởng Ban biên tập"))
    article = make_article("Tin đăng cùng lúc", status=Article.Status.APPROVED)
    barrier = threading.Barrier(2)
    outcomes = []

    def publish(user):
        try:
            barrier.wait()
            services.article_publish(
                article=Article.objects.get(pk=article.pk), actor=user
            )
            outcomes.append("ok")
        except services.TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=publish, args=(user,))
        for user in (roles.head, second_head)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused"]
    assert ArticleTransition.objects.filter(article=article).count() == 1
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
