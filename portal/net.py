"""Client addresses and keyed hashes: raw IP addresses are never stored.

Every per-address rule (the poll's votes per hour, the feedback limit, the login
lockout, the counter's rate limit and its cap on new visitors) counts by one
*address key* (``address_key``), never by the raw address: an IPv4 address is
its own key, an IPv4-mapped IPv6 address (``::ffff:192.0.2.1``) is its IPv4
address, and any other IPv6 address is its network of ``IPV6_PREFIX_LENGTH`` bits
(/64 by default: what one household or office line is given, so the 2^64
addresses it may pick from count as one).

django-axes keeps failed logins per username and address. The address it stores
(``axes_client_address``) is not the visitor's IP but a pseudonym: a keyed hash of
``address_key`` written as an address in the private ``fd00::/8`` range. Lockouts
still work per address (the same client always maps to the same pseudonym),
X-Forwarded-For is trusted only through configured proxies, and no raw IP address
reaches the database.
"""

import functools
import hashlib
import hmac
import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: REMOTE_ADDR unless trusted proxies are configured.

    With ``TRUSTED_PROXY_COUNT = n`` the n-th address from the right of
    X-Forwarded-For is used; addresses further left were written by the client and
    are ignored, so a forged header buys nothing.
    """
    count, forwarded = _forwarded(request)
    return _client_ip(request.META.get("REMOTE_ADDR", "") or "", forwarded, count)


def address_key(request) -> str:
    """The key every per-address rule counts by (see the module docstring)."""
    meta = request.META
    return address_keyer()(
        meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", "")
    )


def address_keyer():
    """``address_key`` as a function of a request's ``REMOTE_ADDR`` and
    ``X-Forwarded-For`` values, with the settings it depends on read once: for
    work done after the requests (the visitor counter's sender thread), over
    many of them."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    prefix_length = settings.IPV6_PREFIX_LENGTH

    def key_of(remote, forwarded):
        # The header matters only through trusted proxies.
        forwarded = (forwarded or "") if count > 0 else ""
        return _address_key(remote or "", forwarded, count, prefix_length)

    return key_of


def _forwarded(request):
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    # The header matters only through trusted proxies (and only then is it a key).
    return count, request.META.get("HTTP_X_FORWARDED_FOR", "") if count > 0 else ""


# Both memoised on the raw header values: the same readers come back again and
# again, and a counted page view then parses no address at all. A new address is
# parsed once (``_parsed_client_ip``).
@functools.lru_cache(maxsize=4096)
def _client_ip(remote, forwarded, count):
    return str(_parsed_client_ip(remote, forwarded, count))


@functools.lru_cache(maxsize=4096)
def _address_key(remote, forwarded, count, prefix_length):
    ip = _parsed_client_ip(remote, forwarded, count)
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network((ip, prefix_length), strict=False))


def _parsed_client_ip(remote, forwarded, count):
    if count > 0:
        hops = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(hops) >= count:
            remote = hops[-count]
    try:
        return ipaddress.ip_address(remote)
    except ValueError:
        return ipaddress.IPv4Address(0)


def keyed_hash(*parts, purpose):
    """HMAC-SHA256 of ``parts`` under a key derived from SECRET_KEY and ``purpose``."""
    message = "\x1f".join(str(p) for p in parts).encode("utf-8", "replace")
    return hmac.digest(
        _purpose_key(purpose, settings.SECRET_KEY), message, "sha256"
    ).hex()


@functools.lru_cache(maxsize=64)
def _purpose_key(purpose, secret_key):
    """The HMAC key of one purpose: derived once per process (a rotated
    SECRET_KEY is part of the memo's key)."""
    return hashlib.sha256(f"{purpose}:{secret_key}".encode()).digest()


def ip_hash(request, *, purpose):
    """Keyed hash of the client's address key, for rate limits."""
    return keyed_hash(address_key(request), purpose=purpose)


def axes_client_address(request) -> str:
    digest = ip_hash(request, purpose="login-lockout")
    # fd + 30 hex digits = a unique-local IPv6 address (128 bits).
    return str(ipaddress.IPv6Address(int("fd" + digest[:30], 16)))
