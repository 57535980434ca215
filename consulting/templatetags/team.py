from django import template

from maturity.scoring import displayed

register = template.Library()


@register.filter
def change_from(after, before):
    """The change between two shown scores, with its sign: +0.16 between 2.50 and 2.66 (not the raw +0.17)."""
    if after is None or before is None:
        return "—"
    return signed(displayed(after) - displayed(before))


@register.filter
def signed(value):
    """A change with its sign, two decimals: +0.50, −0.25, 0.00; a dash when unknown."""
    if value is None:
        return "—"
    rounded = round(value, 2)
    if rounded > 0:
        return f"+{rounded:.2f}"
    if rounded < 0:
        return f"−{abs(rounded):.2f}"
    return "0.00"


@register.filter
def level_counts(disagreement):
    """Who chose what: "level 1 ×2, level 4 ×1"."""
    return ", ".join(f"level {level} ×{count}" for level, count in disagreement.counts)


@register.filter
def mean_for(group, key):
    return group.means.get(key)
