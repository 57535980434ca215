"""Remove control and bidi-override characters from consultants' first and last names saved before the profile form did.

The names print on team PDF covers ("Prepared by …"); 0004 cleaned the
consulting app's own text but not these, which live on auth's User.
"""

import importlib

from django.db import migrations

clean = importlib.import_module("assessments.migrations.0003_clean_user_text").clean

FIELDS = ("first_name", "last_name")


def forward(apps, schema_editor):
    User = apps.get_model("auth", "User")
    changed = []
    for user in User.objects.only("pk", *FIELDS).iterator(chunk_size=500):
        dirty = False
        for field in FIELDS:
            value = getattr(user, field)
            cleaned = clean(value, multiline=False)
            if value != cleaned:
                setattr(user, field, cleaned)
                dirty = True
        if dirty:
            changed.append(user)
    User.objects.bulk_update(changed, list(FIELDS), batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("consulting", "0004_clean_user_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)]
