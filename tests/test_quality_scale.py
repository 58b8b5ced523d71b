"""Every render's quality scale claims only what its code and README show.

Each rendered project checks its own claims in tests/test_quality_scale.py (run over
the whole matrix by test_rendered_projects). Here the same check holds every render's
claims to the whole truth, as the template claims them before any author edits; and
the project's check is shown to catch what an author or an answer change makes false.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
import shutil
import subprocess
import sys
from types import ModuleType
from typing import Any

from pytest_copie.plugin import Copie, Result
import yaml

from .answer_sets import ANSWER_SETS

ROOT = Path(__file__).parent.parent


def checker(project: Path) -> ModuleType:
    """Import the rendered project's own claim check."""
    path = project / "tests" / "test_quality_scale.py"
    spec = importlib.util.spec_from_file_location(f"claims_{id(project)}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render(copie: Copie, answers: dict[str, Any]) -> Path:
    result = copie.copy(extra_answers=answers)
    assert result.exception is None, result.exception
    assert result.project_dir is not None
    return result.project_dir


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/build_quality_scale.py"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def own_claims(project: Path) -> Path:
    return project / "quality_scale" / "integration.yaml"


def claim(project: Path, rule: str, status: str) -> None:
    """Replace the author's claim of a rule, as an author would edit it."""
    path = own_claims(project)
    claims = yaml.safe_load(path.read_text())
    claims["rules"][rule] = status
    path.write_text(yaml.safe_dump(claims, sort_keys=False))
    assert build(project).returncode == 0


def test_quality_scale_claims_hold(rendered: Result) -> None:
    """Every claim a render makes is the whole truth: no judgement, no todo left done."""
    assert rendered.project_dir is not None
    module = checker(rendered.project_dir)
    project = module.Project(rendered.project_dir)
    assert set(project.claims()) == module.QUALITY_SCALE_RULES
    wrong = module.wrong_claims(project, exact=module.QUALITY_SCALE_RULES)
    assert not wrong, "\n".join(wrong)
    for rule in module.JUDGED_BY_READING:
        value = project.claims()[rule]
        assert value in ("done", "todo") or value["comment"].strip()


def test_the_template_and_the_author_claim_each_rule_once(rendered: Result) -> None:
    """quality_scale.yaml is built from both sources, which share no rule."""
    assert rendered.project_dir is not None
    module = checker(rendered.project_dir)
    project = module.Project(rendered.project_dir)
    template = set(project.claims("template.yaml"))
    own = set(project.claims("integration.yaml"))
    assert template | own == module.QUALITY_SCALE_RULES
    assert not template & own
    # What only the author can know is the author's.
    assert {"brands", "integration-owner", "docs-supported-devices"} <= own
    assert {"config-flow", "reauthentication-flow", "strict-typing"} <= template


def test_project_check_catches_false_claims(copie: Copie) -> None:
    """A claim the code or README does not back fails the project's own tests."""
    project = render(copie, ANSWER_SETS["defaults"])
    for rule in ("docs-use-cases", "integration-owner", "brands"):
        claim(project, rule, "done")
    module = checker(project)
    wrong = module.wrong_claims(
        module.Project(project),
        exact=frozenset(module.Project(project).claims("template.yaml")),
    )
    assert sorted(wrong) == [
        "brands: done, but the code does not do it",
        "docs-use-cases: done, but the code does not do it",
        "integration-owner: done, but the code does not do it",
    ]
    (project / ".venv").symlink_to(ROOT / ".venv")
    result = subprocess.run(
        [".venv/bin/python", "-m", "pytest", "-q", "-p", "no:sugar", "--no-cov",
         "tests/test_quality_scale.py"],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed" in result.stdout
    assert "docs-use-cases: done, but" in result.stdout


def test_a_rule_claimed_by_both_is_refused(copie: Copie) -> None:
    """The author cannot claim a rule the template claims: the build names it."""
    project = render(copie, ANSWER_SETS["defaults"])
    path = own_claims(project)
    path.write_text(path.read_text() + "  config-flow: done\n")
    result = build(project)
    assert result.returncode != 0
    assert "claims rules the template claims: config-flow." in result.stderr


def test_an_answer_change_moves_the_template_claims_and_flags_the_authors(
    copie: Copie, tmp_path: Path
) -> None:
    """Turning the options flow on updates the template's claims; the author's is flagged.

    An update renders quality_scale/template.yaml anew and keeps the author's file: the
    project's check then says which of the author's claims no longer holds.
    """
    before = render(copie, {**ANSWER_SETS["defaults"], "options_flow": False})
    kept = tmp_path / "integration.yaml"
    shutil.copy(own_claims(before), kept)
    after = render(copie, {**ANSWER_SETS["defaults"], "options_flow": True})
    shutil.copy(kept, own_claims(after))
    assert build(after).returncode == 0
    module = checker(after)
    project = module.Project(after)
    assert project.claims()["appropriate-polling"]["status"] == "todo"
    wrong = module.wrong_claims(
        project, exact=frozenset(project.claims("template.yaml"))
    )
    assert wrong == ["docs-configuration-parameters: exempt, but it applies"]


def test_a_user_set_polling_interval_is_named_as_not_for_core(rendered: Result) -> None:
    """A render whose options flow offers a polling interval says core rejects it.

    Core does not accept a polling interval users set, so the README and the quality
    scale say so; a render without the options flow offers no option at all.
    """
    assert rendered.project_dir is not None
    module = checker(rendered.project_dir)
    project = module.Project(rendered.project_dir)
    polling = project.claims()["appropriate-polling"]
    comment = "" if isinstance(polling, str) else " ".join(polling["comment"].split())
    readme = " ".join(project.readme.split())
    if module.has_options_flow(project):
        assert "CONF_SCAN_INTERVAL" in project.code("config_flow.py")
        assert "core does not accept a polling interval that users set" in readme
        assert "core does not accept (polling intervals are not user-configurable)" in (
            comment
        )
    else:
        assert "**Options**" not in project.readme
        assert "core does not accept" not in readme + comment


def test_a_client_package_makes_the_library_rules_done(rendered: Result) -> None:
    """dependency-transparency and async-dependency: done with the client package.

    With client_library, manifest.json pins the package the release publishes to PyPI;
    without it the rules say todo and how to get there, never exempt (the rule
    allows no exemption).
    """
    assert rendered.project_dir is not None
    module = checker(rendered.project_dir)
    project = module.Project(rendered.project_dir)
    claims = project.claims()
    for rule in ("dependency-transparency", "async-dependency"):
        if rendered.answers["client_library"]:
            assert claims[rule] == "done", rule
            assert module.has_requirements(project)
        else:
            assert claims[rule]["status"] == "todo", rule
            assert "render with client_library" in " ".join(
                claims[rule]["comment"].split()
            )
