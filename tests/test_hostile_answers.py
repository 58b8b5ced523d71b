"""Hostile answers: each is refused with a clear message or rendered as a literal.

Every text question gets each kind of hostile value. Whatever the outcome, nothing is
written outside the destination, and a project that renders is still valid Python,
JSON and YAML that records the answer verbatim.
"""

from __future__ import annotations

import json
from pathlib import Path
import py_compile
from typing import Any

import pytest
from pytest_copie.plugin import Copie
import yaml

from .helpers import files_below, last_destination

HOSTILE_VALUES = {
    "empty": "",
    "too_long": "x" * 300,
    "path_separators": "a/b\\c",
    "parent_directory": "../../outside",
    "jinja": "[[ 7 * 7 ]][% if true %]x[% endif %]{{ 7 * 7 }}",
    "shell": "$(touch /tmp/pwned); `id` | rm -rf ~ & echo ok",
    "non_ascii": "Wärmepumpe 🔥 Küche",
    "newline": "line one\nline two",
}
# Each text question, with the answers under which copier asks it.
TEXT_QUESTIONS: dict[str, dict[str, Any]] = {
    "integration_name": {},
    "project_domain": {},
    "codeowner": {},
    "repository_url": {},
    "documentation_url": {},
    "issue_tracker_url": {},
    "version": {},
    "api_base_path": {},
    "api_key_header": {},
    "api_key_scheme": {},
    "api_key_label": {},
    "fixed_username": {"auth_method": "basic"},
    "password_label": {"auth_method": "basic"},
    "token_login_path": {"auth_method": "token"},
    "token_username_field": {"auth_method": "token"},
    "token_password_field": {"auth_method": "token"},
    "token_response_field": {"auth_method": "token"},
    "token_header": {"auth_method": "token"},
    "token_scheme": {"auth_method": "token"},
    "zeroconf_type": {},
    "zeroconf_name": {"zeroconf_type": "_x._tcp.local."},
    "zeroconf_properties": {"zeroconf_type": "_x._tcp.local."},
    "zeroconf_mac": {"zeroconf_type": "_x._tcp.local."},
    "homekit_models": {},
    "zeroconf_serial": {"zeroconf_type": "_x._tcp.local."},
    "library_name": {"client_library": True},
}


def _assert_valid_project(project: Path) -> None:
    """Every Python, JSON and YAML file of the project parses."""
    for path in files_below(project):
        if path.suffix == ".py":
            py_compile.compile(str(path), doraise=True)
        elif path.suffix == ".json":
            json.loads(path.read_text())
        elif path.suffix in {".yaml", ".yml"} and path.name != "services.yaml":
            yaml.safe_load(path.read_text())


@pytest.mark.parametrize("kind", list(HOSTILE_VALUES))
@pytest.mark.parametrize("question", list(TEXT_QUESTIONS))
def test_hostile_answer_is_refused_or_literal(
    copie: Copie, tmp_path: Path, question: str, kind: str
) -> None:
    """A refusal names the question; a render keeps the value as text, nowhere else."""
    value = HOSTILE_VALUES[kind]
    before = {path for path in tmp_path.parent.iterdir()}
    result = copie.copy(extra_answers={**TEXT_QUESTIONS[question], question: value})
    destination = last_destination(copie)

    if result.exit_code != 0:
        assert result.exception is not None
        assert f"'{question}'" in str(result.exception)
        assert list(destination.iterdir()) == []
    else:
        assert result.project_dir == destination
        answers = yaml.safe_load((destination / ".copier-answers.yml").read_text())
        assert answers[question] == value
        if question == "integration_name":
            manifest = next(destination.glob("custom_components/*/manifest.json"))
            assert json.loads(manifest.read_text())["name"] == value
        _assert_valid_project(destination)
        for path in files_below(destination):
            assert path.resolve().is_relative_to(destination.resolve()), path
    # Nothing beside the test's own directories, and no shell command ran.
    assert {path for path in tmp_path.parent.iterdir()} == before
    assert not Path("/tmp/pwned").exists()
