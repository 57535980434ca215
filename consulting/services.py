"""Writes for the consultant area: consultants, clients, targets, rounds and their responses.

Views call these; they hold the rules (a closed round takes no new response,
an archived client's links stay shut, ...). Reads of a round's team result and
comparisons live in consulting.selectors, exports in consulting.exports.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Assessment
from maturity import anonymity

from . import plan
from .models import Client, ClientTarget, ConsultantProfile, Round

CONSULTANTS_GROUP = "Consultants"


class RoundClosed(Exception):
    """The round is closed: it takes no new responses."""


class RoundFull(Exception):
    """The round's invite link has taken as many starts as its cap allows."""


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


def client_create(
    *,
    owner,
    name: str,
    industry: str = "",
    size_band: str = "",
    notes: str = "",
    min_group_size: int = anonymity.DEFAULT_MIN_GROUP,
) -> Client:
    return Client.objects.create(
        owner=owner,
        name=name.strip(),
        industry=industry.strip(),
        size_band=size_band,
        notes=notes.strip(),
        min_group_size=anonymity.check_min_group(min_group_size),
    )


def client_update(
    *,
    client: Client,
    name: str,
    industry: str = "",
    size_band: str = "",
    notes: str = "",
    min_group_size: int | None = None,
) -> Client:
    client.name = name.strip()
    client.industry = industry.strip()
    client.size_band = size_band
    client.notes = notes.strip()
    if min_group_size is not None:
        client.min_group_size = anonymity.check_min_group(min_group_size)
    client.save(update_fields=["name", "industry", "size_band", "notes", "min_group_size"])
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
            _peers_recount(open_rounds)


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
                ClientTarget.objects.update_or_create(
                    client=client, dimension=dimension, defaults={"level": int(level)}
                )


# --- Rounds -----------------------------------------------------------------


def round_create(
    *,
    client: Client,
    title: str,
    opened_on: datetime.date | None = None,
    deadline: datetime.date | None = None,
    expected_respondents: int = 20,
    response_cap: int | None = None,
    role_options: list[str] | tuple[str, ...] = (),
    department_options: list[str] | tuple[str, ...] = (),
) -> Round:
    """A new round; its plan starts from the previous round's tailored plan (statuses carried over)."""
    if client.archived_at is not None:
        raise ClientArchived()
    with transaction.atomic():
        round = Round.objects.create(
            client=client,
            title=title.strip(),
            opened_on=opened_on or timezone.localdate(),
            deadline=deadline,
            expected_respondents=expected_respondents,
            response_cap=response_cap,
            role_options=anonymity.choices(role_options),
            department_options=anonymity.choices(department_options),
        )
        previous = plan.previous_round(round=round)
        if previous is not None:
            plan.plan_carry_over(source=previous, target=round)
    return round


def round_invite_renew(*, round: Round) -> str:
    """A new invite link for the round (its token, returned once); the previous link stops working."""
    token = round.issue_invite_token()
    Round.objects.filter(pk=round.pk).update(invite_token_hash=round.invite_token_hash)
    return token


def facilitated_link_renew(*, assessment: Assessment) -> str:
    """A new private link for a facilitated session (its token, returned once); the previous one stops working."""
    token = assessment.issue_token()
    Assessment.objects.filter(pk=assessment.pk).update(token_hash=assessment.token_hash)
    return token


def round_update(
    *,
    round: Round,
    title: str,
    opened_on: datetime.date,
    deadline: datetime.date | None = None,
    expected_respondents: int,
    response_cap: int | None = None,
    role_options: list[str] | tuple[str, ...] = (),
    department_options: list[str] | tuple[str, ...] = (),
) -> Round:
    """Change a round's settings. Answers already given keep the role and department they were given with."""
    round.title = title.strip()
    round.opened_on = opened_on
    round.deadline = deadline
    round.expected_respondents = expected_respondents
    round.response_cap = response_cap
    round.role_options = anonymity.choices(role_options)
    round.department_options = anonymity.choices(department_options)
    fields = ["title", "opened_on", "deadline", "expected_respondents", "response_cap"]
    round.save(update_fields=[*fields, "role_options", "department_options"])
    return round


def round_close(*, round: Round) -> None:
    with transaction.atomic():
        open_rounds = _open_rounds_locked(Round.objects.filter(pk=round.pk))
        Round.objects.filter(pk__in=open_rounds).update(closed_at=timezone.now())
        _peers_recount(open_rounds)
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
        _peers_recount([round.pk])
    round.refresh_from_db(fields=["closed_at"])


def _peers_recount(round_ids) -> None:
    """A round's team result counts in peer comparisons once it is closed, and stops when it reopens."""
    from peers.services import round_entry_sync  # peers reads team results from consulting.selectors

    for round in Round.objects.filter(pk__in=round_ids).select_related("client"):
        round_entry_sync(round=round)


def round_response_start(
    *,
    round: Round,
    respondent_name: str = "",
    respondent_role: str = "",
    department: str = "",
    facilitated: bool = False,
    invited: bool = False,
) -> Assessment:
    """Start an assessment in the round; raises RoundClosed once the round is closed.

    A start through the invite link (`invited`) raises RoundFull once the
    round has taken its cap of starts: the link is exempt from the public
    per-address limit (a whole company may share one address), so the cap
    is what bounds a leaked link. A consultant's own facilitated session is
    never refused for it.

    The round row is locked so that a response cannot slip in while the
    consultant closes the round, and two starts cannot both take the last place.
    """
    with transaction.atomic():
        # Only the round's row (of=self): client_archive and round_reopen lock the
        # client and then the round, so locking both here could deadlock with them.
        locked = Round.objects.select_for_update(of=("self",)).select_related("client").get(pk=round.pk)
        # Round.accepts_responses checks the client too: an archived client's links
        # stay shut whatever happened to the round since it was archived.
        if not locked.accepts_responses:
            raise RoundClosed()
        if invited and locked.cap_reached:
            raise RoundFull()
        # Under the row lock, so two people starting at once get different numbers.
        locked.respondents_started += 1
        locked.skip_history_when_saving = True  # a start is not an edit of the round
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
