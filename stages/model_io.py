"""The whole maturity model as the fixture's JSON: export, and a checked import.

Export writes what `fixtures/cx_model.json` holds (natural keys throughout, so a
file made on one database loads into another). Import is two steps: `model_check`
loads the file inside a transaction that is always rolled back and reports what
would change, refusing a file that breaks the placement contract (bands),
makes prerequisites go round in a loop or holds an invalid value; `model_import`
then applies a file that passed. Nothing is deleted: an object missing from the
file is reported and left as it is (switch a question off in admin instead), so
answers and frozen results that point at it keep their meaning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction
from django.db.models import Count

from maturity import scoring

from .models import (
    AnswerOption,
    Dimension,
    Question,
    Recommendation,
    RecommendationQuestion,
    ScoreBand,
    Stage,
    prerequisite_loops,
)

# Dependency order: each model after the ones its natural keys point at.
MODELS = [Stage, ScoreBand, Dimension, Question, AnswerOption, Recommendation, RecommendationQuestion]
MAX_IMPORT_BYTES = 2_000_000


class ModelImportError(Exception):
    """The file can't be imported; `problems` says why, in words an admin can act on."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.changed)


def model_export() -> str:
    """The whole model as fixture JSON (natural keys, stable order)."""
    objects = []
    for model in MODELS:
        objects.extend(model.objects.order_by("pk"))
    return serializers.serialize(
        "json", objects, indent=2, use_natural_foreign_keys=True, use_natural_primary_keys=True, ensure_ascii=False
    )


def model_check(data: str) -> ImportReport:
    """What importing `data` would change; raises ModelImportError and saves nothing if it can't be imported."""
    with transaction.atomic():
        report = _load(data)
        transaction.set_rollback(True)
    return report


def model_import(data: str) -> ImportReport:
    """Apply `data` (checked again: the model may have changed since the check)."""
    with transaction.atomic():
        return _load(data)


def _describe(obj) -> str:
    """An object by the identifiers the file uses (stage number, slug, code), which stay put when text changes."""
    try:
        key = " / ".join(str(part) for part in obj.natural_key())
    except (AttributeError, ObjectDoesNotExist):
        key = str(obj.pk)
    return f"{obj._meta.verbose_name.capitalize()} “{key}”"


def _snapshot(obj) -> dict:
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}
    for m2m in obj._meta.many_to_many:
        if m2m.remote_field.through._meta.auto_created:
            values[m2m.name] = sorted(related.pk for related in getattr(obj, m2m.name).all())
    return values


def _deserialize(data: str) -> Iterator:
    """The file's objects one by one: each is built only after the ones before it are saved (natural keys)."""
    if len(data.encode()) > MAX_IMPORT_BYTES:
        raise ModelImportError([f"The file is larger than {MAX_IMPORT_BYTES // 1_000_000} MB."])
    allowed = {model._meta.label_lower for model in MODELS}
    try:
        parsed = json.loads(data)
    except ValueError as exc:
        raise ModelImportError([f"This is not a model file made by “Export the model”: {_first_line(exc)}"]) from None
    if not isinstance(parsed, list) or not parsed or not all(isinstance(item, dict) for item in parsed):
        raise ModelImportError(["This is not a model file made by “Export the model”: it holds no list of objects."])
    foreign = sorted({str(item.get("model", "")).lower() for item in parsed} - allowed)
    if foreign:
        raise ModelImportError([f"The file holds objects that are not part of the model: {', '.join(foreign)}."])
    objects = serializers.deserialize("json", data, handle_forward_references=True)
    while True:
        try:
            deserialized = next(objects)
        except StopIteration:
            return
        except (DeserializationError, ValueError, TypeError, KeyError, ObjectDoesNotExist) as exc:
            raise ModelImportError(
                [f"This is not a model file made by “Export the model”: {_first_line(exc)}"]
            ) from None
        yield deserialized


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


