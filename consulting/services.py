"""Writes and reads for the consultant area: clients, rounds, targets, team results, export.

Views call these; they hold the rules (a closed round takes no new response,
a team result is built from frozen results only, ...). The maths lives in
consulting.aggregation, which knows nothing about Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from assessments import roadmap
from assessments import services as assessment_services
from assessments.models import Answer, Assessment
from assessments.scoring import displayed
from . import aggregation, export
from .models import Client, ClientTarget, ConsultantProfile, Round

CONSULTANTS_GROUP = "Consultants"
MAX_ROLE_TRACES = 5
TEAM_SERIES_NAME = "Team (all answers)"


class RoundClosed(Exception):
    """The round is closed: it takes no new responses."""


class ClientArchived(Exception):
    """The client is archived: none of its rounds can be opened or take responses until it is unarchived."""


# --- Consultants ------------------------------------------------------------


def user_is_consultant(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=CONSULTANTS_GROUP).exists()


def consultant_add(*, user) -> None:
    """Put a user in the Consultants group."""
    group, _ = Group.objects.get_or_create(name=CONSULTANTS_GROUP)
    user.groups.add(group)


def profile_get(*, user) -> ConsultantProfile:
    profile, _ = ConsultantProfile.objects.get_or_create(user=user)
    return profile


def profile_update(*, user, first_name: str, last_name: str, firm: str) -> ConsultantProfile:
    with transaction.atomic():
        user.first_name = first_name.strip()
        user.last_name = last_name.strip()
        user.save(update_fields=["first_name", "last_name"])
        profile = profile_get(user=user)
        profile.firm = firm.strip()
        profile.save(update_fields=["firm"])
    return profile


def consultant_display_name(*, user) -> str:
    """ "Name, Firm" for PDF covers (the username when no name is set)."""
    profile = ConsultantProfile.objects.filter(user=user).select_related("user").first()
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or user.get_username()


# --- Clients ----------------------------------------------------------------


def client_create(*, owner, name: str, industry: str = "", size_band: str = "", notes: str = "") -> Client:
    return Client.objects.create(
        owner=owner, name=name.strip(), industry=industry.strip(), size_band=size_band, notes=notes.strip()
    )


def client_update(*, client: Client, name: str, industry: str = "", size_band: str = "", notes: str = "") -> Client:
    client.name = name.strip()
    client.industry = industry.strip()
    client.size_band = size_band
    client.notes = notes.strip()
    client.save(update_fields=["name", "industry", "size_band", "notes"])
    return client


def client_archive(*, client: Client) -> None:
    """Archive a client and close its open rounds: an archived client's invite links stop taking answers."""
    if client.archived_at is None:
        with transaction.atomic():
            # The same lock round_reopen takes: a reopen cannot slip in between the two updates.
            Client.objects.select_for_update().get(pk=client.pk)
            open_rounds = _open_rounds_locked(client.rounds.all())
            now = timezone.now()
            Client.objects.filter(pk=client.pk).update(archived_at=now)
            client.archived_at = now
            Round.objects.filter(pk__in=open_rounds).update(closed_at=now)


def client_unarchive(*, client: Client) -> None:
    if client.archived_at is not None:
        client.archived_at = None
        client.save(update_fields=["archived_at"])


def client_search(*, owner, query: str = "", archived: bool = False):
    """The owner's clients, active ones (or archived ones only), filtered by name/industry/notes."""
    from django.db.models import Q

    clients = Client.objects.owned_by(owner)
    clients = clients.filter(archived_at__isnull=not archived)
    query = query.strip()
    if query:
        clients = clients.filter(Q(name__icontains=query) | Q(industry__icontains=query) | Q(notes__icontains=query))
    return clients


def client_targets(*, client: Client) -> dict[str, int]:
    """Dimension slug -> target level, for the dimensions that have one."""
    return dict(client.targets.values_list("dimension__slug", "level"))


def client_targets_set(*, client: Client, levels: dict) -> None:
    """Save targets: levels maps Dimension -> 1..5, or None to go back to "next stage"."""
    with transaction.atomic():
        for dimension, level in levels.items():
            if level is None:
                ClientTarget.objects.filter(client=client, dimension=dimension).delete()
            else:
                ClientTarget.objects.update_or_create(client=client, dimension=dimension, defaults={"level": int(level)})


