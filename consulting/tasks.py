"""Background tasks of the consulting app (django-tasks; `manage.py run_worker` runs them)."""

from django_tasks import task


@task()
def refresh_team_figures(round_id: int) -> bool:
    """Bring a round's stored team figures up to date, so its consultant's next view reads them as stored."""
    from .selectors import team_figures_refresh

    return team_figures_refresh(round_id=round_id)


def on_assessment_completed(sender, *, assessment, **kwargs) -> None:
    """A response in a round was completed (the completion has committed): rebuild the round's figures in the worker."""
    if assessment.round_id is not None:
        refresh_team_figures.enqueue(assessment.round_id)
