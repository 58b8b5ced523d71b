"""Build the integration's strings.json and translations/en.json from strings/.

Home Assistant reads one strings file, but two parties write it:
strings/template.json holds the template's texts (config flow, options, errors) and
`copier update` keeps it current; strings/integration.json holds yours (entity names
and states, service actions, your own errors and issues), which updates never touch.
This merges them, yours added to the template's and winning where both name the same
key. English needs no translation step: translations/en.json is strings.json.

Run by scripts/lint; with --check (scripts/lint --check, the tests) it only reports.
Standard library only, so any Python 3 runs it (`copier update` migrations do).
"""

import argparse
import json
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "strings" / "template.json", ROOT / "strings" / "integration.json")


def merge(base: dict, extra: dict) -> dict:
    """Return base with extra merged in, key by key; extra wins on a conflict."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def build() -> str:
    """Return the text strings.json and translations/en.json must have."""
    strings: dict = {}
    for source in SOURCES:
        strings = merge(strings, json.loads(source.read_text(encoding="utf-8")))
    return json.dumps(strings, indent=2, ensure_ascii=False) + "\n"


def targets() -> list[Path]:
    """Return the files built: the integration's strings.json and English texts."""
    (integration,) = (ROOT / "custom_components").glob("*/manifest.json")
    package = integration.parent
    return [package / "strings.json", package / "translations" / "en.json"]


def main() -> int:
    """Write (or with --check, compare) the built files; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report")
    check = parser.parse_args().check
    text = build()
    stale = [t for t in targets() if not t.exists() or t.read_text("utf-8") != text]
    for target in stale:
        name = target.relative_to(ROOT)
        if check:
            print(f"{name} is not built from strings/: run scripts/lint")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(f"built {name}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
