from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from assessments import scoring

from .models import AnswerOption, Dimension, Question, Recommendation, ScoreBand, Stage


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


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "code", "text", "is_active"]
    extra = 0
    show_change_link = True
    ordering = ["order"]


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    fields = [("target_stage", "order"), ("code", "title"), "rationale", ("effort", "impact"), "prerequisite"]
    extra = 0
    ordering = ["target_stage__number", "order"]
    autocomplete_fields = ["prerequisite"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "order", "weight", "question_count"]
    list_editable = ["order", "weight"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline, RecommendationInline]

    @admin.display(description="Questions")
    def question_count(self, obj):
        return obj.questions.filter(is_active=True).count()


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0
    max_num = 5
    ordering = ["level"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "code", "dimension", "order", "is_active", "allow_not_sure"]
    list_editable = ["order", "is_active"]
    list_filter = ["dimension", "is_active", "allow_not_sure"]
    list_select_related = ["dimension"]
    search_fields = ["text", "code", "options__label"]
    ordering = ["dimension__order", "order"]
    inlines = [AnswerOptionInline]


@admin.register(AnswerOption)
class AnswerOptionAdmin(admin.ModelAdmin):
    list_display = ["label", "level", "question"]
    list_filter = ["level", "question__dimension"]
    list_select_related = ["question"]
    search_fields = ["label", "question__text", "question__code"]
    ordering = ["question__dimension__order", "question__order", "level"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["title", "dimension", "target_stage", "effort", "impact", "order"]
    list_filter = ["dimension", "target_stage", "effort", "impact"]
    list_select_related = ["dimension", "target_stage"]
    search_fields = ["title", "rationale", "code"]
    ordering = ["dimension__order", "target_stage__number", "order"]
    autocomplete_fields = ["prerequisite"]
