"""The rule behind issue #19 item 1: no text a person typed or an admin edited is ever marked safe.

Two halves. The grep half: no template or module of ours marks anything safe
(one reviewed exception), and every third-party crispy template that marks a
variable holding text safe is overridden in templates/. The walk half: every
text field of every model of stages, assessments and consulting gets a
hostile value, and every page, PDF and export that shows it holds only the
escaped (or, in CSV, the defused) form.
"""

import csv
import io
import re
from pathlib import Path

import crispy_bootstrap5
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.template import engines
from django.urls import reverse

from assessments import pdf as pdf_render
from assessments import services as assessment_services
from consulting import services as consulting_services
from maturity.cells import BOM

ROOT = Path(__file__).resolve().parents[2]
OUR_CODE = ["assessments", "consulting", "stages", "cxmaturity", "maturity"]
MARKED_SAFE = re.compile(r"[\w.]*\s*\|\s*safe(?:seq)?\b|mark_safe|SafeString|SafeText|autoescape\s+off")
# Reviewed: the PDF's radar chart is SVG built by maturity/charts.py, which escapes every label
# and series name itself (the walk below puts hostile dimension names through it).
# One per roadmap version.
ALLOWED = {("templates/pdf/roadmap_v1.html", "chart_html|safe"), ("templates/pdf/roadmap_v2.html", "chart_html|safe")}
# Variables crispy fills with HTML it rendered (and escaped) itself, never with text.
CRISPY_RENDERED_HTML = {"fields", "fields_output", "content", "buttons", "links"}


def marked_safe_lines(path: Path) -> list[str]:
    return [match.group() for match in MARKED_SAFE.finditer(path.read_text())]


def test_our_templates_and_code_mark_nothing_safe():
    files = sorted((ROOT / "templates").rglob("*.html")) + sorted(
        p for package in OUR_CODE for p in (ROOT / package).rglob("*") if p.suffix in {".py", ".html", ".txt"}
    )
    found = set()
    for path in files:
        relative = str(path.relative_to(ROOT))
        if relative.startswith("templates/bootstrap5/"):
            continue  # crispy overrides: judged by the test below
        found |= {(relative, line) for line in marked_safe_lines(path)}

    assert found == ALLOWED


def test_crispy_templates_that_mark_text_safe_are_overridden_with_escaping():
    crispy_dir = Path(crispy_bootstrap5.__file__).parent / "templates"
    loader = engines["django"]
    checked = []
    for path in sorted(crispy_dir.rglob("*.html")):
        names = set(re.findall(r"{{\s*([\w.]+)\s*\|\s*safe\s*}}", path.read_text()))
        if names - CRISPY_RENDERED_HTML:
            name = str(path.relative_to(crispy_dir))
            used = Path(loader.get_template(name).origin.name)
            used_names = set(re.findall(r"{{\s*([\w.]+)\s*\|\s*safe\s*}}", used.read_text()))
            checked.append((name, used.is_relative_to(ROOT / "templates"), used_names - CRISPY_RENDERED_HTML))

    assert checked == [
        ("bootstrap5/layout/button.html", True, set()),
        ("bootstrap5/layout/fieldset.html", True, set()),
        ("bootstrap5/layout/help_text.html", True, set()),
    ]


# --- The walk ------------------------------------------------------------------

META = '<meta http-equiv="refresh" content="0;url=http://x/">'
FORMULA = "=cmd|'/C calc'!A0"


def hostile(field: models.Field, number: int) -> str:
    """A value for this field that shows, once rendered, whether it was escaped (and which field it is)."""
    marker = f"<b id=f{number}>x</b>"
    for value in (FORMULA + marker + META, FORMULA + marker, marker):
        if field.max_length is None or len(value) <= field.max_length:
            return value
    raise AssertionError(f"{field} is too short for a marker")


def text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.get_fields()
        if isinstance(f, (models.CharField, models.TextField))
        and not isinstance(f, models.SlugField)
        and not f.choices
        and f.editable
        and not f.primary_key
        and not f.name.endswith("token")
    ]


@pytest.fixture
def hostile_world(cx_model, django_user_model):
    """Every text field of every stored row set to a hostile value, before anything is answered or frozen."""
    owner = django_user_model.objects.create_user("alice", password="pw-not-checked")
    consulting_services.consultant_add(user=owner)
    client = consulting_services.client_create(owner=owner, name="Acme", industry="Retail", size_band="50-249")
    round = consulting_services.round_create(client=client, title="Baseline")
    # One respondent row so that the text fields of assessments and answers exist before the walk.
    people = [
        assessment_services.assessment_start(round=round, respondent_name="p", facilitated=True) for _ in range(3)
    ]
    planted = {}
    number = 0
    # simple-history's audit copies (Historical*) hold what was saved through the models walked
    # here; the history page that shows them is in the walk below, fed by those models.
    models_walked = [
        m
        for app in ("stages", "assessments", "consulting")
        for m in apps.get_app_config(app).get_models()
        if not hasattr(m, "instance_type")
    ]
    for model in [*models_walked, get_user_model()]:
        fields = [
            f for f in text_fields(model) if model is not get_user_model() or f.name in {"first_name", "last_name"}
        ]
        for field in fields:
            number += 1
            value = hostile(field, number)
            if model.objects.exists():
                planted[f"{model.__name__}.{field.name}"] = value
                model.objects.update(**{field.name: value})
    # Answers (with notes) exist only once answered: answer, plant the notes, then finish.
    for person in people:
        steps = assessment_services.questionnaire_steps()
        choices = {q: q.options.all()[2] for step in steps for q in step.questions}
        assessment_services.answers_save(assessment=person, choices=choices, notes={})
    from assessments.models import Answer

    number += 1
    note = hostile(Answer._meta.get_field("note"), number)
    Answer.objects.update(note=note)
    planted["Answer.note"] = note
    for person in people:
        person.refresh_from_db()
        assessment_services.assessment_complete(assessment=person)
        person.refresh_from_db()
    return {"owner": owner, "client": client, "round": round, "people": people, "planted": planted}


