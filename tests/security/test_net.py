"""The client address used for rate limits and login lockout."""

import hashlib
import hmac

import pytest
from django.test import RequestFactory

from portal.net import client_ip, ip_hash, keyed_hash

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


def test_keyed_hashes_keep_their_values_and_follow_the_secret_key(settings):
    # Visitor cookies, poll vote keys and rate ids made by an earlier version
    # stay valid: HMAC-SHA256 under sha256("<purpose>:<SECRET_KEY>"), parts
    # joined by \x1f.
    settings.SECRET_KEY = "first-secret"
    first = keyed_hash("192.0.2.1", 7, purpose="polls.vote")
    key = hashlib.sha256(b"polls.vote:first-secret").digest()
    assert first == hmac.new(key, b"192.0.2.1\x1f7", hashlib.sha256).hexdigest()
    assert keyed_hash("192.0.2.1", 7, purpose="polls.visitor") != first
    # A new secret key makes new hashes at once, in the same process.
    settings.SECRET_KEY = "second-secret"
    assert keyed_hash("192.0.2.1", 7, purpose="polls.vote") != first
    settings.SECRET_KEY = "first-secret"
    assert keyed_hash("192.0.2.1", 7, purpose="polls.vote") == first
