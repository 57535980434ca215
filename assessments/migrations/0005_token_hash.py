"""Private-link tokens are kept only as their SHA-256 (issue #19 item 12).

Links already sent keep working: each stored token is replaced by its hash,
and a link is looked up by the hash of the token in it. Going back cannot
recover a token from its hash: each assessment gets a new one (its old link
stops working).
"""

import hashlib
import secrets

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    batch = []
    for assessment in Assessment.objects.only("pk", "token").iterator(chunk_size=2000):
        assessment.token_hash = hashlib.sha256(assessment.token.encode()).hexdigest()
        batch.append(assessment)
        if len(batch) >= 2000:
            Assessment.objects.bulk_update(batch, ["token_hash"])
            batch = []
    Assessment.objects.bulk_update(batch, ["token_hash"])


def new_tokens(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    for assessment in Assessment.objects.only("pk"):
        Assessment.objects.filter(pk=assessment.pk).update(token=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_respondent_number")]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(hash_tokens, new_tokens, elidable=False),
        migrations.RemoveField(model_name="assessment", name="token"),
        migrations.AlterField(
            model_name="assessment",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
