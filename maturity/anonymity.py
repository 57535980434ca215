"""Who may be shown apart from the team: the minimum group size (pure: no Django).

A round's respondents say their role and department (chosen from lists the
consultant sets, or "Prefer not to say"). A group of one or two is a person,
not a group: "Frontline — 1 respondent" names whoever works on the front
line. So a group with fewer respondents than the client's minimum is never
shown on its own — no row of its own in a breakdown, no side of a perception
gap, no line under a disagreement, no role or department against a
respondent in an export. Its answers still count in every team figure.

Everything here works on group *names* as respondents gave them; names are
grouped ignoring case and surrounding spaces, and "Prefer not to say" is the
same as saying nothing (the "Not stated" group, which the same minimum
applies to: a "Not stated — 1 respondent" row is just as telling).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

DEFAULT_MIN_GROUP = 5
# Below three, a group's mean and the team's total give away one person's answers to the other.
MIN_GROUP_FLOOR = 3
PREFER_NOT_TO_SAY = "Prefer not to say"
NOT_STATED = "Not stated"


def check_min_group(value: int) -> int:
    """`value` if it is an allowed minimum group size, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < MIN_GROUP_FLOOR:
        raise ValueError(f"The minimum group size must be a whole number of at least {MIN_GROUP_FLOOR}.")
    return value


def group_key(name: str | None) -> str:
    """The key two spellings of one group share ("" for no answer or "Prefer not to say")."""
    key = " ".join((name or "").split()).casefold()
    return "" if key == PREFER_NOT_TO_SAY.casefold() else key


def group_sizes(names: Iterable[str | None]) -> Counter:
    """How many respondents gave each group (by group_key)."""
    return Counter(group_key(n) for n in names)


def shown_keys(names: Iterable[str | None], minimum: int) -> set[str]:
    """The group keys big enough to be shown apart: at least `minimum` respondents."""
    minimum = check_min_group(minimum)
    return {key for key, size in group_sizes(names).items() if size >= minimum}


def shown_name(name: str | None, shown: set[str]) -> str:
    """What to print for one respondent's group: its name when the group is shown, else "".

    "" reads the same as "not stated", so a masked role says nothing about
    whether the person gave one.
    """
    key = group_key(name)
    return " ".join((name or "").split()) if key and key in shown else ""


def choices(options: Iterable[str]) -> list[str]:
    """A consultant's list of roles or departments as respondents pick from it.

    Blank lines and repeats (ignoring case and spaces) are dropped, spaces are
    tidied, order is kept; "Prefer not to say" is always offered, last.
    """
    seen: set[str] = set()
    kept = []
    for option in options:
        tidy = " ".join((option or "").split())
        key = group_key(tidy)
        if key and key not in seen:
            seen.add(key)
            kept.append(tidy)
    return kept
