"""Remove control and bidi-override characters from client, round and profile text saved before the forms did."""

import importlib

from django.db import migrations

# The one frozen copy of the cleaning, in the assessments migration that does the same for answers.
clean = importlib.import_module("assessments.migrations.0003_clean_user_text").clean

FIELDS = {
    "Client": {"name": False, "industry": False, "notes": True},
    "Round": {"title": False},
    "ConsultantProfile": {"firm": False},
}


def forward(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("consulting", model_name)
        changed = []
        for row in model.objects.only("pk", *fields).iterator(chunk_size=500):
            dirty = False
            for field, multiline in fields.items():
                value = getattr(row, field)
                cleaned = clean(value, multiline=multiline)
                if value != cleaned:
                    setattr(row, field, cleaned)
                    dirty = True
            if dirty:
                changed.append(row)
        model.objects.bulk_update(changed, list(fields), batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("consulting", "0003_consultant_profile"),
        ("assessments", "0003_clean_user_text"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)]
