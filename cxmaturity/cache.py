"""Cache backends the site keeps working without.

The cache holds rendered PDFs, the results page's markup and the rate-limit
counters: all of it can be rebuilt or done without. So when Redis (or the
cache folder) cannot be reached, a read is a miss, a write is skipped, the
page is built uncached, and a warning is logged (at most once a minute per
process, so an outage does not flood the log). /healthz reports the cache
down (503) all the same: its probe value is not read back.

What each user of the cache does then:
- PDFs and the results page render uncached;
- rate limits (django-ratelimit, RATELIMIT_FAIL_OPEN) let requests through:
  an outage must not stop people starting an assessment or changing a
  password; login lock-outs (django-axes) are in the database and still hold.

The file cache also takes a lock around add() and incr(): FileBasedCache
implements both as read-then-write, and concurrent workers would lose
increments (31 starts of 30 got through) without it; and its incr() keeps
the key's expiry instead of re-storing it with the default timeout.
"""

import fcntl
import logging
import os
import pickle
import time
import zlib
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("cxmaturity.cache")
WARN_EVERY = 60  # seconds
UNREACHABLE = (RedisError, OSError, ConnectionError, TimeoutError)


class ResilientCacheMixin:
    _last_warning = 0.0

    def _unreachable(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - ResilientCacheMixin._last_warning >= WARN_EVERY:
            ResilientCacheMixin._last_warning = now
            logger.warning(
                "Cache unreachable (%s on %s: %s): serving without it; rate limits are not enforced meanwhile.",
                type(exc).__name__,
                operation,
                exc,
            )

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as exc:
            self._unreachable("get", exc)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as exc:
            self._unreachable("get_many", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as exc:
            self._unreachable("has_key", exc)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("set", exc)
            return None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("set_many", exc)
            return list(data)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("add", exc)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as exc:
            self._unreachable("incr", exc)
            # What a missing key raises: callers (django-ratelimit) treat it as "could not count".
            raise ValueError("cache unreachable") from exc

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as exc:
            self._unreachable("delete", exc)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as exc:
            self._unreachable("delete_many", exc)
            return None


class ResilientRedisCache(ResilientCacheMixin, RedisCache):
    pass


class ResilientFileBasedCache(ResilientCacheMixin, FileBasedCache):
    @contextmanager
    def _locked(self):
        # One lock file per cache folder: add() and incr() are read-then-write here.
        os.makedirs(self._dir, exist_ok=True)
        with open(os.path.join(self._dir, ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with self._locked():
                return FileBasedCache.add(self, key, value, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("add", exc)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            with self._locked():
                return self._incr_keeping_expiry(key, delta, version)
        except UNREACHABLE as exc:
            self._unreachable("incr", exc)
            raise ValueError("cache unreachable") from exc

    def _incr_keeping_expiry(self, key, delta, version):
        # Django's incr() here is get() then set() with the default timeout, so every count
        # restarted the key's life (or shortened it to 5 minutes): keep the expiry it had.
        path = self._key_to_file(key, version)
        try:
            with open(path, "rb") as f:
                expiry = pickle.load(f)
                value = pickle.loads(zlib.decompress(f.read()))
        except FileNotFoundError:
            raise ValueError(f"Key '{key}' not found") from None
        left = None if expiry is None else expiry - time.time()
        if left is not None and left <= 0:
            raise ValueError(f"Key '{key}' not found")
        value += delta
        FileBasedCache.set(self, key, value, timeout=left, version=version)
        return value
