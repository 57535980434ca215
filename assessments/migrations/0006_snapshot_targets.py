"""Each completed result's dimension targets, copied out of its chart data onto its dimensions.

Nothing a page or PDF shows changes (assessments/snapshots.py); readers now
find the target where they find the score.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from assessments.snapshots import rewrite_stored, with_targets

    rewrite_stored(apps.get_model("assessments", "Assessment"), lambda assessment: with_targets(assessment.result))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_token_hash")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
