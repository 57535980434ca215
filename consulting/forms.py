from django import forms
from django.utils import timezone

from assessments.forms import NoteField, PlainTextField, RespondentForm

from .models import Client, Round

NEXT_STAGE = ""


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["name", "industry", "size_band", "notes"]
        labels = {"name": "Client name", "size_band": "Size"}
        help_texts = {"notes": "Private to you; never shown to respondents or on the PDF."}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"name": PlainTextField, "industry": PlainTextField, "notes": NoteField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size_band"].choices = [("", "Not given"), *Client.SizeBand.choices]


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["title", "opened_on"]
        labels = {"title": "Round title", "opened_on": "Round date"}
        help_texts = {
            "title": "Shown to respondents and on the team PDF, e.g. “Baseline, spring 2026”.",
            "opened_on": "Orders and dates the round in lists and comparisons. The invite link works as soon as the round is created.",
        }
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        field_classes = {"title": PlainTextField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("opened_on"):
            self.initial["opened_on"] = timezone.localdate()


class FacilitatedForm(RespondentForm):
    """The participant(s) of a live workshop session."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "facilitated")
        super().__init__(*args, **kwargs)
        self.fields["respondent_name"].label = "Participant or group name"
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
