"""The shipped content read as text: what docs/content-style.md asks that a machine can check.

These read fixtures/cx_model.json directly (no database), so they say which
entry breaks a rule; test_fixtures.py checks that the same file loads.
"""

import json
import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

FIXTURE = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "cx_model.json").read_text())


def entries(model):
    return [entry["fields"] for entry in FIXTURE if entry["model"] == f"stages.{model}"]


QUESTIONS = {q["code"]: q for q in entries("question")}
OPTIONS = {(o["question"][0], o["level"]): o["label"] for o in entries("answeroption")}
RECOMMENDATIONS = {r["code"]: r for r in entries("recommendation")}
MAPPINGS = [(m["recommendation"][0], m["question"][0], m["in_place_level"]) for m in entries("recommendationquestion")]
STAGES = {s["number"]: s for s in entries("stage")}

# Codes whose question changed meaning in the content review (#15): frozen results still name them
# with their old meaning, so the codes must never come back with a different question.
RETIRED_CODES = {
    "leadership-1",
    "leadership-2",
    "leadership-3",
    "leadership-4",
    "insight-1",
    "insight-3",
    "insight-4",
    "organisation-1",
    "organisation-2",
    "organisation-3",
    "data-3",
    "data-5",
    "delivery-1",
    "delivery-2",
    "delivery-3",
    "delivery-4",
    "culture-2",
    "culture-3",
    "culture-4",
}

# Every indicator the two source articles name, with the question option that asks about it:
# (what the article says, question code, level, words the option must contain).
ARTICLE_INDICATORS = [
    # Stage 1: Reactive / Ad-Hoc
    ("waits for customers to complain before acting", "delivery-8", 1, "wait until customers get in touch"),
    ("responses inconsistent across departments", "delivery-7", 1, "each channel and department answers"),
    ("no formal process for collecting and analysing feedback", "insight-2", 1, "handled case by case"),
    ("customer service seen as a cost centre", "leadership-6", 1, "cost to keep down"),
    ("leadership focused on internal operations", "leadership-6", 1, "products, sales and costs"),
    ("experience happens by accident, not design", "organisation-5", 1, "depend on individuals"),
    ("isolated departments, little shared data", "data-1", 1, "little customer data is shared"),
    ("focus on individual transactions", "insight-8", 1, "individual transactions"),
    ("troubleshooting after the customer is hurt", "insight-6", 1, "keep coming back"),
    # Stage 2: Structured / Defined
    ("service standards and response-time goals", "delivery-6", 2, "response-time targets"),
    ("basic CRM for customer interactions", "data-1", 2, "basic CRM"),
    ("regular team meetings on service quality", "organisation-4", 2, "service quality meetings"),
    ("dedicated service team with standard protocols", "delivery-7", 2, "protocols"),
    ("basic satisfaction surveys", "insight-2", 2, "satisfaction surveys"),
    ("key touchpoints identified by management", "insight-8", 2, "key touchpoints"),
    ("CX still departmental, not company-wide", "organisation-5", 2, "that team's responsibility"),
    ("CX important but not central to strategy", "leadership-6", 2, "not among the organisation's strategic"),
    # Stage 3: Cross-Functional Coordination / Connected
    ("CX a shared responsibility across departments", "organisation-5", 3, "share responsibility"),
    ("CX teams coordinate efforts", "organisation-5", 3, "dedicated CX team coordinates"),
    ("comprehensive feedback from many touchpoints", "insight-2", 3, "main journey touchpoints"),
    ("leadership sees CX as a differentiator", "leadership-6", 3, "named strategic priority"),
    ("investment in customer data platforms", "data-4", 3, "shared platforms"),
    ("training in customer-centric thinking", "culture-6", 3, "customer-centric thinking"),
    ("360-degree view, data no longer trapped", "data-1", 3, "360-degree view"),
    ("cross-functional teams map journey pain points", "insight-8", 3, "pain points"),
    ("end-to-end metrics instead of isolated ones", "insight-5", 3, "end to end"),
    # Stage 4: Data-Driven Excellence / Embedded
    ("predictive analytics anticipate needs", "data-2", 4, "predictive models"),
    ("automated personalisation", "data-6", 4, "automatically"),
    ("proactive outreach before issues escalate", "delivery-8", 4, "before it escalates"),
    ("real-time feedback for immediate response", "insight-2", 4, "analysed as it arrives"),
    ("CX metrics in executive pay", "leadership-7", 4, "variable pay"),
    ("CX metrics in strategic planning", "leadership-6", 4, "shape the strategic plan"),
    ("consistent quality across all channels", "delivery-7", 4, "consistently high in every one"),
    ("CX the lens for every decision", "organisation-5", 4, "weighs customer impact in its own decisions"),
    ("feedback integrated into product, operations, planning", "insight-7", 4, "product, operational and executive"),
    ("employees at every level understand their role", "culture-1", 4, "every level"),
    # Stage 5: Transformative / Optimized
    ("customer advocacy programmes with brand ambassadors", "culture-7", 5, "ambassadors"),
    ("continuous experimentation with emerging technology", "data-4", 5, "emerging technologies"),
    ("expectations consistently exceeded", "culture-1", 5, "beyond the standard"),
    ("lasting emotional connections", "insight-5", 5, "emotional connection"),
    ("customer success over short-term profit", "leadership-5", 5, "long-term customer success"),
    ("anticipates future needs", "insight-2", 5, "needs customers have not yet expressed"),
    ("disrupts its own models", "leadership-6", 5, "change our own business model"),
    ("constant innovation and agility", "organisation-4", 5, "continuous experiments"),
]