# --- Rounds -----------------------------------------------------------------


def round_create(*, client: Client, title: str, opened_on: datetime.date | None = None) -> Round:
    if client.archived_at is not None:
        raise ClientArchived()
    return Round.objects.create(client=client, title=title.strip(), opened_on=opened_on or timezone.localdate())


def round_close(*, round: Round) -> None:
    with transaction.atomic():
        open_rounds = _open_rounds_locked(Round.objects.filter(pk=round.pk))
        Round.objects.filter(pk__in=open_rounds).update(closed_at=timezone.now())
    round.refresh_from_db(fields=["closed_at"])


def _open_rounds_locked(rounds) -> list[int]:
    """The ids of the open ones of `rounds`, locked (inside a transaction) before anyone reads the clock.

    A finish holding a round's lock commits before the close time is read, so
    no response counted in a closed round reads as completed after the close.
    """
    return list(rounds.select_for_update().filter(closed_at__isnull=True).values_list("pk", flat=True))


def round_reopen(*, round: Round) -> None:
    """Reopen a round; raises ClientArchived for an archived client, whose invite links must stay shut."""
    with transaction.atomic():
        # Lock the client row: archiving in another request either sees the round
        # reopened (and closes it again) or happens after we refused.
        client = Client.objects.select_for_update().get(pk=round.client_id)
        if client.archived_at is not None:
            raise ClientArchived()
        Round.objects.filter(pk=round.pk).update(closed_at=None)
    round.refresh_from_db(fields=["closed_at"])


def round_response_start(
    *,
    round: Round,
    respondent_name: str = "",
    respondent_role: str = "",
    department: str = "",
    facilitated: bool = False,
) -> Assessment:
    """Start an assessment in the round; raises RoundClosed once the round is closed.

    The round row is locked so that a response cannot slip in while the
    consultant closes the round.
    """
    with transaction.atomic():
        # Only the round's row (of=self): client_archive and round_reopen lock the
        # client and then the round, so locking both here could deadlock with them.
        locked = Round.objects.select_for_update(of=("self",)).select_related("client").get(pk=round.pk)
        # Round.accepts_responses checks the client too: an archived client's links
        # stay shut whatever happened to the round since it was archived.
        if not locked.accepts_responses:
            raise RoundClosed()
        # Under the row lock, so two people starting at once get different numbers.
        locked.respondents_started += 1
        locked.save(update_fields=["respondents_started"])
        return assessment_services.assessment_start(
            round=locked,
            organisation_name=locked.client.name,
            respondent_name=respondent_name,
            respondent_number=locked.respondents_started,
            respondent_role=respondent_role,
            department=department,
            facilitated=facilitated,
        )


@dataclass(frozen=True)
class Respondent:
    label: str
    assessment: Assessment


def round_respondents(*, round: Round) -> list[Respondent]:
    """Everyone who started in the round, oldest first, labelled by name or "Respondent N" (N never reused)."""
    assessments = Assessment.objects.filter(round=round).order_by("created_at", "id")
    return [
        Respondent(label=a.respondent_name or f"Respondent {a.respondent_number or i}", assessment=a)
        for i, a in enumerate(assessments, start=1)
    ]


# --- Team results -------------------------------------------------------------


@dataclass
class TeamResult:
    round: Round
    respondents: list[Respondent]
    started: int
    completed: int
    completion_rate: float | None
    dimensions: list[aggregation.Dimension]
    short_names: dict
    summaries: list[aggregation.DimensionSummary]
    disagreements: list[aggregation.Disagreement]
    by_role: aggregation.Breakdown
    by_department: aggregation.Breakdown
    pooled: dict | None  # result_build() of every respondent's answers in one set, None without responses
    targets: dict

    @property
    def has_placement(self) -> bool:
        return bool(self.pooled and self.pooled.get("complete"))

    @property
    def means(self) -> dict:
        return {s.key: s.mean for s in self.summaries}

    @property
    def stage_number(self) -> int | None:
        return self.pooled["stage"]["number"] if self.has_placement else None

    @property
    def target_levels(self) -> list:
        """The target trace of the pooled result (client targets, else the next stage), per dimension."""
        if not self.has_placement:
            return [self.targets.get(d.key) for d in self.dimensions]
        return list(self.pooled["chart"]["series"][1][1])

    @property
    def rows(self) -> list[dict]:
        """One row per dimension for the team table."""
        pooled = {d["key"]: d["score"] for d in self.pooled["dimensions"]} if self.pooled else {}
        return [
            {"summary": s, "pooled": pooled.get(s.key), "target": t}
            for s, t in zip(self.summaries, self.target_levels)
        ]

    @property
    def last_completed_at(self):
        times = [r.assessment.completed_at for r in self.respondents if r.assessment.completed_at]
        return max(times) if times else None


