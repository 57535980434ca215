"""Reminder schedule and retry waits: pure functions of the times passed in."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from maturity.mailing import MAX_REMINDERS, reminder_due, retry_delay, schedule_points

T0 = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def day(n, hours=0):
    return T0 + datetime.timedelta(days=n, hours=hours)


def test_reminder_due_on_each_schedule_day_and_not_before():
    decisions = [
        reminder_due(invited_at=T0, days=[3, 7], points_done=done, reminders_sent=done, last_reminder_at=None, now=now)
        for now, done in [(day(2, 23), 0), (day(3), 0), (day(3, 1), 1), (day(7), 1), (day(40), 2)]
    ]
    assert decisions == [(False, 0), (True, 1), (False, 1), (True, 2), (False, 2)]


def test_missed_points_are_caught_up_by_one_reminder():
    assert reminder_due(
        invited_at=T0, days=[1, 2, 3], points_done=0, reminders_sent=0, last_reminder_at=None, now=day(5)
    ) == (True, 3)


def test_point_within_a_day_of_a_manual_reminder_is_skipped():
    assert reminder_due(
        invited_at=T0, days=[3], points_done=0, reminders_sent=1, last_reminder_at=day(2, 12), now=day(3)
    ) == (False, 1)


def test_point_a_full_day_after_a_manual_reminder_is_sent():
    assert reminder_due(
        invited_at=T0, days=[3], points_done=0, reminders_sent=1, last_reminder_at=day(2), now=day(3)
    ) == (True, 1)


def test_no_automatic_reminder_after_three_in_all():
    assert reminder_due(
        invited_at=T0, days=[3], points_done=0, reminders_sent=3, last_reminder_at=day(1), now=day(3)
    ) == (False, 1)


def test_schedule_keeps_three_distinct_positive_days_in_order():
    assert schedule_points([7, 3, 3, 0, -1, 14, 10]) == (3, 7, 10)


def test_retry_waits_grow_and_stop_growing():
    assert [retry_delay(n) for n in range(1, 7)] == [datetime.timedelta(minutes=m) for m in (1, 5, 30, 120, 120, 120)]


@given(
    days=st.lists(st.integers(min_value=-5, max_value=60), max_size=6),
    steps=st.lists(st.integers(min_value=0, max_value=72), min_size=1, max_size=40),
)
def test_a_schedule_never_sends_more_than_three(days, steps):
    now, done, sent = T0, 0, 0
    for hours in steps:
        now += datetime.timedelta(hours=hours)
        due, done = reminder_due(
            invited_at=T0, days=days, points_done=done, reminders_sent=sent, last_reminder_at=None, now=now
        )
        sent += due
    assert sent <= min(MAX_REMINDERS, len(schedule_points(days)))
