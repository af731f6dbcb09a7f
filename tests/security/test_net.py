"""The client address used for rate limits and login lockout."""

import pytest
from django.test import RequestFactory

from portal.net import client_ip, ip_hash

rf = RequestFactory()


def request(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="203.0.113.9")) == "192.0.2.1"
    assert ip_hash(request(forwarded="203.0.113.9"), purpose="x") == ip_hash(
        request(forwarded="198.51.100.7"), purpose="x"
    )


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        # One proxy (our nginx) appends the real client: the last hop.
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6,7.7.7.7 , 203.0.113.9", "203.0.113.9"),
        # A CDN then nginx: the second hop from the right.
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        # Fewer hops than proxies: the header was not written by them.
        (2, "203.0.113.9", "192.0.2.1"),
        (1, "", "192.0.2.1"),
        # Garbage where the address should be.
        (1, "6.6.6.6, not-an-ip", "0.0.0.0"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_trusted_proxy_mode_takes_the_right_hop(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded=forwarded)) == expected


def test_raw_addresses_are_hashed_not_stored(settings):
    value = ip_hash(request(), purpose="polls.vote")
    assert "192.0.2.1" not in value
    assert len(value) == 64
    assert ip_hash(request(), purpose="login-lockout") != value