# Indicators that are renown, not practice: a respondent cannot observe them and a public body has no
# market, so they are described in Stage 5's profile and never asked (docs/content-style.md).
PROFILE_ONLY_INDICATORS = ["industry recognition", "industry benchmark", "market standards"]

AMERICAN = re.compile(
    r"\b(organiz\w*|prioritiz\w*|personaliz\w*|optimiz\w*|analyz\w*|standardiz\w*|behavior\w*|center\w*|"
    r"program|programs|favor\w*|color\w*|enroll\w*|catalog|fulfill|judgment)\b",
    re.IGNORECASE,
)
STOP_WORDS = set("a an and as at by each every for from in into its of on or our the their to with your you".split())


def words(text):
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in STOP_WORDS}


def first_word(text):
    return re.match(r"\W*(\w+)", text).group(1).lower()


def test_options_at_most_25_words():
    long = {key: len(label.split()) for key, label in OPTIONS.items() if len(label.split()) > 25}

    assert long == {}


def test_questions_and_options_never_open_with_yes_or_no():
    # A yes/no stem answered on a graded scale reads as a different question (#15).
    texts = [q["text"] for q in QUESTIONS.values()] + list(OPTIONS.values())

    assert [t for t in texts if first_word(t) in {"yes", "no"}] == []


def test_options_level_5_describes_a_practice_not_renown():
    renown = re.compile(r"award|benchmark|copy|copies|other firms|competitors|industry|known for|peers", re.I)

    assert {code: label for (code, level), label in OPTIONS.items() if level == 5 and renown.search(label)} == {}


def test_questions_retired_codes_never_reused():
    assert sorted(RETIRED_CODES & set(QUESTIONS)) == []


def test_questions_total_fits_ten_minutes():
    assert 24 <= sum(q["is_active"] for q in QUESTIONS.values()) <= 30


@pytest.mark.parametrize(("indicator", "code", "level", "wording"), ARTICLE_INDICATORS)
def test_article_indicator_asked_by_its_question_option(indicator, code, level, wording):
    assert QUESTIONS[code]["is_active"]
    assert wording.lower() in OPTIONS[(code, level)].lower(), indicator


def test_article_renown_indicators_kept_in_stage_5_profile_only():
    profile = STAGES[5]["indicators"].lower()
    asked = " ".join(OPTIONS.values()).lower()

    assert [i for i in PROFILE_ONLY_INDICATORS if i in profile and i not in asked] == PROFILE_ONLY_INDICATORS