def _load(data: str) -> ImportReport:
    objects = _deserialize(data)  # lazily: each object is built once those before it are saved
    before = {(type(o), o.pk): _snapshot(o) for model in MODELS for o in model.objects.all()}
    report = ImportReport()
    problems: list[str] = []
    seen, deferred = _save_objects(objects, before, report, problems)
    _save_deferred(deferred, problems)
    if problems:
        raise ModelImportError(problems)
    _compare(before, seen, report)
    _check_whole_model(problems)
    if problems:
        raise ModelImportError(problems)
    return report


def _save_objects(objects: Iterator, before: dict, report: ImportReport, problems: list[str]) -> tuple[set, list]:
    """Save each valid object (noting what it created); returns what was seen and what waits for later references."""
    seen: set = set()
    deferred = []
    for deserialized in objects:
        obj = deserialized.object
        existed = obj.pk is not None and (type(obj), obj.pk) in before
        try:
            # Field by field here; rules across objects (prerequisites, bands) once everything is loaded.
            obj.clean_fields()
        except ValidationError as exc:
            problems.extend(f"{_describe(obj)}: {msg}" for msg in _messages(exc))
            continue
        try:
            with transaction.atomic():
                deserialized.save()
        except DatabaseError as exc:
            problems.append(f"{_describe(obj)}: could not be saved ({_first_line(exc)}).")
            continue
        seen.add((type(obj), obj.pk))
        if deserialized.deferred_fields:
            deferred.append(deserialized)
        if not existed:
            report.created.append(_describe(obj))
    return seen, deferred


def _save_deferred(deferred: list, problems: list[str]) -> None:
    for deserialized in deferred:
        # References to objects further down the file (a prerequisite, a defining dimension), as loaddata does.
        try:
            deserialized.save_deferred_fields()
        except (DatabaseError, ObjectDoesNotExist) as exc:
            problems.append(
                f"{_describe(deserialized.object)}: refers to something not in the model ({_first_line(exc)})."
            )


def _compare(before: dict, seen: set, report: ImportReport) -> None:
    """What the import changed, left unchanged, or did not mention (missing from the file)."""
    for model in MODELS:
        for obj in model.objects.all():
            key = (model, obj.pk)
            if key in seen and key in before:
                if _snapshot(obj) != before[key]:
                    report.changed.append(_describe(obj))
                else:
                    report.unchanged += 1
            elif key not in seen:
                report.missing.append(_describe(obj))


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [
            f"{name}: {msg}" if name != "__all__" else msg for name, msgs in exc.message_dict.items() for msg in msgs
        ]
    return list(exc.messages)


def _check_whole_model(problems: list[str]) -> None:
    """Rules that hold across objects: the five bands, prerequisite chains, mappings to active questions."""
    if Stage.objects.count() != 5:
        problems.append("The model must have exactly five stages.")
    bands = [
        scoring.Band(stage=band.stage.number, min_score=float(band.min_score))
        for band in ScoreBand.objects.select_related("stage")
    ]
    problems.extend(f"Score bands: {p}" for p in scoring.validate_bands(bands))
    links = dict(Recommendation.objects.filter(prerequisite__isnull=False).values_list("pk", "prerequisite_id"))
    looped = list(Recommendation.objects.filter(pk__in=prerequisite_loops(links)).order_by("code"))
    problems.extend(f"Recommendation “{r.code}”: its prerequisites go round in a loop." for r in looped)
    others = Recommendation.objects.exclude(pk__in=[r.pk for r in looped])
    for recommendation in others.select_related("target_stage", "prerequisite__target_stage").order_by("code"):
        try:
            recommendation.clean()
        except ValidationError as exc:
            problems.extend(f"Recommendation “{recommendation.code}”: {msg}" for msg in _messages(exc))
    inactive = RecommendationQuestion.objects.filter(question__is_active=False).select_related(
        "recommendation", "question"
    )
    problems.extend(
        f"Recommendation “{m.recommendation.code}” addresses question “{m.question.code}”, which is not active."
        for m in inactive
    )
    thin = Question.objects.filter(is_active=True).annotate(n=Count("options")).filter(n__lt=2).order_by("code")
    problems.extend(f"Question “{q.code}” is active with fewer than two answer options." for q in thin)
