"""Remove control and bidi-override characters from text saved before the forms did (see assessments/text.py).

The cleaning is copied here, frozen, rather than imported: a migration must do
the same thing whenever it runs. Only display text changes: the scores,
placement and roadmap of a frozen result stay exactly as they were given.
"""

import re
import unicodedata

from django.db import migrations

_REMOVE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")


def clean(value, multiline=False):
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)
    else:
        text = re.sub(r"[\t\n\r\u2028\u2029]+", " ", text)
    return _REMOVE.sub("", text).strip()


SINGLE_LINE = ["organisation_name", "respondent_role", "respondent_name", "department"]


def forward(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Answer = apps.get_model("assessments", "Answer")
    changed = []
    for assessment in Assessment.objects.only("pk", "result", *SINGLE_LINE).iterator(chunk_size=500):
        dirty = False
        for field in SINGLE_LINE:
            value = getattr(assessment, field)
            cleaned = clean(value)
            if value != cleaned:
                setattr(assessment, field, cleaned)
                dirty = True
        result = assessment.result
        if isinstance(result, dict):
            for key in ("organisation_name", "respondent_role"):
                value = result.get(key)
                if isinstance(value, str) and value != clean(value):
                    result[key] = clean(value)
                    dirty = True
        if dirty:
            changed.append(assessment)
    Assessment.objects.bulk_update(changed, SINGLE_LINE + ["result"], batch_size=500)

    notes = []
    for answer in Answer.objects.exclude(note="").only("pk", "note").iterator(chunk_size=500):
        cleaned = clean(answer.note, multiline=True)
        if answer.note != cleaned:
            answer.note = cleaned
            notes.append(answer)
    Answer.objects.bulk_update(notes, ["note"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)]
