"""Pure rules for e-mail to invitees: when a reminder is due, how long to wait after a failed send.

Times are passed in (``now``), never read from a clock, so a schedule of days
can be tested in microseconds and the worker decides with one clock reading.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

DEFAULT_REMINDER_DAYS = (3, 7)
# Nobody gets more than this many reminders for one invitation, however they were asked for.
MAX_REMINDERS = 3
# An automatic reminder this soon after a reminder sent by hand is skipped (its point counted as done).
QUIET_AFTER_REMINDER = datetime.timedelta(days=1)
# Waits after failed attempts 1, 2, 3, 4 (then the message is failed for good, see CX_MAIL_MAX_ATTEMPTS).
RETRY_DELAYS = tuple(datetime.timedelta(minutes=m) for m in (1, 5, 30, 120))


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt number `attempt` (1-based) before the next one."""
    return RETRY_DELAYS[min(max(attempt, 1), len(RETRY_DELAYS)) - 1]


def schedule_points(days: Sequence[int]) -> tuple[int, ...]:
    """The schedule as it is applied: distinct positive days, in order, at most MAX_REMINDERS of them."""
    return tuple(sorted({int(d) for d in days if int(d) > 0}))[:MAX_REMINDERS]


def points_passed(*, invited_at: datetime.datetime, days: Sequence[int], now: datetime.datetime) -> int:
    """How many points of the schedule lie at or before `now`."""
    return sum(1 for d in schedule_points(days) if invited_at + datetime.timedelta(days=d) <= now)


def reminder_due(
    *,
    invited_at: datetime.datetime,
    days: Sequence[int],
    points_done: int,
    reminders_sent: int,
    last_reminder_at: datetime.datetime | None,
    now: datetime.datetime,
) -> tuple[bool, int]:
    """Whether an automatic reminder goes out now, and how many schedule points are then done.

    Points missed while the worker was down are caught up by one reminder, not
    one each. A point reached within a day of a reminder sent by hand is done
    without a message. Never more than MAX_REMINDERS in all.
    """
    passed = points_passed(invited_at=invited_at, days=days, now=now)
    if passed <= points_done:
        return False, points_done
    if reminders_sent >= MAX_REMINDERS:
        return False, passed
    if last_reminder_at is not None and now - last_reminder_at < QUIET_AFTER_REMINDER:
        return False, passed
    return True, passed
