"""Carry a project's own files from template 0.5.x to 0.6.0.

0.6.0 lints with Home Assistant core's own ruff settings, which ban
`from __future__ import annotations` (Python 3.14 evaluates annotations lazily, so
it is not needed). The import goes from the author's Python files here; the
template-owned files arrive without it. `scripts/lint` then sorts the imports the way
core does (short imports on one line).

Run by `copier update --trust` in the project's directory.
"""

from pathlib import Path

import yaml

FUTURE_IMPORT = "from __future__ import annotations\n"


def drop_future_import(path: Path) -> None:
    """Remove the future import, and the blank line after it, from one file."""
    text = path.read_text()
    if FUTURE_IMPORT not in text.splitlines(keepends=True):
        return
    for form in (FUTURE_IMPORT + "\n", FUTURE_IMPORT):
        if form in text:
            path.write_text(text.replace(form, "", 1))
            print(f"v0.6.0 migration: removed the __future__ import from {path}")
            return


def main() -> None:
    """Migrate the project in the working directory."""
    answers = yaml.safe_load(Path(".copier-answers.yml").read_text())
    package = Path("custom_components") / answers["project_domain"]
    for path in sorted([*package.glob("*.py"), *Path("tests").glob("*.py")]):
        drop_future_import(path)


if __name__ == "__main__":
    main()
