"""Move this repository, and what it renders, to another Home Assistant release.

Run through scripts/bump-ha; see its usage there.
"""

from __future__ import annotations

import argparse
import io
import json
import os
from pathlib import Path
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from typing import Any
import urllib.request
import zipfile

from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.answer_sets import ANSWER_SETS  # noqa: E402  (the answer sets live there)

HARNESS = "pytest-homeassistant-custom-component"
SIMPLE_INDEX = "https://pypi.org/simple/{name}/"
# The answer set that renders every platform: its snapshots become the template's.
ALL_PLATFORMS_SET = "hub-cloud-longest-names"
DOMAIN_PLACEHOLDER = "[[ project_domain ]]"
# Every distinct answer to light_color_modes: each renders a light snapshot of its own.
LIGHT_COLOR_MODES = [
    ["brightness"],
    ["brightness", "color_temp"],
    ["brightness", "hs"],
    ["brightness", "rgb"],
    ["brightness", "color_temp", "hs"],
    ["brightness", "color_temp", "rgb"],
]


def say(message: str) -> None:
    """Print a progress line like the other scripts do."""
    print(f"==> {message}", flush=True)


def run(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    """Run a command, failing loudly with its output; return its stdout."""
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(
            f"scripts/bump-ha: {' '.join(map(str, args))} failed in {cwd}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return result.stdout


def render(project: Path, answers: dict[str, Any]) -> None:
    """Render the template as it is in the working tree, with answers and defaults."""
    run(
        ROOT / ".venv" / "bin" / "python",
        "-c",
        "import copier, json, sys;"
        "copier.run_copy('.', sys.argv[1], data=json.loads(sys.argv[2]),"
        " defaults=True, vcs_ref='HEAD', quiet=True)",
        project,
        json.dumps(answers),
    )


def run_pytest(project: Path, *args: str) -> None:
    """Run a project's tests with this repository's stack, quietly, without coverage."""
    python = ROOT / ".venv" / "bin" / "python"
    run(python, "-m", "pytest", "-p", "no:sugar", "-q", "--no-cov", *args, cwd=project)


def _index(name: str) -> dict[str, object]:
    request = urllib.request.Request(
        SIMPLE_INDEX.format(name=name),
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        index: dict[str, object] = json.load(response)
    return index


def _wheel_requirements(url: str) -> list[str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        wheel = zipfile.ZipFile(io.BytesIO(response.read()))
    metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    return [
        line.removeprefix("Requires-Dist: ")
        for line in wheel.read(metadata).decode().splitlines()
        if line.startswith("Requires-Dist: ")
    ]


def latest_release() -> str:
    """Return the newest Home Assistant release on the package index."""
    versions = _index("homeassistant")["versions"]
    assert isinstance(versions, list)
    return str(max(v for v in map(Version, versions) if not v.is_prerelease))


def harness_for(release: str) -> dict[str, str] | None:
    """Return the harness release pinning exactly this Home Assistant, and its syrupy.

    Harness releases pin ever newer Home Assistants, so the search walks back from
    the newest and stops at the first one pinning an older release.
    """
    index = _index(HARNESS)
    files = index["files"]
    assert isinstance(files, list)
    wheels = {
        Version(match[1]): file["url"]
        for file in files
        if (
            match := re.match(
                rf"{HARNESS.replace('-', '_')}-([^-]+)-py3", file["filename"]
            )
        )
    }
    target = Version(release)
    for version in sorted(wheels, reverse=True):
        if version.is_prerelease:
            continue
        pins = dict(
            requirement.split("==", 1)
            for requirement in _wheel_requirements(wheels[version])
            if "==" in requirement and ";" not in requirement
        )
        pinned = Version(pins["homeassistant"])
        if pinned == target:
            return {
                HARNESS: str(version),
                "homeassistant": release,
                "syrupy": pins["syrupy"],
            }
        if pinned < target:
            return None
    return None


TEMPLATE_PYPROJECT = ROOT / "template" / "pyproject.toml.jinja"


def _set_group_pins(
    group: str, pins: dict[str, str], path: Path = ROOT / "pyproject.toml"
) -> None:
    """Set name==version lines inside one dependency group of a pyproject.toml."""
    text = path.read_text()
    start = text.index(f"\n{group} = [")
    end = text.index("\n]", start)
    block = text[start:end]
    for name, version in pins.items():
        block, count = re.subn(
            rf'"{re.escape(name)}==[^"]+"', f'"{name}=={version}"', block
        )
        if not count:
            sys.exit(
                f"scripts/bump-ha: {name} is not pinned in group {group} of {path}"
            )
    path.write_text(text[:start] + block + text[end:])


def _group_pins(group: str, path: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    config = tomllib.loads(path.read_text())
    return dict(pin.split("==", 1) for pin in config["dependency-groups"][group])


def _replace(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text()
    new, count = re.subn(pattern, replacement, text)
    if not count:
        sys.exit(f"scripts/bump-ha: no {pattern!r} in {path.relative_to(ROOT)}")
    path.write_text(new)


def move_stack(harness: dict[str, str]) -> None:
    """Move the pinned stack: this repository's dev group and the rendered one."""
    _set_group_pins("dev", harness)
    _set_group_pins("dev", harness, TEMPLATE_PYPROJECT)


def lock_template() -> None:
    """Write template/uv.lock: the lock of the rendered pyproject.toml's groups.

    Every render shares it (the rendered project's name is fixed). uv locks a
    default render, starting from the current lock so that only what changed moves.
    """
    say("Locking the rendered projects' environment (template/uv.lock)")
    lock = ROOT / "template" / "uv.lock"
    with tempfile.TemporaryDirectory() as directory:
        project = Path(directory) / "project"
        render(project, {})
        if lock.exists():
            (project / "uv.lock").write_text(lock.read_text())
        # This script runs in .venv: the interpreter behind it is a Python 3.14.
        python = sys._base_executable  # type: ignore[attr-defined]
        run(ROOT / ".venv" / "bin" / "uv", "lock", "--quiet", "--python", python,
            cwd=project)  # fmt: skip
        lock.write_text((project / "uv.lock").read_text())


def move_rendered_environment() -> None:
    """Give the rendered default-config group .venv's release, and lock the groups."""
    run(
        ROOT / ".venv" / "bin" / "python",
        ROOT / "template" / "scripts" / "default_config.py",
        TEMPLATE_PYPROJECT,
    )
    lock_template()


def _toml(table: dict[str, object], name: str = "") -> str:
    """Write a table of strings, numbers, booleans and lists as TOML."""
    lines = [
        f"{json.dumps(key)} = {json.dumps(value)}"
        for key, value in table.items()
        if not isinstance(value, dict)
    ]
    text = "\n".join(lines) + "\n" if lines else ""
    for key, value in table.items():
        if isinstance(value, dict):
            child = f"{name}.{json.dumps(key)}" if name else json.dumps(key)
            text += f"\n[{child}]\n" + _toml(value, child)
    return text


def save_core_ruff(release: str) -> None:
    """Store core's ruff settings of a release, which every render must pass.

    They live in the pyproject.toml of the homeassistant source distribution;
    core derives the target version from requires-python, written here explicitly.
    """
    files = _index("homeassistant")["files"]
    assert isinstance(files, list)
    (sdist,) = (f for f in files if f["filename"] == f"homeassistant-{release}.tar.gz")
    with urllib.request.urlopen(sdist["url"], timeout=120) as response:
        data = io.BytesIO(response.read())
    with tarfile.open(fileobj=data) as archive:
        member = archive.extractfile(f"homeassistant-{release}/pyproject.toml")
        assert member is not None
        project = tomllib.loads(member.read().decode())
    ruff = {"target-version": "py314", **project["tool"]["ruff"]}
    header = (
        f"# Home Assistant {release}'s ruff settings, from the pyproject.toml of its\n"
        "# source distribution. Written by scripts/bump-ha; do not edit.\n"
        "# tests/test_rendered_projects.py lints every render with them.\n"
    )
    (ROOT / "tests" / "ha_core_ruff.toml").write_text(header + _toml(ruff))


def move_minimum(harness: dict[str, str]) -> None:
    """Move the oldest supported release: minimum group, hacs.json, tests workflow."""
    release = harness["homeassistant"]
    pins = {"homeassistant": release, HARNESS: harness[HARNESS]}
    _set_group_pins("minimum", pins)
    _set_group_pins("minimum", pins, TEMPLATE_PYPROJECT)
    _replace(
        ROOT / "template" / "hacs.json.jinja",
        r'"homeassistant": "[^"]+"',
        f'"homeassistant": "{release}"',
    )
    _replace(
        ROOT / "template" / "README.md.jinja",
        r"It needs Home Assistant \S+ or newer",
        f"It needs Home Assistant {release} or newer",
    )
    workflow = ROOT / "template" / ".github" / "workflows" / "tests.yml.jinja"
    _replace(workflow, r"minimum \d\S*", f"minimum {release}")


def move_newest(release: str) -> None:
    """Point the smoke test's environment at a release, with the frontend it needs."""
    _set_group_pins("newest", {"homeassistant": release})
    lock_and_sync()
    manifest = run(
        ROOT / ".venv-newest" / "bin" / "python",
        "-c",
        "import homeassistant.components.frontend as f, pathlib;"
        "print(pathlib.Path(f.__file__).with_name('manifest.json').read_text())",
    )
    (frontend,) = json.loads(manifest)["requirements"]
    _set_group_pins("newest", {"home-assistant-frontend": frontend.split("==")[1]})


def lock_and_sync() -> None:
    """Lock the new pins and sync every environment (scripts/setup --relock)."""
    say("Locking and syncing the environments (scripts/setup --relock)")
    run(ROOT / "scripts" / "setup", "--relock")


def _render_snapshots(
    directory: Path,
    snapshotted: list[str],
    without: list[str],
    integration_type: str,
    light_color_modes: list[str] | None = None,
) -> dict[str, str]:
    """Render every platform but some, update their snapshots; return them by platform.

    Only the snapshotted platforms' tests update their snapshots.
    """
    answers = ANSWER_SETS[ALL_PLATFORMS_SET]
    modes = light_color_modes or answers["light_color_modes"]
    project = directory / (
        f"{integration_type}-without-{'-'.join(without) or 'none'}-{'-'.join(modes)}"
    )
    render(
        project,
        {
            **answers,
            "integration_type": integration_type,
            "platforms": [p for p in answers["platforms"] if p not in without],
            "light_color_modes": modes,
        },
    )
    domain = next((project / "custom_components").iterdir()).name
    tests = [f"tests/test_{p}.py" for p in snapshotted if p not in without]
    run_pytest(project, "--snapshot-update", *tests)
    # The diagnostics snapshot has answer-dependent parts: it is checked, not
    # rewritten; a change there is a hand edit of test_diagnostics.ambr.jinja.
    run_pytest(project, "tests/test_diagnostics.py")
    return {
        path.stem.removeprefix("test_"): path.read_text().replace(
            domain, DOMAIN_PLACEHOLDER
        )
        for path in (project / "tests" / "snapshots").glob("test_*.ambr")
    }


def regenerate_snapshots() -> None:
    """Render every platform, update its snapshots, and carry them into the template.

    The main feature's entity (light, else cover, else switch) takes the device's
    name, so the cover and switch snapshots have two variants, rendered without the
    platforms that come before them. The light has one variant for each answer to
    light_color_modes (LIGHT_COLOR_MODES), told apart by its colours (light_colors). A
    hub's entities belong to the devices it connects, two in the fake hub, so every
    snapshot has a hub variant too.
    """
    say("Regenerating the template's snapshots from renders of every platform")
    snapshots = ROOT / "template" / "tests" / "snapshots"
    templates = {
        re.search(r"test_(\w+)\.ambr", path.name)[1]: path  # type: ignore[index]
        for path in snapshots.glob("[[]% if*")
    }
    variants: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as directory:
        root, snapshotted = Path(directory), list(templates)
        for kind in ("hub", "device"):
            every = _render_snapshots(root, snapshotted, [], kind)
            main = {
                "cover": _render_snapshots(root, snapshotted, ["light"], kind)["cover"],
                "switch": _render_snapshots(
                    root, snapshotted, ["light", "cover"], kind
                )["switch"],
            }
            # The render of every platform has the set's own light already.
            lights = {
                " ".join(m for m in modes if m != "brightness"): every["light"]
                if modes == ANSWER_SETS[ALL_PLATFORMS_SET]["light_color_modes"]
                else _render_snapshots(root, ["light"], [], kind, modes)["light"]
                for modes in LIGHT_COLOR_MODES
            }
            for platform in templates:
                text = every[platform]
                if platform == "light":
                    text = "".join(
                        f"[% {'if' if not index else 'elif'} light_colors | join(' ')"
                        f" == '{colors}' %]\n{light}"
                        for index, (colors, light) in enumerate(lights.items())
                    )
                    text += "[% endif %]\n"
                if platform in main:
                    text = (
                        f"[% if main_platform == '{platform}' %]\n{main[platform]}"
                        f"[% else %]\n{text}[% endif %]\n"
                    )
                variants.setdefault(platform, {})[kind] = text
    for platform, template in templates.items():
        template.write_text(
            "[% if integration_type == 'hub' %]\n"
            f"{variants[platform]['hub']}"
            f"[% else %]\n{variants[platform]['device']}[% endif %]\n"
        )


def refresh_examples() -> None:
    """Re-render the examples and update their own snapshots."""
    say("Re-rendering the examples (scripts/render-example) and their snapshots")
    run(ROOT / "scripts" / "render-example")
    for example in sorted((ROOT / "examples").glob("*/pyproject.toml")):
        run_pytest(example.parent, "--snapshot-update")


def main() -> None:
    """Parse the arguments and move the repository."""
    parser = argparse.ArgumentParser(prog="scripts/bump-ha", description=__doc__)
    parser.add_argument(
        "release", help="a Home Assistant release, such as 2026.11.1, or latest"
    )
    parser.add_argument(
        "--minimum",
        action="store_true",
        help="move the oldest supported release (hacs.json) instead of the stack",
    )
    parser.add_argument(
        "--no-test", action="store_true", help="skip scripts/test at the end"
    )
    args = parser.parse_args()
    release = (
        latest_release() if args.release == "latest" else str(Version(args.release))
    )
    say(f"Looking up the test harness of Home Assistant {release}")
    harness = harness_for(release)
    if args.minimum:
        if harness is None:
            sys.exit(f"scripts/bump-ha: no {HARNESS} release pins {release}")
        say(f"Minimum: Home Assistant {release}, {HARNESS} {harness[HARNESS]}")
        move_minimum(harness)
    else:
        if harness is not None:
            say(f"Stack: Home Assistant {release}, {HARNESS} {harness[HARNESS]}")
            move_stack(harness)
            save_core_ruff(release)
        else:
            say(f"No harness pins {release} yet: only the smoke test moves to it")
        if Version(_group_pins("newest")["homeassistant"]) < Version(release):
            move_newest(release)
    lock_and_sync()
    move_rendered_environment()
    say("Regenerating the refused core domains (scripts/update-core-domains)")
    run(ROOT / "scripts" / "update-core-domains")
    regenerate_snapshots()
    refresh_examples()
    if not args.no_test:
        say("Running every test (scripts/test)")
        status = subprocess.run([ROOT / "scripts" / "test"], cwd=ROOT, check=False)
        sys.exit(status.returncode)


if __name__ == "__main__":
    main()
