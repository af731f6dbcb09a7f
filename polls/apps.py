from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    verbose_name = _("Polls")

    def ready(self):
        from portal import registry, roles

        from .models import Choice, Poll, PollResult

        registry.stylesheet("polls/polls.css")
        registry.script("polls/poll.js")

        registry.page_content(Poll, schedule=("opens_at", "closes_at"))
        registry.page_content(Choice, counters=Choice.COUNTER_FIELDS)
        registry.page_content(PollResult, counters=Choice.COUNTER_FIELDS)
        roles.grant(roles.HEAD, "polls.view_pollresult")
        roles.grant(
            roles.ADMINISTRATOR,
            *roles.crud("polls", "poll"),
            *roles.crud("polls", "choice"),
            "polls.view_pollresult",
        )

    def seed_demo(self, stdout):
        from . import demo

        demo.seed(stdout=stdout)
