"""Invite-link tokens are kept only as their SHA-256 (issue #19 item 12).

Invite links already shared keep working: each stored token is replaced by
its hash, and a link is looked up by the hash of the token in it. Going back
cannot recover a token from its hash: each round gets a new invite link.
"""

import hashlib
import secrets

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    Round = apps.get_model("consulting", "Round")
    rounds = list(Round.objects.only("pk", "invite_token"))
    for round in rounds:
        round.invite_token_hash = hashlib.sha256(round.invite_token.encode()).hexdigest()
    Round.objects.bulk_update(rounds, ["invite_token_hash"], batch_size=1000)


def new_tokens(apps, schema_editor):
    Round = apps.get_model("consulting", "Round")
    for round in Round.objects.only("pk"):
        Round.objects.filter(pk=round.pk).update(invite_token=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [("consulting", "0007_tailored_plan")]

    operations = [
        migrations.AddField(
            model_name="round",
            name="invite_token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="round",
            name="invite_token",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(hash_tokens, new_tokens, elidable=False),
        migrations.RemoveField(model_name="round", name="invite_token"),
        migrations.AlterField(
            model_name="round",
            name="invite_token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
