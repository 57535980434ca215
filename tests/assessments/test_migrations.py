"""Data migrations: text saved before the forms cleaned it, and model content fixed after it shipped."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessments", "0002_initial"), ("consulting", "0003_consultant_profile")]
AFTER = [("assessments", "0003_clean_user_text"), ("consulting", "0004_clean_user_text")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    """Leave the database fully migrated: later tests (browser, race) run on its schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_clean_user_text_migration_cleans_saved_names_and_notes_but_not_scores():
    old = migrate(BEFORE)
    User = old.get_model("auth", "User")
    Client = old.get_model("consulting", "Client")
    Round = old.get_model("consulting", "Round")
    Assessment = old.get_model("assessments", "Assessment")
    owner = User.objects.create(username="migration-owner")
    client = Client.objects.create(owner=owner, name="\u202eAcme Ltd", industry="Retail\x07", notes="One\r\nTwo\x1b")
    round = Round.objects.create(client=client, title="Base\u2066line", opened_on="2026-11-01")
    result = {
        "organisation_name": "\u202eAcme Ltd",
        "respondent_role": "COO\x01",
        "stage": {"number": 2},
        "score": {"overall": 2.11},
    }
    assessment = Assessment.objects.create(
        token="t" * 43, organisation_name="\u202eAcme Ltd", respondent_role="COO\x01", round=round, result=result
    )

    new = migrate(AFTER)

    client = new.get_model("consulting", "Client").objects.get(pk=client.pk)
    assessment = new.get_model("assessments", "Assessment").objects.get(pk=assessment.pk)
    assert (client.name, client.industry, client.notes) == ("Acme Ltd", "Retail", "One\nTwo")
    assert new.get_model("consulting", "Round").objects.get(pk=round.pk).title == "Baseline"
    assert (assessment.organisation_name, assessment.respondent_role) == ("Acme Ltd", "COO")
    assert assessment.result == {
        "organisation_name": "Acme Ltd",
        "respondent_role": "COO",
        "stage": {"number": 2},
        "score": {"overall": 2.11},
    }


@pytest.mark.django_db(transaction=True)
def test_clean_user_names_migration_cleans_first_and_last_names_only():
    old = migrate([("consulting", "0004_clean_user_text")])
    User = old.get_model("auth", "User")
    dirty = User.objects.create(username="rtl\u202e", first_name="\u202eAlice\x07", last_name="Ar\u2066cher")
    clean_user = User.objects.create(username="plain", first_name="Bob", last_name="Brown")

    new = migrate([("consulting", "0005_clean_user_names")])

    User = new.get_model("auth", "User")
    assert [
        (u.username, u.first_name, u.last_name)
        for u in User.objects.filter(pk__in=[dirty.pk, clean_user.pk]).order_by("pk")
    ] == [
        ("rtl\u202e", "Alice", "Archer"),
        ("plain", "Bob", "Brown"),
    ]


@pytest.mark.django_db(transaction=True)
def test_respondent_numbers_backfilled_in_start_order_and_counter_set():
    old = migrate([("consulting", "0005_clean_user_names"), ("assessments", "0004_respondent_number")])
    User = old.get_model("auth", "User")
    Client = old.get_model("consulting", "Client")
    Round = old.get_model("consulting", "Round")
    Assessment = old.get_model("assessments", "Assessment")
    client = Client.objects.create(owner=User.objects.create(username="owner"), name="Acme")
    first, _empty = (Round.objects.create(client=client, title=t, opened_on="2026-11-01") for t in ("First", "Empty"))
    tokens = [f"{n}" * 43 for n in "abc"]
    for token in tokens:
        Assessment.objects.create(token=token, round=first)
    Assessment.objects.create(token="z" * 43)  # not in a round: no number

    new = migrate([("consulting", "0006_round_snapshot_and_respondent_numbers")])

    Assessment = new.get_model("assessments", "Assessment")
    Round = new.get_model("consulting", "Round")
    numbers = dict(Assessment.objects.values_list("token", "respondent_number"))
    assert numbers == {tokens[0]: 1, tokens[1]: 2, tokens[2]: 3, "z" * 43: None}
    assert dict(Round.objects.values_list("title", "respondents_started")) == {"First": 3, "Empty": 0}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kept", [False, True])
