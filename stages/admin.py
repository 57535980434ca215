from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from maturity import scoring

from .models import AnswerOption, Dimension, Question, Recommendation, ScoreBand, Stage, prerequisite_loops


def check_bands(changed: dict) -> None:
    """Refuse band minimums that would break the placement contract (e.g. stage 3 from 1.2).

    changed maps stage number -> new min_score; other stages keep theirs.
    """
    bands = [
        scoring.Band(stage=b.stage.number, min_score=float(changed.get(b.stage.number, b.min_score)))
        for b in ScoreBand.objects.select_related("stage")
    ]
    problems = scoring.validate_bands(bands)
    if problems:
        raise ValidationError(problems)


class ScoreBandForm(forms.ModelForm):
    class Meta:
        model = ScoreBand
        fields = ["min_score"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("min_score") is not None:
            check_bands({self.instance.stage.number: cleaned["min_score"]})
        return cleaned


class ScoreBandFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        changed = {
            f.instance.stage.number: f.cleaned_data["min_score"]
            for f in self.forms
            if f.instance.pk and f.cleaned_data.get("min_score") is not None
        }
        check_bands(changed)


class ScoreBandInline(admin.StackedInline):
    model = ScoreBand
    form = ScoreBandForm
    can_delete = False
    extra = 0


class FiveStagesOnly:
    """The model has exactly five stages and five bands: they are edited, never added or removed."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Stage)
class StageAdmin(FiveStagesOnly, admin.ModelAdmin):
    list_display = ["number", "name", "alt_name", "tagline", "band_min"]
    list_display_links = ["number", "name"]
    search_fields = ["name", "alt_name", "tagline", "description", "indicators"]
    ordering = ["number"]
    readonly_fields = ["number"]
    inlines = [ScoreBandInline]

    @admin.display(description="Band from", ordering="band__min_score")
    def band_min(self, obj):
        band = getattr(obj, "band", None)
        return band.min_score if band else "—"


@admin.register(ScoreBand)
class ScoreBandAdmin(FiveStagesOnly, admin.ModelAdmin):
    form = ScoreBandForm
    readonly_fields = ["stage"]
    list_display = ["stage", "min_score"]
    list_editable = ["min_score"]
    ordering = ["stage__number"]
    list_select_related = ["stage"]

    def get_changelist_formset(self, request, **kwargs):
        # The list edits all bands at once, so check them as a set.
        kwargs["formset"] = ScoreBandFormSet
        return super().get_changelist_formset(request, **kwargs)


MIN_OPTIONS = 2
NEEDS_OPTIONS = (
    "An active question needs at least two answer options, or respondents could not answer it. "
    "Add its options on the question's own page, or leave it inactive until then."
)


class QuestionActiveForm(forms.ModelForm):
    """Where a question is switched on without its options in the same form (lists, the dimension's inline)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True  # see FixedIdentifier

    def clean(self):
        cleaned = super().clean()
        has_options = self.instance.pk is not None and self.instance.options.count() >= MIN_OPTIONS
        if cleaned.get("is_active") and not has_options:
            self.add_error("is_active", NEEDS_OPTIONS)
        return cleaned


class QuestionInline(admin.TabularInline):
    model = Question
    form = QuestionActiveForm
    fields = ["order", "code", "text", "is_active"]
    extra = 0
    show_change_link = True
    ordering = ["order"]


class RecommendationFormSet(forms.BaseInlineFormSet):
    """Each form checks its own prerequisite against the saved ones; this checks the edits of one save together."""

    def clean(self):
        super().clean()
        forms_by_pk = {
            f.instance.pk: f
            for f in self.forms
            if f.instance.pk and hasattr(f, "cleaned_data") and not f.cleaned_data.get("DELETE")
        }
        changes = {
            pk: (f.cleaned_data["prerequisite"].pk if f.cleaned_data.get("prerequisite") else None)
            for pk, f in forms_by_pk.items()
            if "prerequisite" in f.cleaned_data
        }
        for pk in sorted(prerequisite_loops(changes) & set(forms_by_pk)):
            forms_by_pk[pk].add_error("prerequisite", "These prerequisites go round in a loop: each waits for another.")


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    formset = RecommendationFormSet
    fields = [("target_stage", "order"), ("code", "title"), "rationale", ("effort", "impact"), "prerequisite"]
    extra = 0
    ordering = ["target_stage__number", "order"]
    autocomplete_fields = ["prerequisite"]


class FixedIdentifier:
    """A dimension's slug and a question's code are set when added, then stay.

    Frozen results, round snapshots and half-answered steps refer to them: a
    renamed slug would drop later answers from a round's team result, and a
    renamed code would lose what a respondent had just picked on an open step.
    """

    identifier = ""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [self.identifier] if obj is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if obj is None else {}


@admin.register(Dimension)
class DimensionAdmin(FixedIdentifier, admin.ModelAdmin):
    identifier = "slug"
    list_display = ["name", "short_name", "order", "weight", "question_count"]
    list_editable = ["order", "weight"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline, RecommendationInline]

    @admin.display(description="Questions")
    def question_count(self, obj):
        return obj.questions.filter(is_active=True).count()


LEVEL_FIXED = "Fixed once saved: to change what this level means, edit its label."


class AnswerOptionForm(forms.ModelForm):
    """An option's level is set when it is added and then stays.

    Answers point at options; a level edited afterwards would silently
    re-score every unfinished assessment that chose it, and two levels swapped
    in one save collide in the database (one option per level), so the label is
    what gets edited. A disabled field also ignores a tampered post.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["level"].disabled = True
            self.fields["level"].help_text = LEVEL_FIXED


class AnswerOptionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if not self.instance.is_active:
            return
        kept = [
            f
            for f in self.forms
            if hasattr(f, "cleaned_data")
            and f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and (f.instance.pk or f.has_changed())
        ]
        if len(kept) < MIN_OPTIONS:
            raise ValidationError(NEEDS_OPTIONS)


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    form = AnswerOptionForm
    formset = AnswerOptionFormSet
    extra = 0
    max_num = 5
    ordering = ["level"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new question starts with a row for every level.
        return 5 if obj is None else 0


@admin.register(Question)
class QuestionAdmin(FixedIdentifier, admin.ModelAdmin):
    identifier = "code"
    list_display = ["text", "code", "dimension", "order", "is_active", "allow_not_sure"]
    list_editable = ["order", "is_active"]
    list_filter = ["dimension", "is_active", "allow_not_sure"]
    list_select_related = ["dimension"]
    search_fields = ["text", "code", "options__label"]
    ordering = ["dimension__order", "order"]
    inlines = [AnswerOptionInline]

    def get_changelist_form(self, request, **kwargs):
        # The list can switch questions on: the same check as the dimension's inline.
        kwargs.setdefault("form", QuestionActiveForm)
        return super().get_changelist_form(request, **kwargs)


@admin.register(AnswerOption)
class AnswerOptionAdmin(admin.ModelAdmin):
    form = AnswerOptionForm
    list_display = ["label", "level", "question"]
    list_filter = ["level", "question__dimension"]
    list_select_related = ["question"]
    search_fields = ["label", "question__text", "question__code"]
    ordering = ["question__dimension__order", "question__order", "level"]

    def get_readonly_fields(self, request, obj=None):
        # An answered option moved to another question would change what people answered.
        return ["question"] if obj is not None else []


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["title", "dimension", "target_stage", "effort", "impact", "order"]
    list_filter = ["dimension", "target_stage", "effort", "impact"]
    list_select_related = ["dimension", "target_stage"]
    search_fields = ["title", "rationale", "code"]
    ordering = ["dimension__order", "target_stage__number", "order"]
    autocomplete_fields = ["prerequisite"]
