"""Each completed result's dimension targets, copied out of its chart data onto its dimensions.

Nothing a page or PDF shows changes (assessments/snapshots.py); readers now
find the target where they find the score.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from assessments.snapshots import with_targets

    Assessment = apps.get_model("assessments", "Assessment")
    changed = []
    for assessment in Assessment.objects.filter(result__isnull=False).only("id", "result").iterator(chunk_size=500):
        updated = with_targets(assessment.result)
        if updated is not assessment.result:
            assessment.result = updated
            changed.append(assessment)
        if len(changed) >= 500:
            Assessment.objects.bulk_update(changed, ["result"])
            changed = []
    if changed:
        Assessment.objects.bulk_update(changed, ["result"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_token_hash")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