def test_stage_four_benefits_migration_replaces_only_the_shipped_text(kept):
    import importlib

    migration = importlib.import_module("stages.migrations.0002_stage4_benefits_without_the_statistic")
    own_wording = "Our own list, written in admin\nUp to a 20% increase in customer retention"
    old = migrate([("stages", "0001_initial")])
    stage = old.get_model("stages", "Stage").objects.create(
        number=4, name="Data-Driven Excellence", benefits=own_wording if kept else migration.SHIPPED
    )

    new = migrate([("stages", "0002_stage4_benefits_without_the_statistic")])

    expected = own_wording if kept else migration.FIXED
    assert new.get_model("stages", "Stage").objects.get(pk=stage.pk).benefits == expected


@pytest.mark.django_db(transaction=True)
def test_snapshot_targets_migration_copies_targets_onto_dimensions_of_stored_results():
    import json
    from pathlib import Path

    stored = json.loads((Path(__file__).parent / "data" / "result_v1.json").read_text(encoding="utf-8"))
    old = migrate([("assessments", "0005_token_hash")])
    Assessment = old.get_model("assessments", "Assessment")
    done = Assessment.objects.create(token_hash="a" * 64, result=stored)
    unfinished = Assessment.objects.create(token_hash="b" * 64, result=None)
    incomplete = Assessment.objects.create(token_hash="c" * 64, result={"complete": False, "dimensions": []})

    new = migrate([("assessments", "0006_snapshot_targets")])

    Migrated = new.get_model("assessments", "Assessment")
    result = Migrated.objects.get(pk=done.pk).result
    assert [d["target"] for d in result["dimensions"]] == stored["chart"]["series"][1][1]
    assert (result["target_name"], result["chart"], result["roadmap"]) == (
        stored["chart"]["series"][1][0],
        stored["chart"],
        stored["roadmap"],
    )
    assert Migrated.objects.get(pk=unfinished.pk).result is None
    assert Migrated.objects.get(pk=incomplete.pk).result == {"complete": False, "dimensions": []}


@pytest.mark.django_db(transaction=True)
def test_snapshot_result_form_migration_writes_each_result_as_maturity_result_does(caplog):
    from assessments.snapshots import with_targets
    from maturity.result import Result
    from tests.assessments.snapshot_pages import stored

    v1 = with_targets(stored("v1"))
    # A snapshot older than short names: the radar was labelled with the full names.
    v1_unnamed = {**v1, "dimensions": [{k: v for k, v in d.items() if k != "short_name"} for d in v1["dimensions"]]}
    v2 = stored("v2-targets")
    old = migrate([("assessments", "0006_snapshot_targets")])
    Assessment = old.get_model("assessments", "Assessment")
    made = {
        name: Assessment.objects.create(token_hash=name[0] * 64, result=result).pk
        for name, result in [
            ("a-v1", v1),
            ("b-unnamed", v1_unnamed),
            ("c-v2", v2),
            ("d-odd", {"complete": False}),
            ("e-list", ["not", "a", "result"]),
            ("f-no-score", {**v2, "score": None}),
        ]
    }

    with caplog.at_level("WARNING"):
        new = migrate([("assessments", "0007_snapshot_result_form")])

    Migrated = new.get_model("assessments", "Assessment")
    results = {name: Migrated.objects.get(pk=pk).result for name, pk in made.items()}
    assert (results["a-v1"], results["c-v2"], results["d-odd"]) == (v1, v2, {"complete": False})
    assert (results["e-list"], results["f-no-score"]) == (["not", "a", "result"], {**v2, "score": None})
    assert [d["short_name"] for d in results["b-unnamed"]["dimensions"]] == [d["name"] for d in v1["dimensions"]]
    assert Result.from_json(results["b-unnamed"]).to_json() == results["b-unnamed"]
    assert sorted(r.getMessage() for r in caplog.records if "not in a known form" in r.getMessage()) == sorted(
        f"Assessment {made[name]}: its stored result is not in a known form; left unchanged"
        for name in ("d-odd", "e-list", "f-no-score")
    )
