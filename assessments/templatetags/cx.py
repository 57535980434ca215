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
def score(value):
    """A score as shown to people: two decimals, or a dash when there is none."""
    if value is None:
        return "—"
    return f"{value:.2f}"


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