def surfaces(client, world, monkeypatch) -> dict[str, str]:
    """Every page, PDF (as the XHTML it is printed from) and export that can show stored text."""
    printed = []
    monkeypatch.setattr(pdf_render, "render_pdf", lambda xhtml, page_size="A4": printed.append(xhtml) or b"%PDF")
    person, round, owner = world["people"][0], world["round"], world["owner"]
    unfinished = assessment_services.assessment_start(round=round, respondent_name="q")
    steps = assessment_services.questionnaire_steps()
    anonymous = {
        "home": reverse("home"),
        "about": reverse("assessments:about", args=[unfinished.token]),
        **{f"step {s.number}": reverse("assessments:step", args=[unfinished.token, s.number]) for s in steps},
        "results": reverse("assessments:results", args=[person.token]),
        "delete": reverse("assessments:delete", args=[person.token]),
        "invite": reverse("respond:invite", args=[round.invite_token]),
    }
    consultant = {
        "client list": reverse("consulting:client_list"),
        "client": reverse("consulting:client_detail", args=[world["client"].pk]),
        "client edit": reverse("consulting:client_edit", args=[world["client"].pk]),
        "targets": reverse("consulting:client_targets", args=[world["client"].pk]),
        "compare": reverse("consulting:round_compare", args=[world["client"].pk]),
        "round": reverse("consulting:round_detail", args=[round.pk]),
        "respondent": reverse("consulting:respondent_detail", args=[round.pk, person.pk]),
        "profile": reverse("consulting:profile"),
        "plan": reverse("consulting:plan_detail", args=[round.pk]),
        "history": reverse("consulting:round_history", args=[round.pk]),
    }
    shown = {}
    for name, url in anonymous.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        shown[name] = response.content.decode()
    client.get(reverse("assessments:pdf", args=[person.token]))
    client.force_login(owner)
    for name, url in consultant.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        shown[name] = response.content.decode()
    client.get(reverse("consulting:round_pdf", args=[round.pk]))
    shown["csv"] = client.get(reverse("consulting:round_export", args=[round.pk])).content.decode()
    shown["pdf"], shown["team pdf"] = printed
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)
    for model in [m for app in ("stages", "assessments", "consulting") for m in apps.get_app_config(app).get_models()]:
        opts = model._meta
        try:
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except Exception:  # not in admin (e.g. shown only inline in its parent's page)
            continue
        shown[f"admin {opts.model_name} list"] = client.get(changelist).content.decode()
        first = model.objects.order_by("pk").first()
        if first is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            shown[f"admin {opts.model_name}"] = client.get(change).content.decode()
    return shown


def marker(value: str) -> str:
    """The <b id=fN>x</b> part of a planted value."""
    return re.search(r"<b id=f[0-9]+>x</b>", value).group()


def escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def test_hostile_text_in_every_field_is_shown_only_escaped(client, hostile_world, monkeypatch):
    shown = surfaces(client, hostile_world, monkeypatch)
    shown.pop("csv")  # not HTML: judged by the test below
    planted = hostile_world["planted"]

    active = sorted(
        (name, field) for name, body in shown.items() for field, value in planted.items() if marker(value) in body
    )
    refreshing = [name for name, body in shown.items() if META in body]
    unseen = sorted(
        field for field, value in planted.items() if not any(escaped(marker(value)) in body for body in shown.values())
    )
    assert active == []
    assert refreshing == []
    assert unseen == []
    # The step page shows a question's help text (the reported attack) as text.
    help_text = planted["Question.help_text"]
    assert escaped(marker(help_text)) in shown["step 1"]


def test_hostile_text_in_the_export_is_never_a_formula(client, hostile_world, monkeypatch):
    client.force_login(hostile_world["owner"])
    text = client.get(reverse("consulting:round_export", args=[hostile_world["round"].pk])).content.decode()
    cells = [cell for row in csv.reader(io.StringIO(text.removeprefix(BOM))) for cell in row]

    formulas = [cell for cell in cells if cell[:1] in {"=", "+", "-", "@"}]
    defused = [cell for cell in cells if cell.startswith("'" + FORMULA)]
    assert formulas == []
    assert len(defused) > 0
