from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator

from maturity import scoring

from . import model_io
from .models import (
    AnswerOption,
    Dimension,
    Question,
    Recommendation,
    RecommendationQuestion,
    ScoreBand,
    Stage,
    prerequisite_loops,
)

# Long labels, titles and steps are read and written whole: boxes sized for them.
LINE = forms.Textarea(attrs={"rows": 2, "cols": 80})
SHORT_LINE = forms.Textarea(attrs={"rows": 2, "cols": 48})
BLOCK = forms.Textarea(attrs={"rows": 5, "cols": 80})


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


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin decides which fields it shows
        widgets = {"tagline": LINE, "statistic_source": LINE, "statistic": SHORT_LINE}


class ModelFileForm(forms.Form):
    file = forms.FileField(
        label="Model file (JSON)",
        help_text="A file made by “Export the model”, edited or from another installation.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > model_io.MAX_IMPORT_BYTES:
            raise ValidationError("This file is too large to be a model file.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("This file is not UTF-8 text: export the model again and edit it as text.") from None


IMPORT_SESSION_KEY = "stages_model_import"


@admin.register(Stage)
class StageAdmin(FiveStagesOnly, admin.ModelAdmin):
    form = StageForm
    list_display = ["number", "name", "alt_name", "tagline", "band_min"]
    list_display_links = ["number", "name"]
    search_fields = ["name", "alt_name", "tagline", "description", "indicators"]
    ordering = ["number"]
    readonly_fields = ["number"]
    filter_horizontal = ["defining_dimensions"]
    inlines = [ScoreBandInline]

    @admin.display(description="Band from", ordering="band__min_score")
    def band_min(self, obj):
        band = getattr(obj, "band", None)
        return band.min_score if band else "—"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("model-export/", wrap(self.export_view), name="stages_model_export"),
            path("model-import/", wrap(self.import_view), name="stages_model_import"),
        ] + super().get_urls()

    def export_view(self, request):
        if not all(request.user.has_perm(f"stages.view_{m._meta.model_name}") for m in model_io.MODELS):
            raise PermissionDenied
        response = HttpResponse(model_io.model_export(), content_type="application/json; charset=utf-8")
        stamp = timezone.now().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="cx-model-{stamp}.json"'
        return response

    def import_view(self, request):
        """Upload → check (a dry run that reports what would change) → apply, or refuse and change nothing."""
        needed = [f"stages.{verb}_{m._meta.model_name}" for m in model_io.MODELS for verb in ("add", "change")]
        if not request.user.has_perms(needed):
            raise PermissionDenied
        form = ModelFileForm()
        report = problems = None
        if request.method == "POST" and request.POST.get("action") == "apply":
            data = request.session.pop(IMPORT_SESSION_KEY, None)
            if data is None:
                messages.error(request, "Nothing to import: upload the file again.")
                return redirect("admin:stages_model_import")
            try:
                report = model_io.model_import(data)
            except model_io.ModelImportError as exc:
                problems = exc.problems
            else:
                messages.success(
                    request, f"Model imported: {len(report.created)} added, {len(report.changed)} changed."
                )
                return redirect("admin:stages_stage_changelist")
        elif request.method == "POST":
            form = ModelFileForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    report = model_io.model_check(form.cleaned_data["file"])
                except model_io.ModelImportError as exc:
                    problems = exc.problems
                else:
                    request.session[IMPORT_SESSION_KEY] = form.cleaned_data["file"]
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import a model",
            "form": form,
            "report": report,
            "problems": problems,
            "export_url": reverse("admin:stages_model_export"),
        }
        status = 400 if problems or form.errors else 200
        return TemplateResponse(request, "admin/stages/model_import.html", ctx, status=status)


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


class QuestionForm(QuestionActiveForm):
    class Meta:
        model = Question
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin decides which fields it shows
        widgets = {"text": LINE, "help_text": LINE}


class QuestionInline(admin.TabularInline):
    model = Question
    form = QuestionForm
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


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin decides which fields it shows
        widgets = {
            "title": LINE,
            "rationale": BLOCK,
            "steps": BLOCK,
            "owner_role": SHORT_LINE,
            "success_measure": LINE,
        }


RECOMMENDATION_FIELDS = [
    ("target_stage", "order"),
    ("code",),
    "title",
    "steps",
    "rationale",
    ("owner_role", "duration"),
    "success_measure",
    ("effort", "impact"),
    "prerequisite",
]


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    form = RecommendationForm
    formset = RecommendationFormSet
    fields = RECOMMENDATION_FIELDS
    extra = 0
    ordering = ["target_stage__number", "order"]
    autocomplete_fields = ["prerequisite"]
    show_change_link = True  # the addressed questions are edited on the action's own page


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


class AnswerOptionInlineForm(AnswerOptionForm):
    class Meta:
        model = AnswerOption
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin decides which fields it shows
        widgets = {"label": forms.Textarea(attrs={"rows": 3, "cols": 72})}


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    form = AnswerOptionInlineForm
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
    form = QuestionForm
    # One line per question: code first (how content people refer to it), the text cut short.
    list_display = ["code", "dimension", "short_text", "order", "is_active", "allow_not_sure"]
    list_display_links = ["code", "short_text"]
    list_editable = ["order", "is_active"]
    list_filter = ["dimension", "is_active", "allow_not_sure"]
    list_select_related = ["dimension"]
    search_fields = ["text", "code", "options__label"]
    ordering = ["dimension__order", "order"]
    inlines = [AnswerOptionInline]

    @admin.display(description="Question", ordering="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(90)

    def get_changelist_form(self, request, **kwargs):
        # The list can switch questions on: the same check as the dimension's inline.
        kwargs.setdefault("form", QuestionActiveForm)
        return super().get_changelist_form(request, **kwargs)


@admin.register(AnswerOption)
class AnswerOptionAdmin(admin.ModelAdmin):
    form = AnswerOptionInlineForm
    list_display = ["label", "level", "question"]
    list_filter = ["level", "question__dimension"]
    list_select_related = ["question"]
    search_fields = ["label", "question__text", "question__code"]
    ordering = ["question__dimension__order", "question__order", "level"]

    def get_readonly_fields(self, request, obj=None):
        # An answered option moved to another question would change what people answered.
        return ["question"] if obj is not None else []


class AddressedQuestionForm(forms.ModelForm):
    class Meta:
        model = RecommendationQuestion
        fields = ["question", "in_place_level"]

    def clean_question(self):
        question = self.cleaned_data["question"]
        if question is not None and not question.is_active:
            raise ValidationError("This question is not active: respondents don't answer it, so it can't tell.")
        return question


class AddressedQuestionInline(admin.TabularInline):
    """Which answers show the practice is already in place: the roadmap then lists it as a strength."""

    model = RecommendationQuestion
    form = AddressedQuestionForm
    extra = 0
    min_num = 0
    autocomplete_fields = ["question"]
    verbose_name = "addressed question"
    verbose_name_plural = "Addressed questions (the answer level from which this practice is already in place)"


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    form = RecommendationForm
    fields = ["dimension", *RECOMMENDATION_FIELDS]
    list_display = ["title", "dimension", "target_stage", "effort", "impact", "order"]
    list_filter = ["dimension", "target_stage", "effort", "impact"]
    list_select_related = ["dimension", "target_stage"]
    search_fields = ["title", "rationale", "code", "steps"]
    ordering = ["dimension__order", "target_stage__number", "order"]
    autocomplete_fields = ["prerequisite"]
    inlines = [AddressedQuestionInline]
