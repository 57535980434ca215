from django import forms

from .models import Industry, OrganisationSize


class SegmentForm(forms.Form):
    industry = forms.ModelChoiceField(
        queryset=Industry.objects.all(), required=False, empty_label="Not given", label="Industry"
    )
    size = forms.ModelChoiceField(
        queryset=OrganisationSize.objects.all(), required=False, empty_label="Not given", label="Organisation size"
    )
    consent = forms.BooleanField(required=False)


class AssessmentPeersForm(SegmentForm):
    """An individual's choice: compare with whom, and whether their own anonymised result counts."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "peers")
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = "Count my anonymised result in other people's comparisons"
        self.fields["consent"].help_text = (
            "Only totals leave the database: your scores are added to a segment's counts and never shown on their "
            "own. You can change this here at any time; deleting the assessment takes it out."
        )


class ClientPeersForm(SegmentForm):
    """A consultant's choice for a client: its segment, and whether its closed rounds' team results count."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = "Count this client's closed rounds in peer comparisons"
        self.fields["consent"].help_text = (
            "Each closed round's team result counts once, anonymised, in its industry and size. Get the client's "
            "agreement first. Turning this off takes every round of the client out."
        )
