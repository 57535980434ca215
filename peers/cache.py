"""A version number for everything peer comparison shows, so a page can cache its section until it changes.

Every write that can change a comparison (a result counted or withdrawn, a
choice saved, an admin edit of the lists, minimums or references) bumps it,
at once and again after the commit (a page rendered in between would
otherwise cache what is about to change). The results page caches its
"How you compare" section under it, so a page view reads no database row
for it at all. The site keeps working when the cache is down: it just
renders the section every time.
"""

from django.core.cache import cache
from django.db import transaction

KEY = "peers:version"


def version() -> int | None:
    try:
        current = cache.get(KEY)
        if current is None:
            cache.add(KEY, 1, timeout=None)
            current = cache.get(KEY)
        return current
    except Exception:  # a cache that is down only costs the caching
        return None


def _bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not there (expired or never set): any new value will do
        cache.set(KEY, 1, timeout=None)
    except Exception:  # cache down: nothing is cached either
        pass


def bump() -> None:
    _bump()
    transaction.on_commit(_bump)


def cached(key: str, make, timeout: int = 3600):
    """make() cached under `key` at the current version (computed every time without a cache)."""
    current = version()
    if current is None:
        return make()
    full = f"peers:{current}:{key}"
    try:
        value = cache.get(full)
    except Exception:
        return make()
    if value is None:
        value = make()
        try:
            cache.set(full, value, timeout)
        except Exception:
            pass
    return value
