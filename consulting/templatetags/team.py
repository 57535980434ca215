from django import template

register = template.Library()


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