def test_recommendations_have_two_to_four_steps_owner_measure_and_duration():
    incomplete = {
        code: (len(r["steps"].splitlines()), r["owner_role"], r["success_measure"], r["duration"])
        for code, r in RECOMMENDATIONS.items()
        if not (2 <= len(r["steps"].splitlines()) <= 4 and r["owner_role"] and r["success_measure"] and r["duration"])
    }

    assert incomplete == {}


def test_recommendations_measure_states_its_direction():
    assert [code for code, r in RECOMMENDATIONS.items() if not r["success_measure"].endswith(("↑", "↓"))] == []


def test_recommendations_titles_in_a_dimension_share_fewer_than_most_words():
    similar = [
        (a["code"], b["code"])
        for a, b in combinations(RECOMMENDATIONS.values(), 2)
        if a["dimension"] == b["dimension"]
        and len(words(a["title"]) & words(b["title"])) >= 0.6 * min(len(words(a["title"])), len(words(b["title"])))
    ]

    assert similar == []


def test_recommendations_titles_start_with_a_verb_not_an_article_or_gerund():
    # A title is an action: "Map your main journeys…", never "A journey map…" or "Mapping…".
    assert [r["title"] for r in RECOMMENDATIONS.values() if re.match(r"(a|an|the)\b|\w+ing\b", r["title"], re.I)] == []


def test_recommendations_none_about_awards_or_publicity():
    vanity = re.compile(r"award|recognition|publicly|reputation|press", re.I)

    assert [r["title"] for r in RECOMMENDATIONS.values() if vanity.search(r["title"])] == []


def test_recommendations_rationale_never_defines_itself_by_the_stage():
    circular = re.compile(r"this stage|stage \d|defining capability|hallmark|sign of a", re.I)

    assert [code for code, r in RECOMMENDATIONS.items() if circular.search(r["rationale"])] == []


def test_recommendations_practice_in_place_no_lower_than_the_stage_it_leads_to():
    # A stage-4 action "already in place" at answer level 2 would be hidden from everyone it is for.
    stage = {code: r["target_stage"][0] for code, r in RECOMMENDATIONS.items()}

    assert [(rec, q, level) for rec, q, level in MAPPINGS if level < stage[rec]] == []


def test_recommendations_every_one_addresses_a_shipped_question():
    addressed = Counter(rec for rec, _, _ in MAPPINGS)

    assert [code for code in RECOMMENDATIONS if not addressed[code]] == []
    assert [(rec, q) for rec, q, _ in MAPPINGS if q not in QUESTIONS] == []


def test_recommendations_basics_closing_the_loop_and_leaders_with_customers_at_stage_2():
    basics = {
        code: RECOMMENDATIONS[code]["target_stage"][0]
        for code in ("insight-2-close-loop", "leadership-2-meet-customers")
    }

    assert basics == {"insight-2-close-loop": 2, "leadership-2-meet-customers": 2}


def test_recommendations_predictive_never_low_effort_and_always_after_joined_up_data():
    def chain(code):
        while code:
            yield code
            prerequisite = RECOMMENDATIONS[code]["prerequisite"]
            code = prerequisite[0] if prerequisite else None

    predictive = [code for code, r in RECOMMENDATIONS.items() if re.search(r"predict", r["title"], re.I)]

    assert predictive
    assert {
        code: RECOMMENDATIONS[code]["effort"] for code in predictive if RECOMMENDATIONS[code]["effort"] == "low"
    } == {}
    assert [code for code in predictive if "data-3-crm-360" not in chain(code)] == []


def test_content_british_spelling_outside_the_source_names():
    # Stage names and alternative names quote the source articles, which are American.
    texts = []
    for q in QUESTIONS.values():
        texts += [q["text"], q["help_text"]]
    texts += list(OPTIONS.values())
    for r in RECOMMENDATIONS.values():
        texts += [r["title"], r["rationale"], r["steps"], r["owner_role"], r["success_measure"], r["duration"]]
    for s in STAGES.values():
        texts += [s["tagline"], s["description"], s["indicators"], s["benefits"], s["statistic"], s["statistic_source"]]
    for d in entries("dimension"):
        texts += [d["name"], d["description"]]

    assert sorted({m.group(0) for t in texts for m in AMERICAN.finditer(t)}) == []
