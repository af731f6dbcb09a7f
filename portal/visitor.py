"""Who a reader is, for counting page views and for voting: one identity.

A visitor is a random id (32 hex digits) carried in the first-party cookie ``pv``
as ``<id>.<16 hex signature>`` (HttpOnly, SameSite=Lax, one year). A browser
without a valid cookie gets a new random id, and the cookie set on that first
response carries it, so the reader's first and second page are one visit and
colleagues behind one office address are separate visitors and separate voters.

The visitor counter and the poll both use ``identify``; only keyed hashes of the
id are stored (per poll for votes), never the cookie value or an address.

``address_visitor`` is the fallback the counter uses once one address has made
more new visitors in an hour than an office could (analytics' cap): a keyed hash of
the address key (IPv6 by its /64, ``portal.net``) and the local day, so clients
that never keep a cookie, forge one on every request or change their User-Agent
on every request stop adding visitors (real browsers keep the cookie they got).
"""

import functools
import hmac
import re
import secrets

from django.utils import timezone

from .net import address_key, keyed_hash

COOKIE_NAME = "pv"
COOKIE_AGE = 365 * 24 * 3600
COOKIE_RE = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{16})$")


def _signature(visitor_id):
    return keyed_hash(visitor_id, purpose="analytics-cookie")[:16]


def cookie_value(visitor_id):
    return f"{visitor_id}.{_signature(visitor_id)}"


@functools.lru_cache(maxsize=4096)
def visitor_from_cookie(raw):
    """The visitor id of a well-formed, correctly signed cookie, else None."""
    if not raw or len(raw) > 64:
        return None
    match = COOKIE_RE.match(raw)
    if not match:
        return None
    visitor_id, signature = match.groups()
    if not hmac.compare_digest(signature, _signature(visitor_id)):
        return None
    return visitor_id


def new_visitor_id():
    return secrets.token_hex(16)


def address_visitor(request):
    """Keyed hash of the address key and the day: the id past the hourly cap."""
    return address_visitor_for(address_key(request), timezone.localdate().isoformat())


def address_visitor_for(address, day):
    """``address_visitor`` of an address key (``portal.net.address_key``) and a
    local day (ISO text)."""
    return keyed_hash(address, day, purpose="analytics-visitor")[:32]


def identify(request):
    """(visitor_id, is_new): the cookie's id, or a new random one to be set."""
    visitor_id = visitor_from_cookie(request.COOKIES.get(COOKIE_NAME))
    if visitor_id:
        return visitor_id, False
    return new_visitor_id(), True


def set_cookie(response, request, visitor_id):
    response.set_cookie(
        COOKIE_NAME,
        cookie_value(visitor_id),
        max_age=COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
