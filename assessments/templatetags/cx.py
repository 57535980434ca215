from collections.abc import Mapping

from django import template

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


@register.filter
def planned_in(code, roadmap):
    """The label of the horizon a version-2 roadmap schedules an action in ("Later" when it waits)."""
    for horizon in roadmap.get("plan", []):
        if any(a["recommendation"]["code"] == code for a in horizon["actions"]):
            return horizon["label"]
    return "Later" if any(a["recommendation"]["code"] == code for a in roadmap.get("later", [])) else ""


@register.filter
def also_called(stage):
    """ "(also called Ad-Hoc)" for a stage with a second name that differs from its own; else ""."""
    if not stage:
        return ""
    # A result's stage (maturity.roadmap.StageProfile) or a stage inside a frozen roadmap (its JSON).
    if isinstance(stage, Mapping):
        alt, name = stage.get("alt_name", ""), stage.get("name")
    else:
        alt, name = stage.alt_name, stage.name
    return f"(also called {alt})" if alt and alt != name else ""
