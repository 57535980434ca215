from django import template

from assessments.scoring import shown

register = template.Library()


@register.filter
def field(form, question):
    return form[form.field_name(question)]


@register.filter
def note_field(form, question):
    return form[form.note_name(question)]


@register.filter
def level_name(level, stages):
    return stages.get(level, "")


@register.filter
def score(value):
    """A score as shown to people: cut (never rounded) to two decimals, or a dash when there is none.

    Cut like every other score on the page (scoring.shown): a team mean of
    2.6667 reads 2.66 in the table, so it must not read 2.67 in the roadmap.
    """
    if value is None:
        return "—"
    return f"{shown(value):.2f}"


@register.filter
def gap_shown(gap):
    """How far a dimension is below its target, as the shown score and target make it.

    Target minus the *shown* score (4 - 2.66 = 1.34), so the three figures on a
    line always add up; the raw gap (1.3333) would read 1.33.
    """
    return f"{gap['target'] - shown(gap['score']):.2f}"


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{round(value * 100)}%"


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def index(sequence, position):
    try:
        return sequence[position]
    except (IndexError, TypeError):
        return ""


@register.filter
def practices(roadmap):
    """A sustain roadmap's planned recommendations grouped by dimension, in the plan's order.

    At stage 5 there are no gaps to carry the recommendations' rationale, effort
    and impact, so the page lists them this way instead of only their titles.
    """
    groups: dict[str, list] = {}
    for horizon in roadmap["plan"]:
        for action in horizon["actions"]:
            groups.setdefault(action["dimension_name"], []).append(action["recommendation"])
    return [{"name": name, "recommendations": recs} for name, recs in groups.items()]
