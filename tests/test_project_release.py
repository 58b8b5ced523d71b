"""The generated scripts/release and release workflow keep one version everywhere.

A rendered project becomes a git repository; its release script runs there as an
author runs it, and the workflow's own steps run with `gh` replaced by a recorder
(publishing needs GitHub).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
import subprocess
import tomllib
import zipfile

import pytest
from pytest_copie.plugin import Copie
import yaml

from .helpers import GIT_IDENTITY, ROOT, attempt, clean_env, commit_all, git


@pytest.fixture
def project(copie: Copie) -> Path:
    """A default render, committed as the author's first commit."""
    result = copie.copy(extra_answers={})
    assert result.project_dir is not None
    git("init", "--quiet", "--initial-branch=main", cwd=result.project_dir)
    commit_all(result.project_dir, "Generate from the template")
    return result.project_dir


def release(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the project's scripts/release; return it finished."""
    return attempt(
        "scripts/release", *args, cwd=project, env={**clean_env(), **GIT_IDENTITY}
    )


def manifest(project: Path) -> Path:
    """Return the integration's manifest.json."""
    return project / "custom_components" / "my_device" / "manifest.json"


def add_unreleased(project: Path, line: str) -> None:
    """Write an "Unreleased" entry with one line on top of CHANGELOG.md and commit it."""
    changelog = project / "CHANGELOG.md"
    text = changelog.read_text()
    first = text.index("\n## ")
    changelog.write_text(f"{text[:first]}\n## Unreleased\n\n{line}\n{text[first:]}")
    commit_all(project, "Note a change")


def test_release_sets_the_version_dates_the_entry_commits_and_tags(
    project: Path,
) -> None:
    """The first release: the rendered "Unreleased" entry becomes 0.1.0's."""
    before = manifest(project).read_text()

    result = release(project, "0.1.0")

    assert result.returncode == 0, result.stderr
    assert "Tagged v0.1.0. Publish it: git push origin HEAD v0.1.0" in result.stdout
    today = dt.datetime.now().astimezone().date().isoformat()
    changelog = (project / "CHANGELOG.md").read_text()
    assert f"\n## 0.1.0 - {today}\n" in changelog
    assert "## Unreleased" not in changelog
    assert manifest(project).read_text() == before  # 0.1.0 already
    assert git("tag", "--list", cwd=project).split() == ["v0.1.0"]
    assert git("log", "-1", "--format=%s", "v0.1.0", cwd=project).strip() == (
        "Release 0.1.0"
    )
    assert git("status", "--porcelain", cwd=project) == ""


def test_next_release_moves_only_the_manifest_version(project: Path) -> None:
    """0.2.0: the manifest's version line changes, nothing else in it."""
    assert release(project, "0.1.0").returncode == 0
    add_unreleased(project, "- Faster polling.")
    before = manifest(project).read_text()

    result = release(project, "0.2.0")

    assert result.returncode == 0, result.stderr
    after = manifest(project).read_text()
    assert json.loads(after)["version"] == "0.2.0"
    assert after == before.replace('"version": "0.1.0"', '"version": "0.2.0"')
    shown = git(
        "show", "--name-only", "--format=", "v0.2.0^{commit}", cwd=project
    ).split()
    assert sorted(shown) == [
        "CHANGELOG.md",
        "custom_components/my_device/manifest.json",
    ]
    notes = release(project, "--notes", "0.2.0")
    assert notes.stdout.strip() == "- Faster polling."


@pytest.mark.parametrize(
    ("version", "refusal"),
    [
        ("1.0", "'1.0' is not a version: write MAJOR.MINOR.PATCH"),
        ("v0.2.0", "'v0.2.0' is not a version"),
        ("0.0.9", "0.0.9 is older than manifest.json's version 0.1.0"),
        ("0.1.0", "the tag v0.1.0 exists already"),
        ("0.2.0", 'CHANGELOG.md has no "## Unreleased" or "## 0.2.0" entry'),
    ],
)
def test_release_refuses_and_changes_nothing(
    project: Path, version: str, refusal: str
) -> None:
    """Each refusal names its reason; the tree, the tags and the manifest stay."""
    assert release(project, "0.1.0").returncode == 0
    head = git("rev-parse", "HEAD", cwd=project)

    result = release(project, version)

    assert result.returncode != 0
    assert refusal in result.stderr
    assert git("rev-parse", "HEAD", cwd=project) == head
    assert git("status", "--porcelain", cwd=project) == ""
    assert git("tag", "--list", cwd=project).split() == ["v0.1.0"]


def test_release_refuses_uncommitted_work_and_an_empty_entry(project: Path) -> None:
    """Work in progress is never swept into a release commit; nor is an empty entry."""
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nWork in progress.\n")
    dirty = release(project, "0.1.0")
    assert dirty.returncode != 0
    assert "commit or stash your changes first" in dirty.stderr
    git("checkout", "--", "README.md", cwd=project)
    changelog = project / "CHANGELOG.md"
    text = changelog.read_text()
    changelog.write_text(text[: text.index("## Unreleased")] + "## Unreleased\n")
    commit_all(project, "Nothing to say yet")
    empty = release(project, "0.1.0")
    assert empty.returncode != 0
    assert "CHANGELOG.md's entry for 0.1.0 is empty" in empty.stderr
    assert git("tag", "--list", cwd=project) == ""


def run_step(
    project: Path, step: dict[str, str], tag: str, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """Run one step of the release workflow, as GitHub Actions runs it, on a tag."""
    shims = tmp_path / "shims"
    shims.mkdir(exist_ok=True)
    recorder = shims / "gh"
    recorder.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/gh-arguments"\n')
    recorder.chmod(0o755)
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir(exist_ok=True)
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=project,
        env={
            **clean_env(),
            "GITHUB_REF_NAME": tag,
            "RUNNER_TEMP": str(runner_temp),
            "GH_TOKEN": "not-a-token",
            "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}",
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_release_workflow_refuses_a_tag_the_manifest_does_not_name(
    project: Path, tmp_path: Path
) -> None:
    """On a tag: check it against the manifest, test, then publish with the entry."""
    workflow = yaml.safe_load(
        (project / ".github" / "workflows" / "release.yml").read_text()
    )
    # PyYAML reads the key "on" as True.
    assert workflow[True] == {"push": {"tags": ["v*"]}}
    steps = workflow["jobs"]["release"]["steps"]
    runs = [step.get("run", "") for step in steps]
    order = [runs.index(command) for command in (
        'scripts/release --check "$GITHUB_REF_NAME"', "scripts/setup",
        "scripts/lint --check", "scripts/test",
    )]  # fmt: skip
    by_id = {step["id"]: step for step in steps if "id" in step}
    assert order == sorted(order)
    assert order[-1] < steps.index(by_id["publish"])
    assert release(project, "0.1.0").returncode == 0

    wrong = run_step(project, by_id["check"], "v0.1.1", tmp_path)
    assert wrong.returncode != 0
    assert "the tag v0.1.1 does not match manifest.json's version 0.1.0" in wrong.stderr
    right = run_step(project, by_id["check"], "v0.1.0", tmp_path)
    assert right.returncode == 0, right.stderr

    published = run_step(project, by_id["publish"], "v0.1.0", tmp_path)
    assert published.returncode == 0, published.stderr
    arguments = (tmp_path / "gh-arguments").read_text().splitlines()
    notes = tmp_path / "runner" / "notes.md"
    assert arguments == [
        "release", "create", "v0.1.0", "--verify-tag", "--title", "0.1.0",
        "--notes-file", str(notes),
    ]  # fmt: skip
    assert notes.read_text().startswith("- The first release: My Device devices")


def test_release_workflow_attaches_the_zip_hacs_asks_for(
    project: Path, tmp_path: Path
) -> None:
    """With zip_release in hacs.json, the release carries the integration's folder."""
    hacs = project / "hacs.json"
    data = json.loads(hacs.read_text())
    hacs.write_text(
        json.dumps({**data, "zip_release": True, "filename": "my_device.zip"}) + "\n"
    )
    commit_all(project, "Release a zip for HACS")
    assert release(project, "0.1.0").returncode == 0
    steps = yaml.safe_load(
        (project / ".github" / "workflows" / "release.yml").read_text()
    )["jobs"]["release"]["steps"]
    (publish,) = (step for step in steps if step.get("id") == "publish")

    result = run_step(project, publish, "v0.1.0", tmp_path)

    assert result.returncode == 0, result.stderr
    archive = tmp_path / "runner" / "my_device.zip"
    assert (tmp_path / "gh-arguments").read_text().splitlines()[-1] == str(archive)
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert json.loads(zipped.read("manifest.json"))["version"] == "0.1.0"
    assert "__init__.py" in names
    assert not any(name.startswith(("my_device/", "/")) for name in names)


@pytest.fixture
def library_project(copie: Copie) -> Path:
    """A render with the client package (client_library), committed."""
    result = copie.copy(extra_answers={"client_library": True})
    assert result.project_dir is not None
    git("init", "--quiet", "--initial-branch=main", cwd=result.project_dir)
    commit_all(result.project_dir, "Generate from the template")
    return result.project_dir


def library_version(project: Path) -> str:
    """Return the version library/pyproject.toml gives the client package."""
    pyproject = tomllib.loads((project / "library" / "pyproject.toml").read_text())
    version: str = pyproject["project"]["version"]
    return version


def test_release_moves_the_client_package_with_the_integration(
    library_project: Path,
) -> None:
    """One version: the package's, the manifest's and the pin on the package."""
    assert release(library_project, "0.1.0").returncode == 0
    add_unreleased(library_project, "- A faster client.")

    result = release(library_project, "0.2.0")

    assert result.returncode == 0, result.stderr
    data = json.loads(manifest(library_project).read_text())
    assert data["version"] == "0.2.0"
    assert data["requirements"] == ["my-device-client==0.2.0"]
    assert library_version(library_project) == "0.2.0"
    shown = git(
        "show", "--name-only", "--format=", "v0.2.0^{commit}", cwd=library_project
    ).split()
    assert sorted(shown) == [
        "CHANGELOG.md",
        "custom_components/my_device/manifest.json",
        "library/pyproject.toml",
    ]


def test_release_workflow_publishes_the_client_package_first(
    library_project: Path, tmp_path: Path
) -> None:
    """After the tests, a job of its own publishes the package, then the release.

    Only that job may mint a PyPI token (trusted publishing): the tests, the linters
    and their dependencies run where there is none.
    """
    workflow = yaml.safe_load(
        (library_project / ".github" / "workflows" / "release.yml").read_text()
    )
    assert workflow["permissions"] == {"contents": "read"}
    release_job, publish_job = workflow["jobs"]["release"], workflow["jobs"]["publish"]
    assert "permissions" not in release_job
    assert publish_job["needs"] == "release"
    assert publish_job["permissions"] == {"contents": "write", "id-token": "write"}
    assert publish_job["environment"]["name"] == "pypi"
    steps = release_job["steps"]
    by_id = {step["id"]: step for step in steps if "id" in step}
    runs = [step.get("run") for step in steps]
    assert runs.index("scripts/test") < steps.index(by_id["build-library"])
    assert steps[-1]["uses"].startswith("actions/upload-artifact@")
    published = [step.get("id") for step in publish_job["steps"]]
    assert published.index("publish-library") < published.index("publish")
    (upload,) = (s for s in publish_job["steps"] if s.get("id") == "publish-library")
    assert upload["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "password" not in upload.get("with", {})
    assert release(library_project, "0.1.0").returncode == 0

    # The build step makes the wheel the publish step uploads: typed, with its version.
    shims = tmp_path / "shims"
    shims.mkdir()
    # uv, building with this Python (a runner's setup-python step provides one).
    uv = shims / "uv"
    uv.write_text(
        f'#!/bin/sh\nUV_PYTHON="{ROOT}/.venv/bin/python" UV_PYTHON_DOWNLOADS=never '
        f'exec "{ROOT}/.venv/bin/uv" "$@"\n'
    )
    uv.chmod(0o755)
    built = run_step(library_project, by_id["build-library"], "v0.1.0", tmp_path)
    assert built.returncode == 0, built.stderr
    # Every change builds it too, the same way.
    tests = yaml.safe_load(
        (library_project / ".github" / "workflows" / "tests.yml").read_text()
    )
    (build,) = (
        s for s in tests["jobs"]["lint"]["steps"] if s.get("id") == "build-library"
    )
    assert build["run"] == by_id["build-library"]["run"]
    (wheel,) = (library_project / "dist").glob("*.whl")
    assert wheel.name == "my_device_client-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zipped:
        assert "my_device_client/py.typed" in zipped.namelist()
        assert "my_device_client/api.py" in zipped.namelist()

    # A package version moved by hand no longer matches the tag.
    pyproject = library_project / "library" / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('version = "0.1.0"', 'version = "0.1.1"')
    )
    wrong = run_step(library_project, by_id["check"], "v0.1.0", tmp_path)
    assert wrong.returncode != 0
    assert (
        "does not match the client package my-device-client (0.1.1, pinned at 0.1.0)"
        in wrong.stderr
    )
