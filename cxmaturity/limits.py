"""Rate limits (django-ratelimit), keyed on a hashed client address, in fixed windows that reset.

django-ratelimit counts in a cache key named after the current window
(e.g. the hour), so a new window starts a new count: a client that keeps
retrying is limited within each window, never for ever. Counting is atomic
on Redis (INCR) and on the file cache (cxmaturity/cache.py locks add/incr),
so concurrent requests cannot overshoot the limit.

When the cache is unreachable the limits let requests through
(RATELIMIT_FAIL_OPEN, see cxmaturity/cache.py and docs/security.md).
"""

import hashlib

from django.conf import settings
from django_ratelimit.core import get_usage

from .client_ip import client_ip


def client_fingerprint(request) -> str:
    # Hashed with the secret key: limits must tell clients apart, but no address is stored,
    # not even in the cache (a bare hash of an IPv4 address is reversible by trying them all).
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]


def _client_key(group, request) -> str:
    return client_fingerprint(request)


def _start_rate(group, request) -> str:
    return f"{settings.CX_START_RATE_PER_HOUR}/h"


def start_allowed(request) -> bool:
    """Count a start (a new assessment, by the start button or an invite link) and say whether it may go ahead."""
    usage = get_usage(request, group="start", key=_client_key, rate=_start_rate, increment=True)
    return usage is None or not usage["should_limit"]


def password_guess_allowed(request) -> bool:
    """Count a wrong old password at password change (per account) and say whether another try may go ahead."""
    usage = get_usage(
        request,
        group="password-change",
        key=lambda group, request: str(request.user.pk),
        rate=f"{settings.CX_PASSWORD_GUESSES_PER_HOUR}/h",
        increment=True,
    )
    return usage is None or not usage["should_limit"]


def password_guesses_left(request) -> bool:
    """Whether this account may try its old password again (without counting a try)."""
    usage = get_usage(
        request,
        group="password-change",
        key=lambda group, request: str(request.user.pk),
        rate=f"{settings.CX_PASSWORD_GUESSES_PER_HOUR}/h",
        increment=False,
    )
    return usage is None or usage["count"] < usage["limit"]
