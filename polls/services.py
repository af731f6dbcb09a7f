"""Writes for polls. A vote is one row plus one F() update, never read-modify-write."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Choice, Poll, Vote

RATE_WINDOW = timedelta(hours=1)


def votes_per_ip_per_hour():
    """How many votes one address may cast on one poll in an hour (a whole office)."""
    return getattr(settings, "POLLS_VOTES_PER_IP_PER_HOUR", 60)


class VoteRefused(Exception):
    """A vote that was not counted; ``message`` is shown to the visitor."""

    status = 400
    message = "Không thể ghi nhận bình chọn."

    def __init__(self, message=None):
        if message:
            self.message = message
        super().__init__(self.message)


class PollNotFound(VoteRefused):
    status = 404
    message = "Cuộc bình chọn không tồn tại hoặc đã bị gỡ bỏ."


class PollNotOpen(VoteRefused):
    status = 403
    message = "Cuộc bình chọn đã kết thúc, không nhận thêm bình chọn."


class PollNotStarted(PollNotOpen):
    message = "Cuộc bình chọn chưa bắt đầu."


class InvalidChoice(VoteRefused):
    status = 400
    message = "Phương án bạn chọn không thuộc câu hỏi này. Vui lòng chọn lại."


class AlreadyVoted(VoteRefused):
    status = 409
    message = "Bạn đã bình chọn cho câu hỏi này. Mỗi người chỉ được bình chọn một lần."


class TooManyVotes(VoteRefused):
    status = 429
    message = (
        "Địa chỉ mạng của bạn đã gửi quá nhiều bình chọn cho câu hỏi này. "
        "Vui lòng thử lại sau."
    )


def poll_vote(
    *, poll: Poll, choice_id: int, visitor_key: str, ip_hash: str, now=None
) -> Vote:
    """Count one vote of ``visitor_key`` for ``choice_id`` of ``poll``.

    Raises a ``VoteRefused`` subclass, with nothing stored, when the poll is gone,
    closed or not yet open, the choice belongs elsewhere, the visitor has voted,
    or the address has used up its hourly allowance.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # The poll row lock makes the checks below and the insert one step per poll
        # on PostgreSQL (SQLite takes its write lock at BEGIN IMMEDIATE).
        locked = Poll.objects.select_for_update().filter(pk=poll.pk).first()
        if locked is None or not locked.is_active:
            raise PollNotFound()
        if not locked.has_started(now):
            raise PollNotStarted()
        if not locked.is_open(now):
            raise PollNotOpen()
        if not Choice.objects.filter(poll=locked, pk=choice_id).exists():
            raise InvalidChoice()
        if Vote.objects.filter(poll=locked, visitor_key=visitor_key).exists():
            raise AlreadyVoted()
        recent = Vote.objects.filter(
            poll=locked, ip_hash=ip_hash, created_at__gt=now - RATE_WINDOW
        ).count()
        if recent >= votes_per_ip_per_hour():
            raise TooManyVotes()
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    poll=locked,
                    choice_id=choice_id,
                    visitor_key=visitor_key,
                    ip_hash=ip_hash,
                    created_at=now,
                )
        except IntegrityError:
            # The unique constraint is the last word on "one vote per visitor".
            raise AlreadyVoted() from None
        Choice.objects.filter(pk=choice_id).update(vote_count=F("vote_count") + 1)
    return vote
