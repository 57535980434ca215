"""A consultant's clients and the assessment rounds run with them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cxmaturity.tokens import new_token, token_hash
from maturity import anonymity
from maturity import plan as plan_rules

# An invite link is as much a bearer key as a private results link, so it is made
# and kept the same way; the old name stays because migration 0001 refers to it.
new_invite_token = new_token


class ClientQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def active(self):
        return self.filter(archived_at__isnull=True)


class Client(models.Model):
    class SizeBand(models.TextChoices):
        MICRO = "1-9", "1–9 employees"
        SMALL = "10-49", "10–49 employees"
        MEDIUM = "50-249", "50–249 employees"
        LARGE = "250-999", "250–999 employees"
        ENTERPRISE = "1000+", "1,000+ employees"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(max_length=120)
    industry = models.CharField(max_length=120, blank=True)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # A role or department group smaller than this is never shown apart from the team
    # (maturity.anonymity); its answers still count in the team figures.
    min_group_size = models.PositiveSmallIntegerField(
        "Minimum group size",
        default=anonymity.DEFAULT_MIN_GROUP,
        validators=[MinValueValidator(anonymity.MIN_GROUP_FLOOR), MaxValueValidator(1000)],
        help_text=(
            "A role or department with fewer respondents than this is never shown separately "
            f"(page, PDF, exports); its answers still count in the team figures. At least {anonymity.MIN_GROUP_FLOOR}."
        ),
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=anonymity.MIN_GROUP_FLOOR), name="min_group_size_at_least_3"
            )
        ]

    def __str__(self):
        return self.name


class ClientTarget(models.Model):
    """A client's target level for one dimension (default: the next stage)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="targets")
    dimension = models.ForeignKey("stages.Dimension", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "dimension"], name="one_target_per_dimension")]

    def __str__(self):
        return f"{self.dimension_id}: level {self.level}"


class RoundQuerySet(models.QuerySet):
    def by_invite_token(self, token: str):
        return self.filter(invite_token_hash=token_hash(token))


class Round(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(max_length=120)
    opened_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # Only the SHA-256 of the invite link's token, as for a respondent's link (cxmaturity/tokens.py).
    invite_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The maturity model (assessments.services.model_inputs_to_json) the team
    # result is scored against, frozen the first time that result is built:
    # editing the model in admin must not change a team placement, PDF or
    # comparison a consultant has already seen or handed out.
    model_snapshot = models.JSONField(null=True, blank=True, editable=False)
    # How many responses were ever started here: the next one is numbered one more.
    respondents_started = models.PositiveIntegerField(default=0, editable=False)
    # Plain text, paragraphs split by blank lines: shown escaped on the page and the team PDF.
    summary = models.TextField("Executive summary", blank=True)

    # Who renamed the round or rewrote its summary, and when. The model snapshot
    # is left out (large, and never edited by a person); starts and closes are
    # written with update() or skip_history_when_saving, so they add no rows.
    history = HistoricalRecords(excluded_fields=["model_snapshot", "respondents_started", "invite_token_hash"])
    # What respondents choose their role and department from ("Prefer not to say" is
    # always offered too): free text made "Agent", "CSR" and "Front line" three groups.
    role_options = models.JSONField(default=list, blank=True)
    department_options = models.JSONField(default=list, blank=True)
    # The invite link takes at most response_cap starts (blank: CAP_MULTIPLE x expected):
    # a company behind one address is not held to the public per-address limit, and a
    # leaked link cannot flood the round.
    expected_respondents = models.PositiveIntegerField(
        default=20, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    response_cap = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(300_000)]
    )
    deadline = models.DateField(null=True, blank=True)

    CAP_MULTIPLE = 3

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self):
        return f"{self.client} — {self.title}"

    def save(self, *args, **kwargs):
        if not self.invite_token_hash:
            self.issue_invite_token()
        super().save(*args, **kwargs)

    @property
    def invite_token(self) -> str | None:
        """The invite link's raw token, known only on a round just created or given a new link; never stored."""
        return getattr(self, "_invite_token", None)

    @invite_token.setter
    def invite_token(self, value: str) -> None:
        self._invite_token = value
        self.invite_token_hash = token_hash(value)

    def issue_invite_token(self) -> str:
        """A new invite link for this round (saved with it); the old link stops working."""
        self.invite_token = new_invite_token()
        return self.invite_token

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def cap(self) -> int:
        """How many starts the invite link takes in all."""
        return self.response_cap or self.CAP_MULTIPLE * self.expected_respondents

    @property
    def cap_reached(self) -> bool:
        return self.respondents_started >= self.cap

    @property
    def accepts_responses(self) -> bool:
        """Open, and its client not archived (an archived client's links stay shut)."""
        return self.closed_at is None and self.client.archived_at is None


class ConsultantProfile(models.Model):
    """What a consultant's client-facing documents say about them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant_profile")
    firm = models.CharField(max_length=120, blank=True, help_text="Shown after your name on team PDF roadmaps.")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name}, {self.firm}" if self.firm else name


class PlanItem(models.Model):
    """A consultant's edits to one action of a round's plan, or an action of their own.

    A roadmap recommendation is named by its stable ``code`` (the frozen team
    roadmap is never changed: these rows are laid over it by
    maturity.plan.tailor); the consultant's own actions have no code and carry
    their own title, steps and horizon.
    """

    Status = models.TextChoices("Status", [(k, v) for k, v in plan_rules.STATUS_LABELS.items()])

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="plan_items")
    code = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=200, blank=True)
    steps = models.TextField(blank=True)
    horizon = models.CharField(max_length=32, blank=True)
    dimension = models.CharField(max_length=64, blank=True)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    owner = models.CharField(max_length=120, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=plan_rules.NOT_STARTED)
    position = models.PositiveIntegerField(null=True, blank=True)
    # The item of the previous round this one was carried over from (tracking across rounds).
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code"], condition=~models.Q(code=""), name="one_plan_item_per_recommendation"
            )
        ]

    def __str__(self):
        return self.title or self.code

    @property
    def custom(self) -> bool:
        return not self.code


class ResponseExclusion(models.Model):
    """A completed response left out of its round's team result (a test, an abandoned or duplicate answer)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="exclusions")
    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="exclusion")
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.assessment_id} excluded: {self.reason}"


class RoundFigures(models.Model):
    """A round's team figures as last built (maturity.team_figures), under the key of what they were built from.

    Not a cache that can go stale: consulting.selectors.team_figures recomputes
    the key from the database on every read and rebuilds when it differs. Kept
    apart from Round so loading a round never loads them, and out of history.
    """

    round = models.OneToOneField(Round, on_delete=models.CASCADE, primary_key=True, related_name="figures")
    key = models.CharField(max_length=64)
    data = models.JSONField()
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "round figures"

    def __str__(self):
        return f"Team figures of round {self.round_id}"
