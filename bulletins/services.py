"""Writes of the news area: keyword-only functions, each inside one transaction.

The newsroom workflow: every change of the status of an article or of a page goes
through here.

States: draft → awaiting review → approved → published (scheduled while its time
lies in the future) → withdrawn. Each service is keyword-only, runs in one
transaction with the row locked, checks the actor's permission (raising
PermissionDenied, which the admin turns into a 403) and records a transition
(``ArticleTransition``, ``PageTransition``): who, when, from, to and why.

Who may do what (``<action>_article`` permissions given to the groups by migration
0004; ``<action>_page`` by the roles in bulletins/apps.py):
- submit (draft → review): ``submit``; a reporter only for own articles.
- send back (review/approved/withdrawn → draft, with a comment): ``review``.
- approve (review → approved): ``review``.
- publish (any unpublished state → published, now or at a given time):
  ``publish``.
- unpublish (published → withdrawn): ``publish``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pagecache.invalidation import content_changed
from portal.refusals import Refused

from .models import Article, LibraryPhoto, Page

Status = Article.Status
# What the workflow moves: the models with status, published_at, created_by and
# a ``transitions`` relation.
WORKFLOW_MODELS = (Article, Page)


class TransitionError(Refused):
    """The row is not in a state this step can start from (or input is wrong)."""

    status = 409


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    action: str  # "submit", "review" or "publish": the permission's first word
    sources: frozenset
    target: str
    needs_comment: bool = False
    # What to say when the comment is missing (a reason to withdraw, what to fix).
    comment_missing: str = ""

    @property
    def permission(self):
        """The article's permission (``permission_for`` names any model's)."""
        return permission_for(Article, self.action)


def permission_for(model, action):
    """ "bulletins.review_article", "bulletins.publish_page"..."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


STEPS = {
    step.name: step
    for step in (
        Step(
            "submit",
            _("Submit for review"),
            "submit",
            frozenset({Status.DRAFT}),
            Status.REVIEW,
        ),
        Step(
            "send_back",
            _("Send back to the writer"),
            "review",
            frozenset({Status.REVIEW, Status.APPROVED, Status.WITHDRAWN}),
            Status.DRAFT,
            needs_comment=True,
            comment_missing=_("Write a comment saying what needs to change."),
        ),
        Step(
            "approve",
            _("Approve, pass to the head of the board"),
            "review",
            frozenset({Status.REVIEW}),
            Status.APPROVED,
        ),
        Step(
            "publish",
            _("Publish or schedule"),
            "publish",
            frozenset({Status.DRAFT, Status.REVIEW, Status.APPROVED, Status.WITHDRAWN}),
            Status.PUBLISHED,
        ),
        Step(
            "unpublish",
            _("Withdraw from the site"),
            "publish",
            frozenset({Status.PUBLISHED}),
            Status.WITHDRAWN,
            # Asked for on a confirmation page; the history shows it.
            needs_comment=True,
            comment_missing=_("Write the reason for withdrawing it from the site."),
        ),
    )
}


def can_act(user, step: Step, obj: Model) -> bool:
    """Whether ``user`` may take ``step`` on ``obj`` (permission and ownership)."""
    model = type(obj)
    if not (user.is_active and user.has_perm(permission_for(model, step.action))):
        return False
    if step.name == "submit" and not user.has_perm(permission_for(model, "review")):
        return obj.created_by_id == user.pk
    return True


def can_edit(user, obj: Model) -> bool:
    """Whether ``user`` may change the content of ``obj`` in its current state.

    Reporters edit only their own drafts; editors any row not yet published;
    the head of the board (``publish``) any row.
    """
    if not user.is_active:
        return False
    model = type(obj)
    if user.has_perm(permission_for(model, "publish")):
        return True
    if user.has_perm(permission_for(model, "review")):
        return obj.status in (Status.DRAFT, Status.REVIEW, Status.APPROVED)
    return obj.status == Status.DRAFT and obj.created_by_id == user.pk


