"""Assessments: one respondent's answers and, once finished, their frozen result."""

from django.db import models

from cxmaturity.tokens import new_token, token_hash
from maturity.result import Result


class AssessmentQuerySet(models.QuerySet):
    def by_token(self, token: str):
        return self.filter(token_hash=token_hash(token))

    def completed(self):
        return self.filter(completed_at__isnull=False)

    def unfinished(self):
        return self.filter(completed_at__isnull=True)


class Assessment(models.Model):
    # Only the SHA-256 of the private link's token (see cxmaturity/tokens.py): a database dump
    # must not hand out anyone's results. The token itself lives in the link, nowhere else.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    organisation_name = models.CharField(max_length=120, blank=True)
    respondent_role = models.CharField(max_length=120, blank=True)
    # Rounds run by consultants add who answered; anonymous assessments leave these blank.
    round = models.ForeignKey(
        "consulting.Round", null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    respondent_name = models.CharField(max_length=120, blank=True)
    # "Respondent 3" in a round: numbered in the order people started, and never
    # renumbered, so a label in an exported CSV still means the same person after
    # someone else deletes their answers.
    respondent_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    department = models.CharField(max_length=120, blank=True)
    facilitated = models.BooleanField(default=False, help_text="Filled live by a consultant, with notes.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Everything the results page and PDF show, frozen at completion so later
    # edits of the model never change a result already given.
    result = models.JSONField(null=True, blank=True, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["completed_at", "created_at"])]

    def __str__(self):
        return self.organisation_name or f"Assessment {self.pk}"

    def save(self, *args, **kwargs):
        if not self.token_hash:
            self.issue_token()
        super().save(*args, **kwargs)

    @property
    def token(self) -> str | None:
        """The raw token, known only on an instance just created or loaded by its link; never stored."""
        return getattr(self, "_token", None)

    @token.setter
    def token(self, value: str) -> None:
        self._token = value
        self.token_hash = token_hash(value)

    def issue_token(self) -> str:
        """A new token for this assessment (saved with it); any link with the old one stops working."""
        self.token = new_token()
        return self.token

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def snapshot(self) -> Result | None:
        """The frozen result, typed (maturity.result); None until completed.

        Decoded once per loaded value: `result` is the stored JSON, and
        refresh_from_db (or a deferred load) replaces it, which decodes anew.
        A frozen result is never edited in place (assigning a new `result`
        decodes anew; changing the stored dict's contents would not).
        """
        if self.result is None:
            return None
        cached = self.__dict__.get("_snapshot")
        if cached is None or cached[0] is not self.result:
            cached = (self.result, Result.from_json(self.result))
            self.__dict__["_snapshot"] = cached
        return cached[1]


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    # PROTECT: a question or option someone answered cannot be deleted from under them.
    question = models.ForeignKey("stages.Question", on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        "stages.AnswerOption", null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    note = models.TextField(blank=True, help_text="Evidence noted in a facilitated session.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.question.code}: {self.option.level if self.option else 'not sure'}"

    @property
    def not_sure(self) -> bool:
        return self.option_id is None
