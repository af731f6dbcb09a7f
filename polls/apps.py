from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    verbose_name = _("Polls")

    def ready(self):
        from portal import registry, roles
        from portal.pagecache.keys import one_of, page_number
        from portal.paging import PAGE_PARAM

        from . import views
        from .models import Choice, Poll, PollResult

        registry.stylesheet("polls/polls.css")
        registry.script("polls/poll.js")

        registry.page_content(Poll, schedule=("opens_at", "closes_at"))
        registry.page_content(Choice, counters=Choice.COUNTER_FIELDS)
        registry.page_content(PollResult, counters=Choice.COUNTER_FIELDS)
        # Every page's sidebar shows the results after a vote without JavaScript;
        # the nonce that keeps browsers from reusing that page is not a key.
        registry.page_query(
            params={
                views.RESULT_PARAM: one_of(views.RESULT_SHOWN, views.RESULT_ALREADY)
            }
        )
        registry.page_query("polls:archive", params={PAGE_PARAM: page_number})
        registry.page_query("polls:results")
        roles.grant(roles.HEAD, "polls.view_pollresult", "polls.export_pollresult")
        roles.grant(
            roles.ADMINISTRATOR,
            *roles.crud("polls", "poll"),
            *roles.crud("polls", "choice"),
            "polls.view_pollresult",
            "polls.export_pollresult",
        )

    def seed_demo(self, stdout):
        from . import demo

        demo.seed(stdout=stdout)
