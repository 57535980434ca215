"""The CX maturity model: stages, dimensions, questions and what to do next.

Content lives in fixtures/cx_model.json and is edited in Django admin.
Completed assessments keep a snapshot of what they were scored against, so
nothing here changes a result that was already given.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class StageManager(models.Manager):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class Stage(models.Model):
    number = models.PositiveSmallIntegerField(unique=True, validators=LEVEL_VALIDATORS)
    name = models.CharField(max_length=80, help_text="Primary name, e.g. “Cross-Functional Coordination”.")
    subtitle = models.CharField(
        max_length=80, blank=True, help_text="The primary source's qualifier, e.g. “Organised Processes”."
    )
    alt_name = models.CharField(
        max_length=80, help_text="The second source's name, e.g. “Connected”; shown as “(also called Connected)”."
    )
    tagline = models.CharField(max_length=200)
    description = models.TextField()
    indicators = models.TextField(help_text="Diagnostic signs, one per line.")
    benefits = models.TextField(blank=True, help_text="What reaching this stage brings, one per line.")
    statistic = models.TextField(blank=True, help_text="A figure the sources attach to this stage, stated factually.")
    statistic_source = models.CharField(
        max_length=200, blank=True, help_text="Who reports the figure, e.g. “as reported in the source article …”."
    )
    defining_dimensions = models.ManyToManyField(
        "Dimension",
        blank=True,
        related_name="defines_stages",
        help_text="Dimensions that must reach this stage's band before an organisation is placed here.",
    )

    objects = StageManager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Stage {self.number} — {self.name}"

    def natural_key(self):
        return (self.number,)

    @property
    def indicator_list(self) -> list[str]:
        return split_lines(self.indicators)

    @property
    def benefit_list(self) -> list[str]:
        return split_lines(self.benefits)


class ScoreBandManager(models.Manager):
    def get_by_natural_key(self, stage_number):
        return self.get(stage__number=stage_number)


class ScoreBand(models.Model):
    """The overall score from which an organisation falls in a stage's band."""

    stage = models.OneToOneField(Stage, on_delete=models.CASCADE, related_name="band")
    min_score = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Lowest overall score (1.00–5.00) in this stage's band. Bands are centred on whole levels by default.",
    )

    objects = ScoreBandManager()

    class Meta:
        ordering = ["stage__number"]

    def __str__(self):
        return f"{self.stage} from {self.min_score}"

    def natural_key(self):
        return (self.stage.number,)

    natural_key.dependencies = ["stages.stage"]


class DimensionManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Dimension(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    short_name = models.CharField(max_length=30, help_text="Label on the radar chart.")
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    weight = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.1)],
        help_text="Weight in the overall score (1 = equal).",
    )

    objects = DimensionManager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class QuestionManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Question(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="questions")
    code = models.SlugField(unique=True, help_text="Stable identifier, e.g. “insight-2”.")
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    allow_not_sure = models.BooleanField(
        default=True, help_text="Offer a “Not sure” answer, shown last and left out of scoring."
    )
    is_active = models.BooleanField(default=True, help_text="Inactive questions are not asked in new assessments.")

    objects = QuestionManager()

    class Meta:
        ordering = ["dimension__order", "order", "id"]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.code,)


class AnswerOptionManager(models.Manager):
    def get_by_natural_key(self, question_code, level):
        return self.get(question__code=question_code, level=level)


class AnswerOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    level = models.PositiveSmallIntegerField(
        validators=LEVEL_VALIDATORS, help_text="1 (Reactive) to 5 (Transformative)."
    )
    label = models.CharField(max_length=300, help_text="What an organisation at this level looks like.")

    objects = AnswerOptionManager()

    class Meta:
        ordering = ["question", "level"]
        constraints = [
            models.UniqueConstraint(fields=["question", "level"], name="one_option_per_level"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="option_level_1_to_5"),
        ]

    def __str__(self):
        return f"{self.level}. {self.label}"

    def natural_key(self):
        return (self.question.code, self.level)

    natural_key.dependencies = ["stages.question"]


class RecommendationManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Recommendation(models.Model):
    class Effort(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Impact(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="recommendations")
    target_stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text="The stage this action helps the dimension reach (2–5).",
    )
    code = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    rationale = models.TextField()
    effort = models.CharField(max_length=10, choices=Effort.choices)
    impact = models.CharField(max_length=10, choices=Impact.choices)
    order = models.PositiveSmallIntegerField(default=0)
    prerequisite = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependents",
        help_text="An action that must be under way before this one.",
    )
    steps = models.TextField(blank=True, help_text="2–4 concrete steps, one per line.")
    owner_role = models.CharField(max_length=120, blank=True, help_text="Who owns it, e.g. “Head of Customer Service”.")
    success_measure = models.CharField(
        max_length=200, blank=True, help_text="A metric and its direction, e.g. “Repeat contacts per case ↓”."
    )
    duration = models.CharField(max_length=60, blank=True, help_text="Typical duration, e.g. “6–10 weeks”.")
    addresses = models.ManyToManyField(
        "Question",
        through="RecommendationQuestion",
        related_name="recommendations",
        blank=True,
        help_text="The questions whose answers show whether this practice is already in place.",
    )

    objects = RecommendationManager()

    class Meta:
        ordering = ["dimension__order", "target_stage__number", "order", "id"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)

    def clean(self):
        # The roadmap orders actions by prerequisite; a loop would make that impossible.
        # An action not saved yet has no pk: "new" stands for it (pks are numbers).
        if self.prerequisite_id and prerequisite_loops({self.pk or "new": self.prerequisite_id}):
            raise ValidationError({"prerequisite": "This would make the action depend on itself."})
        if self.target_stage_id and self.target_stage.number < 2:
            raise ValidationError({"target_stage": "Actions lead to stages 2–5: nobody needs help reaching stage 1."})
        if (
            self.prerequisite
            and self.target_stage_id
            and self.prerequisite.target_stage.number > self.target_stage.number
        ):
            raise ValidationError({"prerequisite": "A prerequisite must aim at the same or an earlier stage."})

    def step_list(self) -> list[str]:
        return split_lines(self.steps)


class RecommendationQuestionManager(models.Manager):
    def get_by_natural_key(self, recommendation_code, question_code):
        return self.get(recommendation__code=recommendation_code, question__code=question_code)


class RecommendationQuestion(models.Model):
    """A question a recommendation addresses, and the answer level from which its practice is in place.

    The roadmap never proposes the recommendation to a respondent (or a team, by
    its median answer) who answered this question at or above `in_place_level`.
    """

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="addressed")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="addressed_by")
    in_place_level = models.PositiveSmallIntegerField(
        validators=LEVEL_VALIDATORS, help_text="The answer level (1–5) at which this practice is already in place."
    )

    objects = RecommendationQuestionManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "question"], name="one_mapping_per_question"),
            models.CheckConstraint(
                condition=models.Q(in_place_level__gte=1, in_place_level__lte=5), name="in_place_level_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.question} — in place from level {self.in_place_level}"

    def natural_key(self):
        return (*self.recommendation.natural_key(), *self.question.natural_key())

    natural_key.dependencies = ["stages.recommendation", "stages.question"]


def prerequisite_loops(changes: dict) -> set:
    """Recommendations (pks) on a prerequisite loop reachable from `changes` (pk -> prerequisite pk) once saved.

    One save may change several prerequisites (the dimension page): they are
    checked together, against the saved links of every other recommendation.
    """
    links = dict(Recommendation.objects.values_list("pk", "prerequisite_id"))
    links.update(changes)
    looped = set()
    for start in changes:
        path, current = [], start
        while current is not None and current not in path:
            path.append(current)
            current = links.get(current)
        if current is not None:  # came back to a recommendation already on the path
            looped.update(path[path.index(current) :])
    return looped
