"""The "How you compare" sections, drawn where the results and team pages include them in one line."""

from django import template
from django.template.loader import render_to_string

from assessments import links
from peers import cache, selectors, services

register = template.Library()


@register.simple_tag
def how_you_compare(assessment):
    """An individual's section: the comparison, their choice (or the question), the external reference.

    Cached until anything it shows changes (peers.cache): a results page view
    reads nothing from the database for it. The HTML is a rendered template,
    autoescaped like any other.
    """

    def render():
        choice = None if assessment.round_id else services.assessment_choice(assessment=assessment)
        ctx = {
            "section": selectors.assessment_section(assessment=assessment, with_chart=True),
            "assessment": assessment,
            # Relative: this markup is cached, and must not hold the private token.
            "choose_href": links.from_results(assessment.token, "peers:assessment_peers"),
            "in_round": assessment.round_id is not None,
            "choice": choice,
            "asked": choice is not None and choice.answered_at is not None,
            "team": False,
        }
        return render_to_string("peers/_how_you_compare.html", ctx)

    return cache.cached(f"results:{assessment.pk}", render)


@register.inclusion_tag("peers/_how_you_compare.html")
def how_team_compares(round, result):
    """A round's section on the team page: its client's segment, and whether its rounds count."""
    return {
        "section": selectors.round_section(round=round, result=result, with_chart=True),
        "round": round,
        "client_choice": services.client_choice(client=round.client),
        "team": True,
    }


@register.filter
def stage_steps(value):
    steps = abs(int(value))
    return f"{steps} stage{'s' if steps != 1 else ''}"


@register.filter
def ordinal(value):
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ... for a percentile."""
    number = int(value)
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
