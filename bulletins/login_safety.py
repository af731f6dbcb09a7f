"""Login safety helpers for django-axes.

Axes keeps failed logins per username and address. The address it stores is not
the visitor's IP but a pseudonym: a keyed hash of ``portal.net.client_ip`` written
as an address in the private ``fd00::/8`` range. Lockouts still work per address
(the same client always maps to the same pseudonym), X-Forwarded-For is trusted only
through configured proxies, and no raw IP address reaches the database.
"""

import ipaddress

from portal.net import ip_hash


def axes_client_address(request) -> str:
    digest = ip_hash(request, purpose="login-lockout")
    # fd + 30 hex digits = a unique-local IPv6 address (128 bits).
    return str(ipaddress.IPv6Address(int("fd" + digest[:30], 16)))