def can_preview(user, obj: Model) -> bool:
    """Whether ``user`` may see ``obj`` (an article or a page) on the site before
    readers can: its writer, and the staff who may change it in its current state
    (``can_edit``). A reporter previews their own drafts, not their colleagues'."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return obj.created_by_id == user.pk or can_edit(user, obj)


def steps_for(obj: Model, user) -> list[Step]:
    """The steps ``user`` can take on ``obj`` now (for the admin buttons)."""
    return [
        step
        for step in STEPS.values()
        if obj.status in step.sources and can_act(user, step, obj)
    ]


def available_steps(*, article: Article, user) -> list[Step]:
    return steps_for(article, user)


def _move(
    *,
    step_name: str,
    obj: Model,
    actor,
    comment: str = "",
    published_at: datetime | None = None,
) -> Model:
    step = STEPS[step_name]
    model = type(obj)
    if not can_act(actor, step, obj):
        raise PermissionDenied(permission_for(model, step.action))
    comment = (comment or "").strip()
    if step.needs_comment and not comment:
        raise TransitionError(step.comment_missing)
    now = timezone.now()
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        # Ownership is checked again on the locked row.
        if not can_act(actor, step, locked):
            raise PermissionDenied(permission_for(model, step.action))
        if locked.status not in step.sources:
            raise TransitionError(
                _("It is “%(status)s”: this step cannot be taken now.")
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
        model.objects.filter(pk=locked.pk).update(**changes)
        # Cached pages are stale once this commits; leaving "published" takes
        # the row away from readers (no stale copy of its pages is served then).
        content_changed(
            locked.site_id,
            withdrawal=locked.status == Status.PUBLISHED
            and step.target != Status.PUBLISHED,
        )
        locked.transitions.create(
            from_state=locked.status,
            to_state=step.target,
            actor=actor,
            at=now,
            comment=comment,
        )
    for field, value in changes.items():
        setattr(obj, field, value)
    return obj


def workflow_step(
    *,
    obj: Model,
    step_name: str,
    actor,
    comment: str = "",
    published_at: datetime | None = None,
) -> Model:
    """Take the step ``step_name`` on an article or a page (the admin's buttons)."""
    if step_name not in STEPS:
        raise TransitionError(_("Unknown workflow step."))
    return _move(
        step_name=step_name,
        obj=obj,
        actor=actor,
        comment=comment,
        published_at=published_at if step_name == "publish" else None,
    )


def article_submit(*, article: Article, actor, comment: str = "") -> Article:
    return _move(step_name="submit", obj=article, actor=actor, comment=comment)


def article_send_back(*, article: Article, actor, comment: str) -> Article:
    return _move(step_name="send_back", obj=article, actor=actor, comment=comment)


def article_approve(*, article: Article, actor, comment: str = "") -> Article:
    return _move(step_name="approve", obj=article, actor=actor, comment=comment)


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
        obj=article,
        actor=actor,
        comment=comment,
        published_at=published_at,
    )


def article_unpublish(*, article: Article, actor, comment: str = "") -> Article:
    return _move(step_name="unpublish", obj=article, actor=actor, comment=comment)


def _bulk(*, step_name: str, queryset: QuerySet, actor, comment: str) -> int:
    return workflow_bulk(
        step_name=step_name, queryset=queryset, actor=actor, comment=comment
    )[0]


