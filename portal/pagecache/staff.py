"""Who goes past the page cache: a staff member really logged in, and nobody else.

A session cookie proves nothing (anyone can send ``sessionid=x``), and checking it
would cost a session lookup on every page. So the responses to a logged-in,
active staff member carry a marker cookie (``STAFF_COOKIE``): a timestamped
signature, under SECRET_KEY, of a keyed hash of that response's session cookie.
A request goes past the cache only when its marker verifies, is younger than a
session may be idle (``SESSION_COOKIE_AGE``) and belongs to the session cookie
sent with it. The marker is renewed on every response to staff (the login's
included) and deleted on the first response that is no longer a staff login
(logout, a lapsed session).

Every other request is an anonymous reader's: the page cache drops its session and
messages cookies (``serve_as_anonymous``) before anything below reads them, so a
page rendered for the cache never depends on who asked, and a forged session
cookie neither skips the cache nor costs a session lookup.
"""

import hmac

from django.conf import settings
from django.core import signing

from portal.net import keyed_hash

STAFF_COOKIE = "nv"
MESSAGES_COOKIE = "messages"
SALT = "portal.pagecache.staff"


def _session_digest(session_key):
    return keyed_hash(session_key, purpose="pagecache-staff")[:32]


def _signer():
    return signing.TimestampSigner(salt=SALT)


def is_staff_request(request):
    """True when the request carries a valid marker for its own session cookie."""
    marker = request.COOKIES.get(STAFF_COOKIE)
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not marker or not session_key:
        return False
    try:
        digest = _signer().unsign(marker, max_age=settings.SESSION_COOKIE_AGE)
    except signing.BadSignature:
        return False
    return hmac.compare_digest(digest, _session_digest(session_key))


def serve_as_anonymous(request):
    """Forget the cookies that would make the page someone's own."""
    request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
    request.COOKIES.pop(MESSAGES_COOKIE, None)


def refresh_marker(request, response):
    """Set the marker on a response to staff; delete it once they are not."""
    user = getattr(request, "user", None)
    if user is None:  # answered before authentication ran: leave it as it is
        return
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    if session_key and user.is_authenticated and user.is_active and user.is_staff:
        response.set_cookie(
            STAFF_COOKIE,
            _signer().sign(_session_digest(session_key)),
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    elif STAFF_COOKIE in request.COOKIES:
        response.delete_cookie(STAFF_COOKIE, samesite="Lax")
