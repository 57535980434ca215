"""Whatever deletes a counted result (its owner, a consultant, an admin, a cascade) takes it out of the aggregates."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from assessments.models import Assessment

from .models import PeerEntry


@receiver(pre_delete, sender=PeerEntry)
def withdraw_entry(sender, instance, **kwargs):
    from .services import entry_withdraw

    entry_withdraw(instance)


@receiver(post_delete, sender=Assessment)
def recount_round(sender, instance, **kwargs):
    """A response deleted from a closed round changes its team result: count the new one instead.

    After the commit: when the round itself is being deleted, the response goes
    first and the round (with its entry) just after, in the same transaction.
    """
    if instance.round_id is not None:
        _recount_after_commit(instance.round_id)


@receiver(post_save, sender="consulting.ResponseExclusion")
@receiver(post_delete, sender="consulting.ResponseExclusion")
def recount_after_exclusion(sender, instance, **kwargs):
    """A response left out of (or put back into) a closed round's team result changes that result."""
    _recount_after_commit(instance.round_id)


def _recount_after_commit(round_id: int) -> None:

    def recount():
        from consulting.models import Round

        from .services import round_entry_sync

        round = Round.objects.select_related("client").filter(pk=round_id).first()
        if round is not None and round.closed_at is not None:
            round_entry_sync(round=round)

    transaction.on_commit(recount)


def _edited(sender, **kwargs):
    from . import cache

    cache.bump()


# An admin's edit of what the sections show (names, minimums, references) shows at once.
for _model in ("Industry", "OrganisationSize", "PeerSettings", "ExternalReference", "ExternalReferenceStage"):
    post_save.connect(_edited, sender=f"peers.{_model}", dispatch_uid=f"peers-edited-{_model}-save")
    post_delete.connect(_edited, sender=f"peers.{_model}", dispatch_uid=f"peers-edited-{_model}-delete")
