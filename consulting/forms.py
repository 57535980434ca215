from django import forms
from django.utils import timezone

from assessments.forms import NoteField, PlainTextField, RespondentForm
from maturity import anonymity

from .models import Client, Round

NEXT_STAGE = ""
DEFAULT_ROLES = ["Executive", "Senior manager", "Manager or team lead", "Frontline staff"]
DEFAULT_DEPARTMENTS = ["Customer service", "Sales", "Marketing", "Operations", "IT and digital", "Finance and HR"]
MAX_OPTIONS = 40


class OptionsField(NoteField):
    """A list typed one item a line (a textarea), cleaned to a list of distinct names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        kwargs.setdefault("max_length", 4000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, (list, tuple)) else value

    def clean(self, value):
        text = super().clean(value)
        options = anonymity.choices(text.splitlines())
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(f"At most {MAX_OPTIONS} items, please.")
        if any(len(o) > 120 for o in options):
            raise forms.ValidationError("Each item can be 120 characters at most.")
        return options


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["name", "industry", "size_band", "notes", "min_group_size"]
        labels = {"name": "Client name", "size_band": "Size"}
        help_texts = {"notes": "Private to you; never shown to respondents or on the PDF."}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"name": PlainTextField, "industry": PlainTextField, "notes": NoteField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size_band"].choices = [("", "Not given"), *Client.SizeBand.choices]
        # Left blank, the default (or the client's current setting) stays.
        self.fields["min_group_size"].required = False

    def clean_min_group_size(self):
        value = self.cleaned_data.get("min_group_size")
        return value if value is not None else (self.instance.min_group_size or anonymity.DEFAULT_MIN_GROUP)


class RoundForm(forms.ModelForm):
    role_options = OptionsField(
        label="Roles respondents choose from",
        required=False,
        help_text="One a line. “Prefer not to say” is always offered too. Leave empty not to ask.",
    )
    department_options = OptionsField(
        label="Departments respondents choose from",
        required=False,
        help_text="One a line. “Prefer not to say” is always offered too. Leave empty not to ask.",
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "opened_on",
            "deadline",
            "expected_respondents",
            "response_cap",
            "role_options",
            "department_options",
        ]
        labels = {
            "title": "Round title",
            "opened_on": "Round date",
            "deadline": "Answer by (optional)",
            "expected_respondents": "Expected number of respondents",
            "response_cap": "Most responses the invite link takes (optional)",
        }
        help_texts = {
            "title": "Shown to respondents and on the team PDF, e.g. “Baseline, spring 2026”.",
            "opened_on": "Orders and dates the round in lists and comparisons. The invite link works as soon as the round is created.",
            "deadline": "Shown on the invite page. The link keeps working after it until you close the round.",
            "expected_respondents": "Roughly how many people you will invite.",
            "response_cap": f"Blank: {Round.CAP_MULTIPLE} times the expected number. A leaked link can start no more than this.",
        }
        widgets = {
            "opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {"title": PlainTextField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("opened_on"):
            self.initial["opened_on"] = timezone.localdate()
        # Left blank, the default (or the round's current figure) stays.
        self.fields["expected_respondents"].required = False
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("role_options", DEFAULT_ROLES)
            self.initial.setdefault("department_options", DEFAULT_DEPARTMENTS)

    def clean_expected_respondents(self):
        value = self.cleaned_data.get("expected_respondents")
        return value if value is not None else self.instance.expected_respondents

    def clean(self):
        data = super().clean()
        cap, expected = data.get("response_cap"), data.get("expected_respondents")
        if cap is not None and expected is not None and cap < expected:
            self.add_error("response_cap", "The cap can't be lower than the expected number of respondents.")
        return data


class FacilitatedForm(RespondentForm):
    """The participant(s) of a live workshop session."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "facilitated")
        super().__init__(*args, **kwargs)
        self.fields["respondent_name"].label = "Participant or group name"
        if "respondent_role" in self.fields:
            self.fields["respondent_role"].label = "Their role"


class TargetsForm(forms.Form):
    """One select per dimension: a target level 1..5, or blank for "the next stage"."""

    def __init__(self, *args, dimensions, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        choices = [(NEXT_STAGE, "Next stage (default)")] + [(str(s.number), f"{s.number} — {s.name}") for s in stages]
        for dimension in self.dimensions:
            self.fields[self.field_name(dimension)] = forms.TypedChoiceField(
                label=dimension.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )

    @staticmethod
    def field_name(dimension) -> str:
        return f"target_{dimension.slug}"

    def levels(self) -> dict:
        """Dimension -> level or None (next stage)."""
        return {d: self.cleaned_data.get(self.field_name(d)) for d in self.dimensions}


class ProfileForm(forms.Form):
    first_name = PlainTextField(label="First name", max_length=150, required=False)
    last_name = PlainTextField(label="Last name", max_length=150, required=False)
    firm = PlainTextField(
        label="Firm", max_length=120, required=False, help_text="Shown after your name on team PDF roadmaps."
    )


class CompareForm(forms.Form):
    before = forms.TypedChoiceField(label="Earlier round", coerce=int)
    after = forms.TypedChoiceField(label="Later round", coerce=int)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank first choice: with one round (or one picked), the other box must not show it again.
        choices = [("", "Choose a round")] + [(r.pk, f"{r.title} ({r.opened_on:%d %b %Y})") for r in rounds]
        self.fields["before"].choices = choices
        self.fields["after"].choices = choices
