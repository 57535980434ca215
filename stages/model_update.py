"""Bring a database's maturity model up to the shipped fixture without overwriting what admins edited.

A stored value counts as untouched when it still equals what this or an earlier
release shipped (fixtures/cx_model.json and the copies of earlier releases in
stages/shipped/): only such values are replaced. Anything else was edited in
admin and stays, and the report says so.

- New questions, options, recommendations and mappings are created.
- Questions a release retired (their meaning changed, so they got a new code)
  are made inactive, never deleted: answers, and the frozen snapshots of
  completed results, still refer to them. Retired recommendations are deleted.
  Either is left alone if an admin edited it.
- Completed results are not touched: each keeps the snapshot it was given.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError

from stages.models import (
    AnswerOption,
    Dimension,
    Question,
    Recommendation,
    RecommendationQuestion,
    ScoreBand,
    Stage,
)

SHIPPED_DIR = Path(__file__).resolve().parent / "shipped"

# The fields a release may change, per model, as the fixture spells them.
FIELDS = {
    "stage": [
        "name",
        "subtitle",
        "alt_name",
        "tagline",
        "description",
        "indicators",
        "benefits",
        "statistic",
        "statistic_source",
        "defining_dimensions",
    ],
    "scoreband": ["min_score"],
    "dimension": ["name", "short_name", "description", "order", "weight"],
    "question": ["dimension", "text", "help_text", "order", "allow_not_sure", "is_active"],
    "answeroption": ["label"],
    "recommendation": [
        "dimension",
        "target_stage",
        "title",
        "rationale",
        "effort",
        "impact",
        "order",
        "prerequisite",
        "steps",
        "owner_role",
        "success_measure",
        "duration",
    ],
}
# What a field held before a release added it (the migration's default).
ABSENT = {"defining_dimensions": [], "prerequisite": None, "is_active": True, "allow_not_sure": True}


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by an admin, left as it is
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


def entry_key(model: str, fields: dict):
    return {
        "stage": lambda: fields["number"],
        "scoreband": lambda: fields["stage"][0],
        "dimension": lambda: fields["slug"],
        "question": lambda: fields["code"],
        "answeroption": lambda: (fields["question"][0], fields["level"]),
        "recommendation": lambda: fields["code"],
        "recommendationquestion": lambda: (fields["recommendation"][0], fields["question"][0]),
    }[model]()


def index(entries: list[dict]) -> dict:
    """{model: {key: fields}}, plus {"mappings": {recommendation code: {question code: level}}}."""
    indexed: dict = {model: {} for model in [*FIELDS, "mappings"]}
    for entry in entries:
        model = entry["model"].removeprefix("stages.")
        fields = entry["fields"]
        if model == "recommendationquestion":
            indexed["mappings"].setdefault(fields["recommendation"][0], {})[fields["question"][0]] = fields[
                "in_place_level"
            ]
        else:
            indexed[model][entry_key(model, fields)] = fields
    return indexed


def load(path: Path) -> dict:
    return index(json.loads(path.read_text(encoding="utf-8")))


def shipped_releases() -> list[dict]:
    return [load(path) for path in sorted(SHIPPED_DIR.glob("cx_model-*.json"))]


def stored(instance, name: str):
    """A model field's value as the fixture spells it (natural keys, decimals as text)."""
    if name == "defining_dimensions":
        return sorted([slug] for slug in instance.defining_dimensions.values_list("slug", flat=True))
    value = getattr(instance, name)
    if name in ("dimension", "target_stage", "prerequisite"):
        return list(value.natural_key()) if value is not None else None
    if name in ("min_score", "weight"):
        return f"{value:.2f}"
    return value


def shipped_value(fields: dict, name: str):
    value = fields.get(name, ABSENT.get(name, ""))
    return sorted(value) if name == "defining_dimensions" else value


def resolve(name: str, value):
    """A fixture value turned into what the model field takes."""
    if name == "dimension":
        return Dimension.objects.get_by_natural_key(*value)
    if name == "target_stage":
        return Stage.objects.get_by_natural_key(*value)
    if name == "prerequisite":
        return Recommendation.objects.filter(code=value[0]).first() if value else None
    return value


