"""Carry a project's own files from template 0.7.x to 0.8.0.

0.8.0 installs the development environment with uv, from pyproject.toml's dependency
groups and uv.lock, instead of pip and requirements_test.txt. The pins the template
wrote there are in the dev group now; a requirement the author added moves to the dev
group too, so nothing is lost. Copier deletes requirements_test.txt with the rest of
the update, so the author's lines are put aside before it (stage "before", in the git
directory, where the update does not look) and added to the dev group after it. A moved
requirement is not in the template's uv.lock yet: `scripts/setup --relock` adds it.

Run by `copier update --trust` in the project's directory, with the stage as argument.
"""

import json
from pathlib import Path
import re
import subprocess
import sys

REQUIREMENTS = Path("requirements_test.txt")
# What the template wrote into requirements_test.txt; the dev group has them now.
TEMPLATE_PINS = frozenset(
    {"homeassistant", "pytest-homeassistant-custom-component", "syrupy", "ruff", "mypy"}
)
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def authors_requirements(text: str) -> list[str]:
    """Return the requirement lines the template did not write, as written."""
    own = []
    for line in text.splitlines():
        requirement = line.split("#", 1)[0].strip()
        if not requirement:
            continue
        name = NAME.match(requirement)
        if name is None or re.sub(r"[-_.]+", "-", name[1]).lower() not in TEMPLATE_PINS:
            own.append(requirement)
    return own


def add_to_dev_group(pyproject: str, requirements: list[str]) -> str:
    """Return pyproject.toml's text with requirements appended to the dev group."""
    start = pyproject.index("\ndev = [")
    end = pyproject.index("\n]", start)
    # A JSON string is a TOML basic string.
    lines = "".join(f"\n    {json.dumps(requirement)}," for requirement in requirements)
    return pyproject[:end] + lines + pyproject[end:]


def set_aside() -> Path:
    """Return where the author's requirements wait during the update."""
    git_dir = subprocess.run(
        ["git", "rev-parse", "--git-dir"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return Path(git_dir) / "copier-v0.8.0-requirements.txt"


def before() -> None:
    """Put the author's own requirements aside, before copier deletes the file."""
    if REQUIREMENTS.exists() and (
        own := authors_requirements(REQUIREMENTS.read_text())
    ):
        set_aside().write_text("\n".join(own) + "\n")


def after() -> None:
    """Add the set-aside requirements to the dev group; remove what is left over."""
    aside = set_aside()
    own = aside.read_text().splitlines() if aside.exists() else []
    if own:
        pyproject = Path("pyproject.toml")
        pyproject.write_text(add_to_dev_group(pyproject.read_text(), own))
        aside.unlink()
        print(
            "v0.8.0 migration: moved your test requirements to pyproject.toml's dev "
            f"group ({', '.join(own)}); run scripts/setup --relock to lock them"
        )
    if REQUIREMENTS.exists():
        REQUIREMENTS.unlink()
        print("v0.8.0 migration: removed requirements_test.txt (uv.lock replaces it)")


def main() -> None:
    """Run the stage copier names."""
    {"before": before, "after": after}[sys.argv[1]]()


if __name__ == "__main__":
    main()
