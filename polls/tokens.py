"""The vote form's token and who the voter is.

The sidebar is served from a shared page cache, so the form cannot carry a
per-visitor CSRF token. It carries a signed, time-stamped token naming the poll
instead, and the vote view also requires the request's Origin (or Referer) to be
this site. The voter is the site's visitor (``portal.visitor``, the same identity
the visitor counter uses); only a keyed hash of it, per poll, is stored.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing

from portal import visitor
from portal.net import keyed_hash

TOKEN_SALT = "polls.vote-form"
TOKEN_MAX_AGE = 7 * 24 * 3600
# The poll's own visitor cookie of earlier versions, still honoured when present.
LEGACY_COOKIE = "binh_chon"
LEGACY_SALT = "polls.visitor"
LEGACY_COOKIE_AGE = 2 * 365 * 24 * 3600


def make_form_token(poll):
    return form_token_for(poll.pk)


def form_token_for(poll_pk):
    return signing.dumps(poll_pk, salt=TOKEN_SALT, compress=False)


def form_token_is_valid(token, poll, max_age=TOKEN_MAX_AGE):
    if not token or len(token) > 200:
        return False
    try:
        return signing.loads(token, salt=TOKEN_SALT, max_age=max_age) == poll.pk
    except signing.BadSignature:  # includes SignatureExpired
        return False


def _allowed_origins(request):
    origins = {f"{request.scheme}://{request.get_host()}"}
    origins.update(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    return origins


def is_same_origin(request):
    """True when the browser says the request comes from a page of this site."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in _allowed_origins(request)
    referer = request.headers.get("Referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in _allowed_origins(request)
    return False


def _legacy_visitor_id(request):
    """The id of the poll's own signed cookie, which voters got before the poll
    and the visitor counter shared one identity; None when absent or forged."""
    value = request.get_signed_cookie(
        LEGACY_COOKIE, default=None, salt=LEGACY_SALT, max_age=LEGACY_COOKIE_AGE
    )
    if value and 16 <= len(value) <= 64:
        return value
    return None


def identify(request):
    """(visitor_id, needs_cookie) of the voter: the site's visitor
    (``portal.visitor``), or, while it lasts, the older poll cookie, so that
    nobody who voted before can vote again."""
    legacy = _legacy_visitor_id(request)
    if legacy:
        return legacy, False
    return visitor.identify(request)


def visitor_key(visitor_id, poll):
    """What is stored: a keyed hash, different for every poll."""
    return keyed_hash(visitor_id, poll.pk, purpose="polls.visitor")
