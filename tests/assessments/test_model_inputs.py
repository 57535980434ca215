"""The model as the scoring sees it: a broken set of bands falls back to the contract's, loudly."""

from assessments import services
from maturity import scoring
from stages.models import ScoreBand


def test_model_inputs_half_edited_bands_fall_back_to_the_default_bands_with_a_warning(cx_model, caplog):
    # Saved around the admin's checks (as a half-finished data edit would be): stage 4 below stage 3.
    ScoreBand.objects.filter(stage__number=4).update(min_score="2.00")
    broken = [scoring.Band(stage=b.stage.number, min_score=float(b.min_score)) for b in ScoreBand.objects.all()]

    inputs = services.model_inputs()

    assert inputs["bands"] == list(scoring.DEFAULT_BANDS)
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "assessments.services",
            "WARNING",
            "Score bands unusable, placing with the default bands instead: " + " ".join(scoring.validate_bands(broken)),
        )
    ]


def test_model_inputs_usable_bands_are_used_without_a_warning(cx_model, caplog):
    ScoreBand.objects.filter(stage__number=5).update(min_score="4.40")

    inputs = services.model_inputs()

    assert ([b.min_score for b in inputs["bands"] if b.stage == 5], caplog.records) == ([4.4], [])
