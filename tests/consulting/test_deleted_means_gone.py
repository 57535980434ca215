"""A deleted response leaves nothing in the cache: its own PDFs and every cached team PDF of its round."""

from django.core.cache import cache
from django.urls import reverse

from assessments import pdf


def round_pdf_keys(round) -> list:
    return cache.get(pdf.group_key(f"round:{round.pk}")) or []


def still_cached(keys) -> list:
    return [key for key in keys if cache.get(key) is not None]


def test_respondent_deleting_their_answers_purges_the_cached_team_pdf(alice, client, acme_round, respond):
    cache.clear()
    leaving = respond(acme_round, 2, name="Dana")
    respond(acme_round, 4, name="Sam")
    alice.get(reverse("consulting:round_pdf", args=[acme_round.pk]))
    alice.get(reverse("consulting:round_pdf", args=[acme_round.pk]), {"size": "letter"})
    keys = round_pdf_keys(acme_round)
    before = still_cached(keys)

    client.post(reverse("assessments:delete", args=[leaving.token]))

    assert (len(before), still_cached(keys)) == (2, [])


def test_deleting_in_admin_purges_the_cached_team_pdf_too(alice, acme_round, respond):
    cache.clear()
    leaving = respond(acme_round, 2)
    respond(acme_round, 4)
    alice.get(reverse("consulting:round_pdf", args=[acme_round.pk]))
    keys = round_pdf_keys(acme_round)
    before = still_cached(keys)

    leaving.delete()  # what admin's delete and purge_unfinished do

    assert (len(before), still_cached(keys)) == (1, [])
