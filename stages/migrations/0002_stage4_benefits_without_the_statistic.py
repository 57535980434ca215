"""Stage 4's benefits as shipped no longer repeat its statistic (the 20% retention figure printed twice).

Databases loaded before the fixture was fixed keep the old text: it is replaced
only where it is still exactly what was shipped, so an admin's own wording
stays. Completed results keep the copy frozen into them, as every result does.
"""

from django.db import migrations

SHIPPED = (
    "Up to a 20% increase in customer retention\n"
    "Significant revenue growth\n"
    "Friction points resolved before customers experience them\n"
    "A consistent, personalised experience in every channel"
)
FIXED = (
    "Friction points resolved before customers experience them\nA consistent, personalised experience in every channel"
)


def forwards(apps, schema_editor):
    apps.get_model("stages", "Stage").objects.filter(number=4, benefits=SHIPPED).update(benefits=FIXED)


def backwards(apps, schema_editor):
    apps.get_model("stages", "Stage").objects.filter(number=4, benefits=FIXED).update(benefits=SHIPPED)


class Migration(migrations.Migration):
    dependencies = [("stages", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