def _dimension_specs(inputs: dict) -> tuple[list[aggregation.Dimension], dict]:
    dims = [aggregation.Dimension(key=d.slug, name=d.name) for d in inputs["dimensions"]]
    return dims, {d.slug: d.short_name for d in inputs["dimensions"]}


def _response(label: str, assessment: Assessment) -> aggregation.Response:
    result = assessment.result
    return aggregation.Response(
        respondent=label,
        role=assessment.respondent_role,
        department=assessment.department,
        scores={d["key"]: d["score"] for d in result["dimensions"]},
        answers=[
            aggregation.AnswerLevel(dimension=a["dimension"], question=a["question"], level=a["level"], text=a.get("text", ""))
            for a in result.get("answers", [])
        ],
    )


def frozen_answers(result: dict) -> list[roadmap.AnsweredQuestion]:
    """A completed result's answers, as the respondent saw them, as plain data."""
    return [
        roadmap.AnsweredQuestion(
            dimension=a["dimension"],
            question=a["question"],
            text=a.get("text", ""),
            level=a["level"],
            label=a.get("label", ""),
            note=a.get("note", ""),
        )
        for a in result.get("answers", [])
    ]


def round_model_inputs(*, round: Round) -> dict:
    """The model this round's team result is scored against, frozen on first use.

    Called once the round has a completed response. Two requests may build
    the first team result at once: the conditional update lets one snapshot
    win, and both then read that one.
    """
    if round.model_snapshot is None:
        snapshot = assessment_services.model_inputs_to_json(assessment_services.model_inputs())
        Round.objects.filter(pk=round.pk, model_snapshot__isnull=True).update(model_snapshot=snapshot)
        round.model_snapshot = Round.objects.values_list("model_snapshot", flat=True).get(pk=round.pk)
    return assessment_services.model_inputs_from_json(round.model_snapshot)


def round_team_result(*, round: Round) -> TeamResult:
    """Everything the team page, PDF and comparison need, from the frozen results of the round.

    Completed results never change, and the pooled answers are scored against
    the model frozen with the round's first team result (round_model_inputs),
    so a team result, once shown, never changes either, unless more people respond.
    """
    respondents = round_respondents(round=round)
    done = [r for r in respondents if r.assessment.completed_at is not None and r.assessment.result]
    inputs = round_model_inputs(round=round) if done else assessment_services.model_inputs()
    if done:
        # Score against the dimensions the frozen results were given on: a
        # dimension added later must not make a finished round incomplete.
        present = {d["key"] for r in done for d in r.assessment.result.get("dimensions", [])}
        inputs = {
            **inputs,
            "specs": [s for s in inputs["specs"] if s.key in present],
            "dimensions": [d for d in inputs["dimensions"] if d.slug in present],
        }
    dims, short_names = _dimension_specs(inputs)
    responses = [_response(r.label, r.assessment) for r in done]
    targets = client_targets(client=round.client)
    pooled = None
    if done:
        known = {d.key for d in dims}
        answers = [a for r in done for a in frozen_answers(r.assessment.result) if a.dimension in known]
        pooled = assessment_services.result_build(answers=answers, inputs=inputs, targets=targets or None)
        pooled["respondents"] = len(done)
        for gap in (pooled.get("roadmap") or {}).get("gaps", []):
            gap["holding_back"] = aggregation.condense_holding_back(gap["holding_back"])
        if pooled.get("chart"):
            pooled["chart"]["series"][0][0] = TEAM_SERIES_NAME
    return TeamResult(
        round=round,
        respondents=respondents,
        started=len(respondents),
        completed=len(done),
        completion_rate=aggregation.completion_rate(completed=len(done), started=len(respondents)),
        dimensions=dims,
        short_names=short_names,
        summaries=aggregation.dimension_summaries(responses, dims),
        disagreements=aggregation.disagreements(responses),
        by_role=aggregation.group_breakdown(responses, dims, by="role"),
        by_department=aggregation.group_breakdown(responses, dims, by="department"),
        pooled=pooled,
        targets=targets,
    )


