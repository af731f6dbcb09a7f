"""Writes of the news area: keyword-only functions, each inside one transaction.

The newsroom workflow: every change of an article's status goes through here.

States: draft → awaiting review → approved → published (scheduled while its time
lies in the future) → withdrawn. Each service is keyword-only, runs in one
transaction with the article row locked, checks the actor's permission (raising
PermissionDenied, which the admin turns into a 403) and records an
ArticleTransition: who, when, from, to and why.

Who may do what (permissions given to the groups by migration 0004):
- submit (draft → review): ``submit_article``; a reporter only for own articles.
- send back (review/approved/withdrawn → draft, with a comment): ``review_article``.
- approve (review → approved): ``review_article``.
- publish (any unpublished state → published, now or at a given time):
  ``publish_article``.
- unpublish (published → withdrawn): ``publish_article``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pagecache.invalidation import content_changed
from portal.refusals import Refused

from .models import Article, ArticleTransition

Status = Article.Status


class TransitionError(Refused):
    """The article is not in a state this step can start from (or input is wrong)."""

    status = 409


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    permission: str
    sources: frozenset
    target: str
    needs_comment: bool = False


STEPS = {
    step.name: step
    for step in (
        Step(
            "submit",
            _("Submit for review"),
            "bulletins.submit_article",
            frozenset({Status.DRAFT}),
            Status.REVIEW,
        ),
        Step(
            "send_back",
            _("Send back to the writer"),
            "bulletins.review_article",
            frozenset({Status.REVIEW, Status.APPROVED, Status.WITHDRAWN}),
            Status.DRAFT,
            needs_comment=True,
        ),
        Step(
            "approve",
            _("Approve, pass to the head of the board"),
            "bulletins.review_article",
            frozenset({Status.REVIEW}),
            Status.APPROVED,
        ),
        Step(
            "publish",
            _("Publish or schedule"),
            "bulletins.publish_article",
            frozenset({Status.DRAFT, Status.REVIEW, Status.APPROVED, Status.WITHDRAWN}),
            Status.PUBLISHED,
        ),
        Step(
            "unpublish",
            _("Withdraw from the site"),
            "bulletins.publish_article",
            frozenset({Status.PUBLISHED}),
            Status.WITHDRAWN,
        ),
    )
}


def can_act(user, step: Step, article: Article) -> bool:
    """Whether ``user`` may take ``step`` on ``article`` (permission and ownership)."""
    if not (user.is_active and user.has_perm(step.permission)):
        return False
    if step.name == "submit" and not user.has_perm("bulletins.review_article"):
        return article.created_by_id == user.pk
    return True


def can_edit(user, article: Article) -> bool:
    """Whether ``user`` may change the article's content in its current state.

    Reporters edit only their own drafts; editors any article not yet published;
    the head of the board (``publish_article``) any article.
    """
    if not user.is_active:
        return False
    if user.has_perm("bulletins.publish_article"):
        return True
    if user.has_perm("bulletins.review_article"):
        return article.status in (Status.DRAFT, Status.REVIEW, Status.APPROVED)
    return article.status == Status.DRAFT and article.created_by_id == user.pk


def can_preview(user, article: Article) -> bool:
    """Whether ``user`` may see ``article`` on the site before readers can: its
    writer, and the staff who may change it in its current state (``can_edit``).
    A reporter previews their own articles, not their colleagues' drafts."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return article.created_by_id == user.pk or can_edit(user, article)


def available_steps(*, article: Article, user) -> list[Step]:
    """The steps ``user`` can take on ``article`` now (for the admin buttons)."""
    return [
        step
        for step in STEPS.values()
        if article.status in step.sources and can_act(user, step, article)
    ]


