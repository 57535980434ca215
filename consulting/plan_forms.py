"""Forms for tailoring a round's plan, its summary and which responses count."""

from django import forms

from assessments.forms import NoteField, PlainTextField
from maturity import plan as rules

SUMMARY_MAX = 6000
STEPS_MAX = 2000
STATUS_CHOICES = list(rules.STATUS_LABELS.items())
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundEditForm(forms.Form):
    title = PlainTextField(
        label="Round title",
        max_length=120,
        help_text="Shown to respondents and on the team PDF, e.g. “Baseline, spring 2026”.",
    )
    summary = NoteField(
        label="Executive summary",
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Plain text, opening the team PDF. Leave a blank line between paragraphs.",
    )


class _TrackingFields(forms.Form):
    owner = PlainTextField(label="Owner", max_length=120, required=False, help_text="A person or a role.")
    due_on = forms.DateField(label="Due date", required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, initial=rules.NOT_STARTED)


class PlanItemForm(_TrackingFields):
    """One roadmap action: reworded (blank keeps the model's words), owner, due date, status."""

    title = PlainTextField(label="Title", max_length=200, required=False)
    steps = NoteField(label="Steps", max_length=STEPS_MAX, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    field_order = ["title", "steps", "owner", "due_on", "status"]

    def __init__(self, *args, model_title: str = "", model_steps: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = f"Leave empty to keep the model's wording: “{model_title}”."
        self.fields["steps"].help_text = "Leave empty to keep the model's text." if model_steps else ""


class OwnActionForm(_TrackingFields):
    """An action of the consultant's own."""

    title = PlainTextField(label="Title", max_length=200)
    steps = NoteField(label="Steps", max_length=STEPS_MAX, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    horizon = forms.ChoiceField(label="When")
    dimension = forms.ChoiceField(label="Dimension it works on", required=False)
    field_order = ["title", "steps", "horizon", "dimension", "owner", "due_on", "status"]

    def __init__(self, *args, horizons, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["horizon"].choices = [(h.key, h.label) for h in horizons]
        self.fields["dimension"].choices = [("", "None in particular")] + [(d.key, d.name) for d in dimensions]
        self.fields["dimension"].help_text = "Lets the round comparison show this action beside the dimension's change."


class HideForm(forms.Form):
    reason = PlainTextField(
        label="Why hide it",
        max_length=300,
        help_text="Kept in the plan's history and shown to you beside the hidden action; never to the client.",
    )


class ExcludeForm(forms.Form):
    reason = PlainTextField(
        label="Why leave it out",
        max_length=300,
        help_text="For example “test response” or “abandoned halfway”. Shown on the round page and in its history.",
    )


class MoveForm(forms.Form):
    entry = forms.CharField(max_length=80)
    direction = forms.TypedChoiceField(choices=[("-1", "up"), ("1", "down")], coerce=int)
