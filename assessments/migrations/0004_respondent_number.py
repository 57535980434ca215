"""Respondents in a round get a number that stays theirs (see consulting 0006 for the backfill)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_clean_user_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="respondent_number",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
    ]
