"""Consent, counting once, withdrawal and deletion, segment fallback and minimum sizes."""

import pytest
from django.urls import reverse

from consulting import services as consulting_services
from maturity import peers as core
from maturity.result import Result
from peers import selectors, services
from peers.models import PeerEntry, PeerSettings, SegmentAggregate

from .conftest import fake_result


def everyone():
    return SegmentAggregate.objects.get(key=core.EVERYONE.key)


def lookup(industry=None, size=None, overall=3.0):
    return selectors.comparison(
        industry_id=industry.pk if industry else None,
        size_id=size.pk if size else None,
        result=Result.from_json(fake_result(overall)),
    )


# --- Consent --------------------------------------------------------------------------


def test_a_completed_assessment_does_not_count_until_its_respondent_agrees(make_assessment):
    make_assessment(3)

    assert PeerEntry.objects.count() == 0
    assert SegmentAggregate.objects.filter(count__gt=0).count() == 0


def test_agreeing_counts_the_result_once_in_every_segment_of_its_chain(make_assessment, retail, large):
    assessment = make_assessment(3)

    services.assessment_peers_set(assessment=assessment, industry=retail, size=large, consent=True)
    services.assessment_peers_set(assessment=assessment, industry=retail, size=large, consent=True)

    counts = dict(SegmentAggregate.objects.values_list("key", "count"))
    assert counts == {
        f"{retail.pk}/{large.pk}": 1,
        f"{retail.pk}/*": 1,
        f"*/{large.pk}": 1,
        "*/*": 1,
    }
    assert core.size(everyone().histograms["overall"]) == 1


def test_withdrawing_consent_takes_the_result_out_of_every_aggregate(make_assessment, retail, large):
    assessment = make_assessment(3)
    services.assessment_peers_set(assessment=assessment, industry=retail, size=large, consent=True)

    services.assessment_peers_set(assessment=assessment, industry=retail, size=large, consent=False)

    assert PeerEntry.objects.count() == 0
    assert set(SegmentAggregate.objects.values_list("count", flat=True)) == {0}
    assert all(core.size(h) == 0 for row in SegmentAggregate.objects.all() for h in row.histograms.values())


def test_changing_segment_moves_the_result(counted, retail, banking):
    [assessment] = counted(industry=retail)

    services.assessment_peers_set(assessment=assessment, industry=banking, size=None, consent=True)

    counts = dict(SegmentAggregate.objects.values_list("key", "count"))
    assert counts == {f"{retail.pk}/*": 0, f"{banking.pk}/*": 1, "*/*": 1}


def test_deleting_an_assessment_from_its_results_page_takes_it_out(client, make_assessment, retail):
    assessment = make_assessment(3)
    services.assessment_peers_set(assessment=assessment, industry=retail, size=None, consent=True)

    client.post(reverse("assessments:delete", args=[assessment.token]))

    assert PeerEntry.objects.count() == 0
    assert everyone().count == 0
    assert core.size(everyone().histograms["overall"]) == 0


def test_a_response_in_a_round_never_counts_on_its_own(acme_round, respond, retail):
    response = respond(acme_round, 3)

    services.assessment_peers_set(assessment=response, industry=retail, size=None, consent=True)

    assert PeerEntry.objects.count() == 0


# --- Rounds ---------------------------------------------------------------------------


def agree_for(client_, industry=None, size=None):
    services.client_peers_set(client=client_, industry=industry, size=size, consent=True)


def test_a_closed_round_of_a_client_that_counts_counts_once(acme, acme_round, respond, retail):
    respond(acme_round, 2)
    respond(acme_round, 4)
    agree_for(acme, industry=retail)

    consulting_services.round_close(round=acme_round)
    consulting_services.round_close(round=acme_round)

    assert list(PeerEntry.objects.values_list("round", flat=True)) == [acme_round.pk]
    assert everyone().count == 1
    assert core.median(everyone().histograms["overall"]) == 3.0


def test_an_open_round_does_not_count_and_reopening_takes_it_out(acme, acme_round, respond):
    respond(acme_round, 3)
    agree_for(acme)
    assert PeerEntry.objects.count() == 0

    consulting_services.round_close(round=acme_round)
    consulting_services.round_reopen(round=acme_round)

    assert PeerEntry.objects.count() == 0
    assert everyone().count == 0


