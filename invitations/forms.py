import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from assessments.forms import PlainTextField
from maturity import mailing
from maturity.text import clean_user_text

MAX_PEOPLE = 500
MAX_FILE_BYTES = 1_000_000


def parse_people(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, address) pairs from pasted lines or CSV rows, and an error per line that has no usable address.

    A row is "Name, address", "address, Name", "address" or "Name <address>";
    a first row without any address (a header such as "name,email") is skipped.
    """
    people, errors = [], []
    rows = list(csv.reader(io.StringIO(text)))
    for number, row in enumerate(rows, start=1):
        cells = [clean_user_text(c, multiline=False).strip() for c in row]
        cells = [c for c in cells if c]
        if not cells:
            continue
        if len(cells) == 1 and "<" in cells[0] and cells[0].endswith(">"):
            name, _, address = cells[0][:-1].rpartition("<")
            cells = [name.strip().strip('"'), address.strip()]
        addresses = [c for c in cells if "@" in c]
        if not addresses:
            if number == 1:
                continue  # a header row
            errors.append(f"Line {number}: no e-mail address.")
            continue
        address = addresses[0]
        try:
            validate_email(address)
        except ValidationError:
            errors.append(f"Line {number}: “{address[:80]}” is not an e-mail address.")
            continue
        name = " ".join(c for c in cells if c is not address)[:120]
        people.append((name, address))
    return people, errors


class InviteForm(forms.Form):
    people = forms.CharField(
        label="Names and e-mail addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One person a line: “Name, address” (a spreadsheet's two columns pasted work too).",
    )
    csv_file = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="Columns: name and e-mail address; a header row is fine.",
    )

    def clean_csv_file(self):
        upload = self.cleaned_data.get("csv_file")
        if upload is None:
            return ""
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError("The file is larger than 1 MB; split it into smaller files.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text; save it as “CSV UTF-8” and upload it again.") from None

    def clean(self):
        data = super().clean()
        text = "\n".join(filter(None, [data.get("people", ""), data.get("csv_file", "")]))
        if not text.strip():
            if not self.errors:
                raise ValidationError("Paste at least one name and address, or choose a CSV file.")
            return data
        people, errors = parse_people(text)
        if errors:
            raise ValidationError(errors[:10] + ([f"… and {len(errors) - 10} more."] if len(errors) > 10 else []))
        if len(people) > MAX_PEOPLE:
            raise ValidationError(f"At most {MAX_PEOPLE} people at a time ({len(people)} given).")
        data["parsed"] = people
        return data


class RoundMailForm(forms.Form):
    deadline = forms.DateField(
        label="Deadline",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Optional; the e-mail says “please answer by …”.",
    )
    reminders_on = forms.BooleanField(label="Send automatic reminders", required=False)
    reminder_days = PlainTextField(
        label="Days after the invitation",
        max_length=40,
        required=False,
        help_text=f"Up to {mailing.MAX_REMINDERS}, separated by commas, e.g. “3, 7”. Never after the round closes.",
    )

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"]
        parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        try:
            days = [int(p) for p in parts]
        except ValueError:
            raise ValidationError("Use whole numbers of days separated by commas, e.g. “3, 7”.") from None
        if any(d < 1 or d > 90 for d in days):
            raise ValidationError("Each day must be between 1 and 90.")
        if len(set(days)) > mailing.MAX_REMINDERS:
            raise ValidationError(f"At most {mailing.MAX_REMINDERS} reminders.")
        return sorted(set(days))

    def clean(self):
        data = super().clean()
        if data.get("reminders_on") and not data.get("reminder_days") and "reminder_days" not in self.errors:
            self.add_error("reminder_days", "Give at least one day, or switch automatic reminders off.")
        return data
