"""Template filters for figures: `{% load figures %}`. The rules live in maturity/figures.py."""

from django import template

from maturity import figures

register = template.Library()


@register.filter
def score(value):
    return figures.score_text(value)


@register.filter
def minus(value, other):
    return figures.difference_text(value, other)


@register.filter
def gap_shown(gap):
    return figures.gap_text(target=gap["target"], score=gap["score"])


@register.filter
def percent(value):
    return figures.percent_text(value)


@register.filter
def signed(value):
    return figures.signed_text(value)


@register.filter
def change_from(after, before):
    return figures.change_text(after, before)
