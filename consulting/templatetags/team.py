from django import template

register = template.Library()


@register.filter
def level_counts(disagreement):
    """Who chose what: "level 1 ×2, level 4 ×1"."""
    return ", ".join(f"level {level} ×{count}" for level, count in disagreement.counts)


@register.filter
def mean_for(group, key):
    return group.means.get(key)


@register.filter
def groups_answered(disagreement, by):
    """How each shown group of `by` answered a disagreement (groups below the minimum are never in it)."""
    from consulting.report import group_answers_text

    return group_answers_text(disagreement, by)