def workflow_bulk(
    *, step_name: str, queryset: QuerySet, actor, comment: str = ""
) -> tuple[int, int]:
    """Take one step on every selected row the actor may take it on (the bulk
    actions): each row is checked like one row (its state, and for a reporter's
    "submit" that the row is theirs). Returns (changed, skipped)."""
    step = STEPS[step_name]
    model = queryset.model
    permission = permission_for(model, step.action)
    if not (actor.is_active and actor.has_perm(permission)):
        raise PermissionDenied(permission)
    comment = (comment or "").strip()
    if step.needs_comment and not comment:
        raise TransitionError(step.comment_missing)
    now = timezone.now()
    transition_model = model.transitions.rel.related_model
    owner = model.transitions.field.name
    with transaction.atomic():
        selected = list(
            model.objects.select_for_update()
            .filter(pk__in=queryset.values("pk"))
            .only("pk", "status", "created_by_id")
        )
        rows = [
            row
            for row in selected
            if row.status in step.sources and can_act(actor, step, row)
        ]
        skipped = len(selected) - len(rows)
        if not rows:
            return 0, skipped
        pks = [row.pk for row in rows]
        changed = model.objects.filter(pk__in=pks)
        changed.update(status=step.target, updated_at=now)
        for site_id in set(changed.values_list("site_id", flat=True)):
            content_changed(site_id, withdrawal=step.target != Status.PUBLISHED)
        if step.target == Status.PUBLISHED:
            # As for one row: a future time stays (scheduled), a past one is now.
            changed.filter(published_at__lt=now).update(published_at=now)
        transition_model.objects.bulk_create(
            transition_model(
                **{f"{owner}_id": row.pk},
                from_state=row.status,
                to_state=step.target,
                actor=actor,
                at=now,
                comment=comment,
            )
            for row in rows
        )
    return len(rows), skipped


def articles_publish(*, queryset: QuerySet, actor, comment: str = "") -> int:
    """Publish the selected articles that are not published yet (bulk action)."""
    return _bulk(step_name="publish", queryset=queryset, actor=actor, comment=comment)


def articles_unpublish(*, queryset: QuerySet, actor, comment: str = "") -> int:
    """Withdraw the selected published articles (bulk action)."""
    return _bulk(step_name="unpublish", queryset=queryset, actor=actor, comment=comment)


def page_submit(*, page: Page, actor, comment: str = "") -> Page:
    return _move(step_name="submit", obj=page, actor=actor, comment=comment)


def page_approve(*, page: Page, actor, comment: str = "") -> Page:
    return _move(step_name="approve", obj=page, actor=actor, comment=comment)


def page_publish(
    *, page: Page, actor, published_at: datetime | None = None, comment: str = ""
) -> Page:
    """Publish a page now, or schedule it."""
    return _move(
        step_name="publish",
        obj=page,
        actor=actor,
        comment=comment,
        published_at=published_at,
    )


def pages_publish(*, queryset: QuerySet, actor, comment: str = "") -> int:
    """Publish the selected pages that are not published yet (bulk action)."""
    return _bulk(step_name="publish", queryset=queryset, actor=actor, comment=comment)


def pages_unpublish(*, queryset: QuerySet, actor, comment: str = "") -> int:
    """Withdraw the selected published pages (bulk action)."""
    return _bulk(step_name="unpublish", queryset=queryset, actor=actor, comment=comment)


@transaction.atomic
def articles_set_featured(*, queryset: QuerySet, featured: bool) -> int:
    return queryset.update(is_featured=featured, updated_at=timezone.now())


@transaction.atomic
def library_photo_from_article(*, article: Article, actor) -> LibraryPhoto | None:
    """A featured photo uploaded with an article joins the photo library (the same
    stored file, with the article's text alternative, caption and credit), so the
    next article can choose it instead of uploading it again."""
    if not article.featured_image:
        return None
    photo = LibraryPhoto.objects.filter(
        site_id=article.site_id, image=article.featured_image.name
    ).first()
    if photo is None:
        photo = LibraryPhoto.objects.create(
            site_id=article.site_id,
            image=article.featured_image.name,
            alt_text=article.featured_image_alt or article.title,
            caption=article.featured_image_caption,
            credit=article.featured_image_credit,
            uploaded_by=actor,
        )
    Article.objects.filter(pk=article.pk).update(library_photo=photo)
    article.library_photo = photo
    return photo
