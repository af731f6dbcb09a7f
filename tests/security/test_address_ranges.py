"""Per-address rules against address ranges: ten addresses of one IPv6 /64 are one
client for the vote limit, the feedback limit, the login lockout, the counter's
rate limit and its cap on new visitors (portal.net.address_key); an
IPv4-mapped IPv6 address is its IPv4 address."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.utils import timezone

from analytics import store
from analytics.models import DailyStat
from congress.forms import feedback_form_token
from congress.models import Feedback
from polls.models import Choice, Poll, Vote
from polls.tokens import make_form_token
from portal import net, roles
from tests.factories import make_open_draft, make_staff

pytestmark = pytest.mark.django_db

HOUSEHOLD = [f"2001:db8:7:42:{n:x}::{n + 1:x}" for n in range(10)]
NEIGHBOUR = "2001:db8:7:43::1"
BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Safari/537.36"
)
rf = RequestFactory()


def key(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return net.address_key(rf.get("/", **extra))


def test_the_household_is_ten_different_addresses_of_one_64():
    assert len(set(HOUSEHOLD)) == 10
    assert {key(address) for address in HOUSEHOLD} == {"2001:db8:7:42::/64"}
    assert key(NEIGHBOUR) == "2001:db8:7:43::/64"


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("::ffff:c000:207", "192.0.2.7"),
        ("2001:DB8::1", "2001:db8::/64"),
        ("2001:db8:0:0:ffff:ffff:ffff:ffff", "2001:db8::/64"),
        ("fe80::1", "fe80::/64"),
        ("::1", "::/64"),
        ("not-an-address", "0.0.0.0"),
        ("", "0.0.0.0"),
    ],
)
def test_address_keys(remote, expected):
    assert key(remote) == expected


def test_the_prefix_length_is_a_setting(settings):
    settings.IPV6_PREFIX_LENGTH = 48
    assert key("2001:db8:7:42::1") == key("2001:db8:7:ffff::1") == "2001:db8:7::/48"
    settings.IPV6_PREFIX_LENGTH = 128
    assert key("2001:db8:7:42::1") != key("2001:db8:7:42::2")


def test_behind_a_trusted_proxy_the_forwarded_address_is_grouped(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    keys = {key("10.0.0.2", f"6.6.6.6, {address}") for address in HOUSEHOLD}
    assert keys == {"2001:db8:7:42::/64"}


def test_hashes_follow_the_key():
    first, second = (
        net.ip_hash(rf.get("/", REMOTE_ADDR=a), purpose="x") for a in HOUSEHOLD[:2]
    )
    assert first == second
    mapped = net.ip_hash(rf.get("/", REMOTE_ADDR="::ffff:192.0.2.7"), purpose="x")
    assert mapped == net.ip_hash(rf.get("/", REMOTE_ADDR="192.0.2.7"), purpose="x")


# --- the rules, through real requests --------------------------------------------


@pytest.fixture
def poll(db):
    poll = Poll.objects.create(
        question="Bạn thấy giao diện thế nào?",
        opens_at=timezone.now() - timedelta(days=1),
    )
    Choice.objects.create(poll=poll, text="Đẹp", order=1)
    return poll


def vote(poll, remote):
    return Client().post(  # a new browser (no cookie) every time
        f"/binh-chon/{poll.slug}/gui/",
        {"choice": poll.choices.get().pk, "token": make_form_token(poll), "next": "/"},
        HTTP_ORIGIN="http://testserver",
        HTTP_ACCEPT="application/json",
        REMOTE_ADDR=remote,
    )


def test_one_64_shares_the_vote_limit(settings, poll):
    settings.POLLS_VOTES_PER_IP_PER_HOUR = 3
    statuses = [vote(poll, address).status_code for address in HOUSEHOLD]
    assert statuses == [200] * 3 + [429] * 7
    assert Vote.objects.filter(poll=poll).count() == 3
    # The neighbouring /64 is another household.
    assert vote(poll, NEIGHBOUR).status_code == 200


def test_mapped_and_plain_ipv4_share_the_vote_limit(settings, poll):
    settings.POLLS_VOTES_PER_IP_PER_HOUR = 1
    assert vote(poll, "192.0.2.7").status_code == 200
    assert vote(poll, "::ffff:192.0.2.7").status_code == 429


def test_one_64_shares_the_feedback_limit(db):
    document = make_open_draft(title="Dự thảo báo cáo")
    statuses = []
    for n, address in enumerate(HOUSEHOLD):
        response = Client().post(
            f"/van-ban/{document.slug}/gop-y/",
            {
                "name": f"Người góp ý {n}",
                "email": f"nguoi{n}@example.vn",
                "phone": "",
                "section": "",
                "content": "Đề nghị bổ sung nội dung về chuyển đổi số.",
                "website": "",
                "token": feedback_form_token(document, issued_at=time.time() - 60),
            },
            REMOTE_ADDR=address,
        )
        statuses.append(response.status_code)
    assert statuses == [302] * 5 + [429] * 5
    assert Feedback.objects.filter(document=document).count() == 5


def login(client, password, remote):
    return client.post(
        "/quan-tri/login/",
        {"username": "nv-bientap", "password": password, "next": "/quan-tri/"},
        REMOTE_ADDR=remote,
    )


def test_one_64_shares_the_login_lockout(client, newsroom_groups):
    user = make_staff("nv-bientap")
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    statuses = [
        login(client, "sai-mat-khau", address).status_code for address in HOUSEHOLD
    ]
    # Five failures lock the pair (user, household); the rest never get to try.
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}
    assert login(client, "mat-khau-thu", "2001:db8:7:42:ffff::9").status_code == 429
    assert login(client, "mat-khau-thu", NEIGHBOUR).status_code == 302


@pytest.fixture
def counting(settings):
    settings.ANALYTICS_ENABLED = True
    settings.ANALYTICS_REDIS_URL = ""
    settings.ANALYTICS_ASYNC = False
    store.reset()
    yield settings
    store.reset()


def totals():
    views = sum(DailyStat.objects.values_list("views", flat=True))
    visits = sum(DailyStat.objects.values_list("visits", flat=True))
    return views, visits


@pytest.mark.usefixtures("one_rate_window")
def test_one_64_shares_the_counters_rate_limit(counting):
    counting.ANALYTICS_RATE_LIMIT = 4
    for address in HOUSEHOLD:
        assert (
            Client()
            .get("/lien-he/", HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR=address)
            .status_code
            == 200
        )
    assert totals() == (4, 4)


@pytest.mark.usefixtures("one_rate_window")
def test_one_64_shares_the_new_visitor_cap(counting):
    counting.ANALYTICS_NEW_VISITORS_PER_HOUR = 3
    for address in HOUSEHOLD:
        Client().get("/lien-he/", HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR=address)
    # Three new visitors, then the household's one visitor for this browser.
    assert totals() == (10, 4)
