from django import forms

from maturity import anonymity
from maturity.text import clean_user_text

NOT_SURE = "not-sure"


class PlainTextField(forms.CharField):
    """A name or a role: one line, without control or bidi-override characters (see maturity.text)."""

    multiline = False

    def to_python(self, value):
        value = super().to_python(value)
        if value:
            value = clean_user_text(value, multiline=self.multiline)
            if self.strip:
                value = value.strip()
        return value


class NoteField(PlainTextField):
    """Free text over several lines (notes): line breaks kept."""

    multiline = True


class AboutForm(forms.Form):
    organisation_name = PlainTextField(
        label="Organisation name",
        max_length=120,
        required=False,
        help_text="Optional. Shown on your results and PDF roadmap.",
    )
    respondent_role = PlainTextField(
        label="Your role",
        max_length=120,
        required=False,
        help_text="Optional, e.g. “Head of Customer Service”.",
    )


class RespondentForm(forms.Form):
    """Who is answering in a consultant's round: every field optional.

    Role and department are picked from the round's lists (plus "Prefer not to
    say", saved as blank): typed freely, "Agent", "CSR" and "Front line" were
    three groups of one. A round without a list does not ask.
    """

    respondent_name = PlainTextField(label="Your name", max_length=120, required=False)
    respondent_role = forms.ChoiceField(label="Your role", required=False)
    department = forms.ChoiceField(label="Department", required=False)

    def __init__(self, *args, role_options=(), department_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in (("respondent_role", role_options), ("department", department_options)):
            listed = anonymity.choices(options)
            if not listed:
                del self.fields[name]
                continue
            self.fields[name].choices = [
                ("", "Choose one"),
                *((o, o) for o in listed),
                (anonymity.PREFER_NOT_TO_SAY, anonymity.PREFER_NOT_TO_SAY),
            ]

    @classmethod
    def for_round(cls, round, *args, **kwargs):
        return cls(*args, role_options=round.role_options, department_options=round.department_options, **kwargs)

    def clean(self):
        data = super().clean()
        for name in ("respondent_role", "department"):
            if name in self.fields and anonymity.group_key(data.get(name)) == "":
                data[name] = ""
        return data


class StepForm(forms.Form):
    """One radio group per question of a dimension.

    Fields are optional at the form level so that whatever was answered is
    saved even when the respondent moves on with gaps; the view decides when
    a missing answer is an error (Next and Finish) and when it is not (Back).
    """

    def __init__(self, *args, questions, with_notes=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.with_notes = with_notes
        for question in questions:
            options = sorted(question.options.all(), key=lambda o: o.level)
            choices = [(str(o.pk), o.label) for o in options]
            if question.allow_not_sure:
                choices.append((NOT_SURE, "Not sure"))
            self.fields[self.field_name(question)] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": "Please choose one of the answers listed for this question."},
            )
            if with_notes:
                self.fields[self.note_name(question)] = NoteField(
                    label="Evidence / note",
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    @staticmethod
    def field_name(question) -> str:
        return f"q_{question.code}"

    @staticmethod
    def note_name(question) -> str:
        return f"note_{question.code}"

    def answered(self) -> dict:
        """Question -> AnswerOption | None (not sure), for the valid answers given."""
        result = {}
        for question in self.questions:
            name = self.field_name(question)
            value = self.cleaned_data.get(name) if name not in self.errors else None
            if not value:
                continue
            if value == NOT_SURE:
                result[question] = None
            else:
                result[question] = next(o for o in question.options.all() if str(o.pk) == value)
        return result

    def notes(self) -> dict:
        if not self.with_notes:
            return {}
        return {
            q: self.cleaned_data.get(self.note_name(q), "")
            for q in self.questions
            if self.note_name(q) not in self.errors
        }

    def require_all(self, already_answered: set) -> bool:
        """Flag questions still without an answer (given now or saved before)."""
        given = self.answered()
        ok = True
        for question in self.questions:
            name = self.field_name(question)
            if question not in given and question.pk not in already_answered and name not in self.errors:
                self.add_error(name, "Choose an answer or “Not sure”.")
                ok = False
        return ok and not self.errors

    def keep_unsaved_notes(self, already_answered: set) -> bool:
        """Flag notes that could not be saved; True when every note typed was saved.

        A note is stored with its answer, so one typed for a question that has
        no answer yet (nor an earlier one) would be lost by leaving the step.
        """
        if not self.with_notes:
            return True
        given = self.answered()
        ok = True
        for question in self.questions:
            name = self.note_name(question)
            if name in self.errors:
                ok = False
            elif self.cleaned_data.get(name) and question not in given and question.pk not in already_answered:
                self.add_error(name, "Choose an answer for this question too: a note is saved with its answer.")
                ok = False
        return ok
