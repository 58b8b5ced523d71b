"""Build the integration's quality_scale.yaml from quality_scale/.

Two parties claim the rules of the integration quality scale. quality_scale/template.yaml
holds the claims for what the template's code implements: they follow the answers, and
`copier update` keeps them current. quality_scale/integration.yaml holds yours (your
entities, README, brand, owner, discovery), which updates never touch. Each rule is
claimed in one of them only; tests/test_quality_scale.py checks every claim against the
code and README.

Run by scripts/lint; with --check (scripts/lint --check, the tests) it only reports.
Standard library only, so any Python 3 runs it (`copier update` migrations do).
"""

import argparse
from pathlib import Path
import re
import sys

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "quality_scale" / "template.yaml"
OWN = ROOT / "quality_scale" / "integration.yaml"
HEADER = """\
# Built by scripts/build_quality_scale.py from quality_scale/template.yaml (the
# template's claims) and quality_scale/integration.yaml (yours): edit those.
rules:
"""
RULE = re.compile(r"^  ([a-z][a-z-]*):", re.MULTILINE)


def rules_of(path: Path) -> str:
    """Return the text under a source's `rules:` line: its rules, two spaces in."""
    text = path.read_text(encoding="utf-8")
    rules = re.search(r"^rules:\n", text, re.MULTILINE)
    if rules is None:
        raise SystemExit(f"{path.relative_to(ROOT)} has no `rules:` line")
    return text[rules.end() :]


def build() -> str:
    """Return the text the integration's quality_scale.yaml must have."""
    template, own = rules_of(TEMPLATE), rules_of(OWN)
    both = sorted(set(RULE.findall(template)) & set(RULE.findall(own)))
    if both:
        raise SystemExit(
            "quality_scale/integration.yaml claims rules the template claims: "
            f"{', '.join(both)}. Remove them there; quality_scale/template.yaml "
            "says what the template's code does."
        )
    return (
        HEADER
        + "  # The template's claims (quality_scale/template.yaml)\n"
        + template
        + "\n  # Your claims (quality_scale/integration.yaml)\n"
        + own
    )


def target() -> Path:
    """Return the file built: the integration's quality_scale.yaml."""
    (manifest,) = (ROOT / "custom_components").glob("*/manifest.json")
    return manifest.parent / "quality_scale.yaml"


def main() -> int:
    """Write (or with --check, compare) the built file; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report")
    check = parser.parse_args().check
    text = build()
    path = target()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return 0
    name = path.relative_to(ROOT)
    if check:
        print(f"{name} is not built from quality_scale/: run scripts/lint")
        return 1
    path.write_text(text, encoding="utf-8")
    print(f"built {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