def test_a_client_that_does_not_count_has_no_round_counted(acme, acme_round, respond):
    respond(acme_round, 3)
    consulting_services.round_close(round=acme_round)
    assert PeerEntry.objects.count() == 0

    agree_for(acme)
    assert PeerEntry.objects.count() == 1

    services.client_peers_set(client=acme, industry=None, size=None, consent=False)
    assert PeerEntry.objects.count() == 0


def test_archiving_a_client_that_counts_counts_its_rounds(acme, acme_round, respond):
    respond(acme_round, 3)
    agree_for(acme)

    consulting_services.client_archive(client=acme)

    assert PeerEntry.objects.count() == 1


def test_deleting_a_response_from_a_counted_round_recounts_the_round(
    acme, acme_round, respond, django_capture_on_commit_callbacks
):
    respond(acme_round, 2)
    gone = respond(acme_round, 4)
    agree_for(acme)
    consulting_services.round_close(round=acme_round)

    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()

    assert everyone().count == 1
    assert core.median(everyone().histograms["overall"]) == 2.0


def test_a_client_maps_its_free_text_industry_and_size_band_onto_the_lists(consultant, retail, large):
    client_ = consulting_services.client_create(
        owner=consultant, name="X", industry="retail & E-commerce", size_band="1000+"
    )

    choice = services.client_choice(client=client_)

    assert (choice.industry, choice.size, choice.consent) == (retail, large, False)


# --- Segment fallback and minimum sizes ---------------------------------------------------


def test_the_narrowest_segment_with_enough_results_is_used(counted, retail, large, small):
    counted(10, industry=retail, size=large, overall=2.0)
    counted(10, industry=retail, size=small, overall=4.0)

    found = lookup(retail, large, overall=2.0)

    assert (found.segment, found.kind, found.count) == (
        "Retail & e-commerce · 1,000+ employees",
        "same industry and size",
        10,
    )
    assert (found.overall.percentile, found.overall.median) == (50, 2.0)


def test_a_segment_below_its_minimum_falls_back_to_the_industry(counted, retail, large, small):
    counted(9, industry=retail, size=large, overall=2.0)
    counted(11, industry=retail, size=small, overall=4.0)

    found = lookup(retail, large, overall=2.0)

    assert (found.segment, found.kind, found.count) == ("Retail & e-commerce", "same industry, any size", 20)
    assert found.overall.median == 4.0


def test_without_enough_in_the_industry_the_size_is_used(counted, retail, banking, large):
    counted(4, industry=retail, size=large, overall=2.0)
    counted(10, industry=banking, size=large, overall=3.0)
    counted(10, industry=banking, size=None, overall=3.0)

    found = lookup(retail, large, overall=2.0)

    assert (found.segment, found.count) == ("1,000+ employees", 14)


def test_everyone_is_shown_from_five_results_and_not_below(counted):
    counted(4, overall=3.0)
    assert lookup() is None

    counted(1, overall=3.0)
    found = lookup()

    assert (found.segment, found.kind, found.count) == ("Everyone", "everyone", 5)


def test_segment_minimums_are_set_by_an_admin(counted, retail):
    counted(6, industry=retail)
    assert lookup(retail).segment == "Everyone"

    PeerSettings.objects.filter(pk=1).update(min_segment=5)
    services.aggregates_republish()

    assert lookup(retail).segment == "Retail & e-commerce"


def test_a_result_without_consent_still_sees_the_comparison(counted):
    counted(5, overall=2.0)
    [mine] = counted(1, overall=4.0, consent=False)

    found = selectors.assessment_section(assessment=mine).comparison

    assert (found.count, found.overall.percentile) == (5, 100)


@pytest.mark.parametrize("overall, percentile", [(1.0, 0), (3.0, 50), (5.0, 100)])
def test_percentile_places_the_score_among_the_segment(counted, overall, percentile):
    counted(10, overall=3.0)

    assert lookup(overall=overall).overall.percentile == percentile


def test_leaving_a_response_out_of_a_counted_round_recounts_the_round(
    acme, acme_round, respond, django_capture_on_commit_callbacks
):
    from consulting import plan

    respond(acme_round, 2)
    left_out = respond(acme_round, 4)
    agree_for(acme)
    consulting_services.round_close(round=acme_round)

    with django_capture_on_commit_callbacks(execute=True):
        plan.response_exclude(round=acme_round, assessment=left_out, reason="Answered for another company")

    assert everyone().count == 1
    assert core.median(everyone().histograms["overall"]) == 2.0