def _move(
    *,
    step_name: str,
    article: Article,
    actor,
    comment: str = "",
    published_at: datetime | None = None,
) -> Article:
    step = STEPS[step_name]
    if not can_act(actor, step, article):
        raise PermissionDenied(step.permission)
    comment = (comment or "").strip()
    if step.needs_comment and not comment:
        raise TransitionError(_("Write a comment saying what needs to change."))
    now = timezone.now()
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        # Ownership is checked again on the locked row.
        if not can_act(actor, step, locked):
            raise PermissionDenied(step.permission)
        if locked.status not in step.sources:
            raise TransitionError(
                _("The article is “%(status)s”: this step cannot be taken now.")
                % {"status": locked.get_status_display()}
            )
        changes = {"status": step.target, "updated_at": now}
        if step.target == Status.PUBLISHED:
            # An explicit time schedules (future) or back-dates; without one a
            # future time already set is kept (scheduled), a past one becomes now.
            if published_at is not None:
                changes["published_at"] = published_at
            elif locked.published_at is None or locked.published_at < now:
                changes["published_at"] = now
        Article.objects.filter(pk=locked.pk).update(**changes)
        content_changed()  # cached pages are stale once this commits
        ArticleTransition.objects.create(
            article=locked,
            from_state=locked.status,
            to_state=step.target,
            actor=actor,
            at=now,
            comment=comment,
        )
    for field, value in changes.items():
        setattr(article, field, value)
    return article


def article_submit(*, article: Article, actor, comment: str = "") -> Article:
    return _move(step_name="submit", article=article, actor=actor, comment=comment)


def article_send_back(*, article: Article, actor, comment: str) -> Article:
    return _move(step_name="send_back", article=article, actor=actor, comment=comment)


def article_approve(*, article: Article, actor, comment: str = "") -> Article:
    return _move(step_name="approve", article=article, actor=actor, comment=comment)


def article_publish(
    *,
    article: Article,
    actor,
    published_at: datetime | None = None,
    comment: str = "",
) -> Article:
    """Publish now, or schedule: a future ``published_at`` appears by itself."""
    return _move(
        step_name="publish",
        article=article,
        actor=actor,
        comment=comment,
        published_at=published_at,
    )


def article_unpublish(*, article: Article, actor, comment: str = "") -> Article:
    return _move(step_name="unpublish", article=article, actor=actor, comment=comment)


def _bulk(*, step_name: str, queryset: QuerySet, actor, comment: str) -> int:
    step = STEPS[step_name]
    if not (actor.is_active and actor.has_perm(step.permission)):
        raise PermissionDenied(step.permission)
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Article.objects.select_for_update()
            .filter(pk__in=queryset.values("pk"), status__in=step.sources)
            .values_list("pk", "status", "published_at")
        )
        if not rows:
            return 0
        pks = [pk for pk, _status, _at in rows]
        changed = Article.objects.filter(pk__in=pks)
        changed.update(status=step.target, updated_at=now)
        content_changed()
        if step.target == Status.PUBLISHED:
            # As for one article: a future time stays (scheduled), a past one is now.
            changed.filter(published_at__lt=now).update(published_at=now)
        ArticleTransition.objects.bulk_create(
            ArticleTransition(
                article_id=pk,
                from_state=status,
                to_state=step.target,
                actor=actor,
                at=now,
                comment=comment,
            )
            for pk, status, _at in rows
        )
    return len(rows)


def articles_publish(*, queryset: QuerySet, actor, comment: str = "") -> int:
    """Publish the selected articles that are not published yet (bulk action)."""
    return _bulk(step_name="publish", queryset=queryset, actor=actor, comment=comment)


def articles_unpublish(*, queryset: QuerySet, actor, comment: str = "") -> int:
    """Withdraw the selected published articles (bulk action)."""
    return _bulk(step_name="unpublish", queryset=queryset, actor=actor, comment=comment)


@transaction.atomic
def articles_set_featured(*, queryset: QuerySet, featured: bool) -> int:
    return queryset.update(is_featured=featured, updated_at=timezone.now())
