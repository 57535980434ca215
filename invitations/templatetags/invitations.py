from django import template

from invitations import selectors, services

register = template.Library()


@register.inclusion_tag("invitations/_round_panel.html")
def invitations_panel(round):
    """The round page's box for e-mail invitations (included so the round view needs no change)."""
    return {
        "round": round,
        "summary": selectors.invitation_summary(round=round),
        "worker_down": services.worker_is_down(),
    }


@register.simple_tag
def round_completion_rate(round, team):
    """Completed ÷ invited where people were invited by e-mail, else completed ÷ started."""
    return selectors.completion_rate(round=round, started_rate=team.completion_rate)