def team_chart_series(team: TeamResult) -> list[tuple[str, list]]:
    """Radar traces: team mean, one per role (2..5 roles) or else lowest/highest, and the target."""
    series = [("Team mean", [chart_value(s.mean) for s in team.summaries])]
    roles = team.by_role.stated_groups
    if 2 <= len(roles) <= MAX_ROLE_TRACES:
        series += [(g.name, [chart_value(g.means[d.key]) for d in team.dimensions]) for g in roles]
    elif team.completed > 1:
        series.append(("Lowest respondent", [chart_value(s.minimum) for s in team.summaries]))
        series.append(("Highest respondent", [chart_value(s.maximum) for s in team.summaries]))
    series.append(("Target", team.target_levels))
    return series


def chart_value(value: float | None) -> float | None:
    """A score as a chart's hover shows it: the figure the table beside it shows (cut, not rounded)."""
    return None if value is None else displayed(value)


def team_labels(team: TeamResult) -> list[str]:
    return [team.short_names.get(d.key, d.name) for d in team.dimensions]


# --- Comparison ---------------------------------------------------------------


def rounds_with_results(*, client: Client) -> list[Round]:
    """The client's rounds with at least one completed response, latest first."""
    return list(
        client.rounds.filter(assessments__completed_at__isnull=False).distinct().order_by("-opened_on", "-id")
    )


@dataclass
class Comparison:
    before: TeamResult
    after: TeamResult
    deltas: list[aggregation.Delta]
    movement: str

    @property
    def stage_change(self) -> int | None:
        if self.before.stage_number is None or self.after.stage_number is None:
            return None
        return self.after.stage_number - self.before.stage_number


def rounds_compare(*, before: Round, after: Round) -> Comparison:
    old = round_team_result(round=before)
    new = round_team_result(round=after)
    return Comparison(
        before=old,
        after=new,
        deltas=aggregation.compare(before=old.means, after=new.means, dimensions=new.dimensions),
        movement=aggregation.stage_movement(old.stage_number, new.stage_number),
    )


# --- Export -------------------------------------------------------------------

CSV_HEADER = [
    "Respondent number",
    "Respondent",
    "Role",
    "Department",
    "Dimension",
    "Question code",
    "Question",
    "Level",
    "Answer",
    "Note",
    "Completed at (UTC)",
    # Last, so the columns before keep their places; they make CSVs of several rounds
    # or clients safe to paste into one sheet.
    "Mode",
    "Client",
    "Round",
]


def round_csv(*, round: Round) -> bytes:
    """One row per answer of everyone in the round (unfinished responses have no completion time).

    A completed response is exported from its frozen result: the wording of
    the questions and answers as the respondent saw them, whatever was edited
    in admin since. An unfinished one is exported as it stands.
    """
    respondents = round_respondents(round=round)
    unfinished = [r.assessment.pk for r in respondents if not r.assessment.result]
    saved: dict[int, list] = {pk: [] for pk in unfinished}
    answers = (
        Answer.objects.filter(assessment_id__in=unfinished)
        .select_related("question__dimension", "option")
        .order_by("question__dimension__order", "question__order", "question__id")
    )
    for answer in answers:
        saved[answer.assessment_id].append(answer)

    def rows():
        for respondent in respondents:
            a = respondent.assessment
            if a.result:
                names = {d["key"]: d["name"] for d in a.result["dimensions"]}
                answers = frozen_answers(a.result)
                completed = a.completed_at.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
            else:
                names = {row.question.dimension.slug: row.question.dimension.name for row in saved[a.pk]}
                answers = assessment_services.answered_questions(saved[a.pk])
                completed = ""
            who = [a.respondent_number, respondent.label, a.respondent_role, a.department]
            where = ["Facilitated" if a.facilitated else "Invite link", round.client.name, round.title]
            for answer in answers:
                dimension = names.get(answer.dimension, answer.dimension)
                yield who + [dimension, answer.question, answer.text, answer.level, answer.label, answer.note, completed] + where

    return export.csv_bytes(CSV_HEADER, rows())