class Updater:
    def __init__(self, new: dict, releases: list[dict]):
        self.new = new
        self.releases = releases
        self.report = Report()
        self.fresh: set = set()  # (model, key) created by this run: nothing in them can be an admin's edit

    def was_shipped(self, model: str, key, name: str, value) -> bool:
        return any(
            key in release[model] and shipped_value(release[model][key], name) == value for release in self.releases
        )

    def untouched(self, model: str, key, instance) -> bool:
        """Every field still holds a value some release shipped."""
        return all(self.was_shipped(model, key, name, stored(instance, name)) for name in FIELDS[model])

    def refresh(self, model: str, key, instance, label: str) -> None:
        changed, kept = [], []
        for name in FIELDS[model]:
            target = shipped_value(self.new[model][key], name)
            current = stored(instance, name)
            if current == target:
                continue
            if (model, key) not in self.fresh and not self.was_shipped(model, key, name, current):
                kept.append(name)
                continue
            if name == "defining_dimensions":
                instance.defining_dimensions.set([Dimension.objects.get_by_natural_key(*slug) for slug in target])
            else:
                setattr(instance, name, resolve(name, target))
            changed.append(name)
        if changed:
            instance.save()
            self.report.updated.append(f"{label}: {', '.join(changed)}")
        if kept:
            self.report.kept.append(f"{label}: {', '.join(kept)}")

    def run(self) -> Report:
        for number in self.new["stage"]:
            stage = Stage.objects.filter(number=number).first()
            if stage:
                self.refresh("stage", number, stage, f"stage {number}")
        for number in self.new["scoreband"]:
            band = ScoreBand.objects.filter(stage__number=number).first()
            if band:
                self.refresh("scoreband", number, band, f"score band {number}")
        for slug in self.new["dimension"]:
            dimension = Dimension.objects.filter(slug=slug).first()
            if dimension:
                self.refresh("dimension", slug, dimension, f"dimension {slug}")
        self.questions()
        self.recommendations()
        return self.report

    def questions(self) -> None:
        for code, fields in self.new["question"].items():
            question = Question.objects.filter(code=code).first()
            if question is None:
                question = Question.objects.create(
                    code=code, **{name: resolve(name, shipped_value(fields, name)) for name in FIELDS["question"]}
                )
                self.report.created.append(f"question {code}")
            else:
                self.refresh("question", code, question, f"question {code}")
            for (option_code, level), option_fields in self.new["answeroption"].items():
                if option_code != code:
                    continue
                option = question.options.filter(level=level).first()
                if option is None:
                    AnswerOption.objects.create(question=question, level=level, label=option_fields["label"])
                else:
                    self.refresh("answeroption", (code, level), option, f"question {code} option {level}")
        for code in self.retired("question"):
            question = Question.objects.filter(code=code, is_active=True).first()
            if question is None:
                continue
            options_untouched = all(
                self.untouched("answeroption", (code, option.level), option) for option in question.options.all()
            )
            if self.untouched("question", code, question) and options_untouched:
                question.is_active = False
                question.save(update_fields=["is_active"])
                self.report.retired.append(f"question {code} (now inactive; answers and results keep it)")
            else:
                self.report.kept.append(f"question {code}: retired in this release but edited, left active")

    def recommendations(self) -> None:
        for code, fields in self.new["recommendation"].items():
            recommendation = Recommendation.objects.filter(code=code).first()
            if recommendation is None:
                names = [name for name in FIELDS["recommendation"] if name != "prerequisite"]
                Recommendation.objects.create(
                    code=code, **{name: resolve(name, shipped_value(fields, name)) for name in names}
                )
                self.fresh.add(("recommendation", code))
                self.report.created.append(f"recommendation {code}")
        # Prerequisites once every recommendation exists, since they point at each other.
        for code in self.new["recommendation"]:
            recommendation = Recommendation.objects.get(code=code)
            self.refresh("recommendation", code, recommendation, f"recommendation {code}")
            self.mappings(recommendation)
        for code in self.retired("recommendation"):
            recommendation = Recommendation.objects.filter(code=code).first()
            if recommendation is None:
                continue
            if not (self.untouched("recommendation", code, recommendation) and self.mappings_shipped(recommendation)):
                self.report.kept.append(f"recommendation {code}: retired in this release but edited, kept")
                continue
            try:
                recommendation.delete()
            except ProtectedError:
                self.report.kept.append(f"recommendation {code}: retired in this release but still in use, kept")
            else:
                self.report.retired.append(f"recommendation {code} (deleted)")

    def current_mappings(self, recommendation) -> dict:
        return dict(recommendation.addressed.values_list("question__code", "in_place_level"))

    def mappings_shipped(self, recommendation) -> bool:
        current = self.current_mappings(recommendation)
        return any(release["mappings"].get(recommendation.code, {}) == current for release in self.releases)

    def mappings(self, recommendation) -> None:
        target = self.new["mappings"].get(recommendation.code, {})
        current = self.current_mappings(recommendation)
        if current == target:
            return
        if current and not self.mappings_shipped(recommendation):
            self.report.kept.append(f"recommendation {recommendation.code}: addressed questions")
            return
        recommendation.addressed.all().delete()
        RecommendationQuestion.objects.bulk_create(
            RecommendationQuestion(
                recommendation=recommendation, question=Question.objects.get(code=q), in_place_level=lvl
            )
            for q, lvl in target.items()
        )
        self.report.updated.append(f"recommendation {recommendation.code}: addressed questions")

    def retired(self, model: str) -> list:
        shipped_before = {key for release in self.releases for key in release[model]}
        return sorted(shipped_before - set(self.new[model]))


def model_update(*, fixture: Path | None = None, releases: list[dict] | None = None) -> Report:
    """Update the stored model to `fixture` (default: the shipped one), keeping every admin edit."""
    new = load(fixture or Path(settings.BASE_DIR) / "fixtures" / "cx_model.json")
    releases = [*(shipped_releases() if releases is None else releases), new]
    with transaction.atomic():
        return Updater(new, releases).run()
