"""Demo polls, written for this project; idempotent (keyed on slugs).

The sidebar poll "Bạn thấy giao diện website như thế nào?" with some votes, and
one closed poll for the archive. Votes are cast through services.poll_vote with
fixed demo visitor keys, so a second run finds them already cast.
"""

from datetime import timedelta

from django.utils import timezone

from portal.net import keyed_hash

from .models import Choice, Poll
from .services import AlreadyVoted, poll_vote

POLLS = [
    {
        "slug": "giao-dien-website",
        "question": "Bạn thấy giao diện website như thế nào?",
        "choices": ["Đẹp", "Bình thường", "Xấu"],
        "votes": [14, 9, 2],
        "opens_days_ago": 30,
        "closes_days_ago": None,
        "show_in_sidebar": True,
    },
    {
        "slug": "chuyen-muc-muon-doc-them",
        "question": "Bạn muốn trang tin của Đảng bộ có thêm chuyên mục nào?",
        "choices": [
            "Hỏi đáp về công tác đảng viên",
            "Gương người tốt, việc tốt",
            "Tư liệu lịch sử Đảng bộ",
        ],
        "votes": [6, 11, 8],
        "opens_days_ago": 120,
        "closes_days_ago": 60,
        "show_in_sidebar": False,
    },
]


def seed(stdout=None):
    now = timezone.now()
    for spec in POLLS:
        opens_at = now - timedelta(days=spec["opens_days_ago"])
        poll, created = Poll.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "question": spec["question"],
                "opens_at": opens_at,
                "show_in_sidebar": spec["show_in_sidebar"],
            },
        )
        choices = []
        for order, text in enumerate(spec["choices"], start=1):
            choice, _ = Choice.objects.get_or_create(
                poll=poll, text=text, defaults={"order": order}
            )
            choices.append(choice)
        # Votes are cast while the poll is open; the closing time is set after.
        vote_time = poll.opens_at + timedelta(days=1)
        for choice_index, (choice, count) in enumerate(
            zip(choices, spec["votes"], strict=True)
        ):
            for n in range(count):
                try:
                    poll_vote(
                        poll=poll,
                        choice_id=choice.pk,
                        visitor_key=keyed_hash(
                            "demo", poll.pk, choice_index, n, purpose="polls.visitor"
                        ),
                        ip_hash=keyed_hash(
                            "demo", choice_index, n, purpose="polls.vote"
                        ),
                        now=vote_time,
                    )
                except AlreadyVoted:
                    pass
        if spec["closes_days_ago"] is not None and poll.closes_at is None:
            poll.closes_at = now - timedelta(days=spec["closes_days_ago"])
            poll.save(update_fields=["closes_at", "updated_at"])
        if stdout is not None and created:
            stdout.write(f"Poll: {poll.question}\n")
