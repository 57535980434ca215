from django import template

from maturity.scoring import displayed

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
    """A score as shown to people (see displayed), or a dash when there is none."""
    if value is None:
        return "—"
    return f"{displayed(value):.2f}"


@register.filter
def minus(value, other):
    """The difference of two shown figures, so that "2.33 vs 1.66 (difference 0.67)" adds up."""
    if value is None or other is None:
        return "—"
    return f"{displayed(value) - displayed(other):.2f}"


@register.filter
def gap_shown(gap):
    """How far a dimension is below its target, as the shown score and target make it.

    Target minus the *shown* score (4 - 2.66 = 1.34), so the three figures on a
    line always add up; the raw gap (1.3333) would read 1.33.
    """
    return f"{gap['target'] - displayed(gap['score']):.2f}"


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

    At stage 5 with every dimension at 5 there are no gaps to carry the
    recommendations' rationale, effort and impact, so the page lists them this
    way instead of only their titles. The same when the dimensions below 5 have
    no stage-5 practices (an admin removed them): the plan then comes from other
    dimensions, which no gap describes.
    """
    if any(gap["recommendations"] for gap in roadmap["gaps"]):
        return []  # the gaps carry the practices the plan schedules
    groups: dict[str, list] = {}
    for horizon in roadmap["plan"]:
        for action in horizon["actions"]:
            groups.setdefault(action["dimension_name"], []).append(action["recommendation"])
    return [{"name": name, "recommendations": recs} for name, recs in groups.items()]
