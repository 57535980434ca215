"""Rounds keep the model their team result was scored against, and number their respondents for good.

Existing responses are numbered in the order they started (as "Respondent N"
labels were computed until now); each round's counter starts after the last.
"""

from django.db import migrations, models


def number_respondents(apps, schema_editor):
    Round = apps.get_model("consulting", "Round")
    Assessment = apps.get_model("assessments", "Assessment")
    for round in Round.objects.only("pk").iterator(chunk_size=500):
        numbered = list(Assessment.objects.filter(round_id=round.pk).order_by("created_at", "id").only("pk"))
        for number, assessment in enumerate(numbered, start=1):
            assessment.respondent_number = number
        Assessment.objects.bulk_update(numbered, ["respondent_number"], batch_size=500)
        Round.objects.filter(pk=round.pk).update(respondents_started=len(numbered))


class Migration(migrations.Migration):
    dependencies = [
        ("consulting", "0005_clean_user_names"),
        ("assessments", "0004_respondent_number"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="model_snapshot",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="round",
            name="respondents_started",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(number_respondents, migrations.RunPython.noop, elidable=True),
    ]
