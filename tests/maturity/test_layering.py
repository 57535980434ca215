"""The pure core stands on its own: no module in maturity/ imports Django or a project app."""

import ast
import pathlib

import maturity

CORE = pathlib.Path(maturity.__file__).parent
FORBIDDEN = {"django", "assessments", "consulting", "stages", "cxmaturity", "peers"}


def imported_roots(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    names += [
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
    ]
    return {name.split(".")[0] for name in names}


def test_core_modules_import_nothing_of_django_or_the_apps():
    offenders = {
        path.name: sorted(imported_roots(path) & FORBIDDEN)
        for path in sorted(CORE.rglob("*.py"))
        if imported_roots(path) & FORBIDDEN
    }
    assert offenders == {}


def test_core_package_holds_the_pure_modules():
    modules = sorted(path.stem for path in CORE.glob("*.py") if path.stem != "__init__")
    assert set(modules) >= {"aggregation", "cells", "charts", "roadmap", "scoring", "text"}
