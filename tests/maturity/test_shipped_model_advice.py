"""The shipped model's advice, read straight from fixtures/cx_model.json (no database).

Property (issue: advice that reads the answers): for every recommendation, a
respondent who answers the questions it addresses at or above the level from
which its practice is in place never receives it, whatever the other answers;
and no profile gets more than six actions in its first 90 days.
"""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.roadmap import RecommendationSpec, StageProfile, build_roadmap
from maturity.scoring import AnsweredQuestion, DimensionSpec, score_assessment

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "cx_model.json"
ROWS = json.loads(FIXTURE.read_text(encoding="utf-8"))


def _key(value):
    return value[0] if isinstance(value, list) else value


def rows(model):
    return [row["fields"] for row in ROWS if row["model"] == f"stages.{model}"]


DIMENSIONS = sorted(rows("dimension"), key=lambda d: d["order"])
SPECS = tuple(DimensionSpec(key=d["slug"], name=d["name"], weight=float(d["weight"])) for d in DIMENSIONS)
QUESTIONS = [q for q in rows("question") if q.get("is_active", True)]
QUESTION_DIMENSION = {q["code"]: _key(q["dimension"]) for q in QUESTIONS}
LABELS = {(_key(o["question"]), o["level"]): o["label"] for o in rows("answeroption")}
ADDRESSES: dict[str, list] = {}
for mapping in rows("recommendationquestion"):
    ADDRESSES.setdefault(_key(mapping["recommendation"]), []).append(
        (_key(mapping["question"]), mapping["in_place_level"])
    )
RECOMMENDATIONS = [
    RecommendationSpec(
        code=r["code"],
        dimension=_key(r["dimension"]),
        target_stage=_key(r["target_stage"]),
        title=r["title"],
        rationale=r["rationale"],
        effort=r["effort"],
        impact=r["impact"],
        order=r["order"],
        prerequisite=_key(r["prerequisite"]) if r["prerequisite"] else None,
        addresses=tuple(ADDRESSES.get(r["code"], ())),
    )
    for r in rows("recommendation")
]
STAGES = [
    StageProfile(
        number=s["number"],
        name=s["name"],
        alt_name=s["alt_name"],
        tagline=s["tagline"],
        description=s["description"],
        indicators=(),
        benefits=(),
        statistic="",
    )
    for s in rows("stage")
]
DEFINING = {s["number"]: [_key(d) for d in s["defining_dimensions"]] for s in rows("stage")}


def advice(levels: dict):
    answers = [
        AnsweredQuestion(
            dimension=QUESTION_DIMENSION[code],
            question=code,
            text=code,
            level=level,
            label=LABELS.get((code, level), ""),
        )
        for code, level in levels.items()
    ]
    result = score_assessment(
        answers=[AnsweredQuestion(dimension=a.dimension, question=a.question, level=a.level) for a in answers],
        dimensions=SPECS,
        defining=DEFINING,
    )
    return build_roadmap(
        result=result, answers=answers, recommendations=RECOMMENDATIONS, stages=STAGES, defining=DEFINING
    )


def proposed(roadmap) -> set[str]:
    return {a.recommendation.code for h in roadmap.plan for a in h.actions} | {
        a.recommendation.code for a in roadmap.later
    }


profiles = st.fixed_dictionaries({q["code"]: st.integers(1, 5) for q in QUESTIONS})


def test_shipped_model_every_recommendation_names_what_it_addresses():
    assert [r.code for r in RECOMMENDATIONS if not r.addresses] == []
    assert {s: keys for s, keys in DEFINING.items() if s in (3, 4)} == {3: ["organisation"], 4: ["data"]}


@settings(max_examples=150, deadline=None)
@given(profile=profiles, pick=st.integers(0, len(RECOMMENDATIONS) - 1), above=st.integers(0, 4))
def test_shipped_model_practice_answered_in_place_is_never_recommended(profile, pick, above):
    rec = RECOMMENDATIONS[pick]
    levels = dict(profile)
    for question, level in rec.addresses:
        levels[question] = min(5, level + above)

    roadmap = advice(levels)

    assert rec.code not in proposed(roadmap)


@settings(max_examples=150, deadline=None)
@given(profile=profiles)
def test_shipped_model_plans_are_realistic_for_any_profile(profile):
    roadmap = advice(profile)

    first = roadmap.plan[0].actions
    assert len(first) <= 6 and sum(a.recommendation.effort == "high" for a in first) <= 2
    assert all(a.recommendation.target_stage <= roadmap.target_stage.number for h in roadmap.plan for a in h.actions)
    # Nothing proposed repeats a practice the answers put at level 4 or 5 on a question it addresses.
    for code in proposed(roadmap):
        rec = next(r for r in RECOMMENDATIONS if r.code == code)
        assert all(profile[q] < level for q, level in rec.addresses)
