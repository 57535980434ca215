"""Peer comparison: segment lists, consent, anonymised entries, per-segment aggregates, external references.

Only aggregates are ever read to show a comparison. A PeerEntry remembers
exactly what one counted result added to the aggregates (its segment and
scores), so that withdrawing consent or deleting the result takes exactly
that back out.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Industry(models.Model):
    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "industries"

    def __str__(self):
        return self.name


class OrganisationSize(models.Model):
    name = models.CharField(max_length=80, unique=True)
    # A consultant's client already has a size band (consulting.Client.SizeBand):
    # the band with this code maps to this size.
    client_size_band = models.CharField(
        max_length=10, blank=True, help_text="The client size band (e.g. 1000+) that means this size."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PeerSettings(models.Model):
    """The minimum number of results a segment needs before any figure of it is shown (one row)."""

    min_segment = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(5), MaxValueValidator(1000)],
        help_text="Results an industry or size segment needs before it is shown (at least 5).",
    )
    min_everyone = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(1000)],
        help_text="Results needed before a comparison with everyone is shown (at least 3).",
    )

    class Meta:
        verbose_name = "minimum sample sizes"
        verbose_name_plural = "minimum sample sizes"

    def __str__(self):
        return f"Segments from {self.min_segment} results, everyone from {self.min_everyone}"

    @classmethod
    def current(cls) -> "PeerSettings":
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings


class AssessmentPeers(models.Model):
    """An individual respondent's segment and consent (asked once on the results page; off until they agree)."""

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, primary_key=True, related_name="peers"
    )
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    size = models.ForeignKey(OrganisationSize, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    consent = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "respondent's comparison choice"

    def __str__(self):
        return f"Assessment {self.assessment_id}: {'counts' if self.consent else 'does not count'}"


class ClientPeers(models.Model):
    """A client's segment and whether its closed rounds' team results count (the consultant decides)."""

    client = models.OneToOneField("consulting.Client", on_delete=models.CASCADE, primary_key=True, related_name="peers")
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    size = models.ForeignKey(OrganisationSize, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    consent = models.BooleanField(default=False)

    class Meta:
        verbose_name = "client's comparison choice"

    def __str__(self):
        return f"Client {self.client_id}: {'counts' if self.consent else 'does not count'}"


class PeerEntry(models.Model):
    """One counted result: an individual's completed assessment or a closed round's team result."""

    assessment = models.OneToOneField(
        "assessments.Assessment", null=True, blank=True, on_delete=models.CASCADE, related_name="peer_entry"
    )
    round = models.OneToOneField(
        "consulting.Round", null=True, blank=True, on_delete=models.CASCADE, related_name="peer_entry"
    )
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    size = models.ForeignKey(OrganisationSize, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(help_text="metric -> score, exactly as added to the aggregates")
    counted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "peer entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assessment__isnull=False, round__isnull=True)
                | models.Q(assessment__isnull=True, round__isnull=False),
                name="peer_entry_one_source",
            )
        ]

    def __str__(self):
        return f"Assessment {self.assessment_id}" if self.assessment_id else f"Round {self.round_id}"


class SegmentAggregate(models.Model):
    """One segment's counted results: how many, and a histogram per metric at 0.01 (maturity.peers)."""

    key = models.CharField(max_length=40, unique=True)
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    size = models.ForeignKey(OrganisationSize, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)
    histograms = models.JSONField(default=dict)
    # Decided from all segments' counts (maturity.peers.publishable) at every change.
    published = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.key}: {self.count}"


class ExternalReference(models.Model):
    """A published distribution of organisations by maturity stage from another model's survey."""

    publisher = models.CharField(max_length=120, help_text="e.g. XM Institute")
    title = models.CharField(max_length=200, help_text="The survey or report, e.g. State of CX Management")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    sample_size = models.PositiveIntegerField(help_text="Respondents in the survey.")
    population = models.CharField(
        max_length=240, help_text="Who answered, e.g. CX practitioners at 1,000+ employee firms"
    )
    model_name = models.CharField(max_length=200, help_text="The publisher's own maturity model the stages belong to.")
    source_url = models.URLField(blank=True)
    caveat = models.CharField(max_length=300, blank=True)
    shown = models.BooleanField(default=True)

    class Meta:
        ordering = ["-year", "publisher"]

    def __str__(self):
        return f"{self.publisher}, {self.title} {self.year}"


class ExternalReferenceStage(models.Model):
    reference = models.ForeignKey(ExternalReference, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    share = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)], help_text="%"
    )
    derived = models.BooleanField(default=False, help_text="The remainder to 100%, not stated in the source.")

    class Meta:
        ordering = ["reference", "number"]
        constraints = [models.UniqueConstraint(fields=["reference", "number"], name="one_share_per_stage")]

    def __str__(self):
        return f"{self.number} {self.name}: {self.share}%"
