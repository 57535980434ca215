"""constraints.txt is the whole dependency tree, pinned: what is installed, and what is audited."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Installer tooling and the project itself are not dependencies.
NOT_LOCKED = {"pip", "setuptools", "wheel", "cxmaturity"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonical(name)] = version
    return pins


def test_lock_pins_exactly_every_installed_distribution():
    installed = {
        canonical(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if canonical(dist.metadata["Name"]) not in NOT_LOCKED
    }

    assert installed == lock()


def test_lock_agrees_with_the_pins_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    pinned = {}
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        pinned[canonical(re.sub(r"\[.*\]", "", name))] = version

    locked = lock()
    assert {name: locked.get(name) for name in pinned} == pinned
