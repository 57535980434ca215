"""Each completed result rewritten in maturity.result's JSON form, the one shape every reader loads.

What a page or PDF shows does not change (tests/assessments/test_snapshot_rendering.py
renders stored snapshots before and after); only fields an older engine left out
are written as they were already read (assessments.snapshots.normalised).
"""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)


def forwards(apps, schema_editor):
    from assessments.snapshots import normalised, rewrite_stored

    def change(assessment):
        try:
            return normalised(assessment.result)
        except (AttributeError, KeyError, TypeError, ValueError):
            # Not a result any engine froze (hand-made data): left as it is, and said.
            logger.warning("Assessment %s: its stored result is not in a known form; left unchanged", assessment.pk)
            return None

    rewrite_stored(apps.get_model("assessments", "Assessment"), change)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_snapshot_targets")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
