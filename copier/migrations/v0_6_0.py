"""Carry a project's own files from template 0.5.x to 0.6.0.

- 0.6.0 lints with Home Assistant core's own ruff settings, which ban
  `from __future__ import annotations` (Python 3.14 evaluates annotations lazily, so
  it is not needed). The import goes from the author's Python files here; the
  template-owned files arrive without it. `scripts/lint` then sorts the imports the
  way core does (short imports on one line).
- The author's texts move out of the once template-owned strings.json: its entity
  names, service actions and any key the template does not have go to
  strings/integration.json, and scripts/build_strings.py builds strings.json and
  translations/en.json from it and the template's strings/template.json.
- Core's import conventions ban the alias `vol` for probatio (which the v0.3.0
  migration wrote): `import probatio as vol` becomes `import probatio`.
- icons.json is the author's now: the template's old sample icons, static icons that
  hid the state icons of lights, switches, covers and device classes, are removed.

Run by `copier update --trust` in the project's directory.
"""

import json
from pathlib import Path
import re
import subprocess
import sys
from typing import Any

import yaml

FUTURE_IMPORT = "from __future__ import annotations\n"
VOL_IMPORT = "import probatio as vol\n"


def drop_future_import(text: str) -> str:
    """Remove the future import, and the blank line after it."""
    if FUTURE_IMPORT not in text.splitlines(keepends=True):
        return text
    form = FUTURE_IMPORT + "\n" if FUTURE_IMPORT + "\n" in text else FUTURE_IMPORT
    return text.replace(form, "", 1)


def drop_vol_alias(text: str) -> str:
    """Import probatio under its own name, as core's import conventions ask."""
    if VOL_IMPORT not in text.splitlines(keepends=True):
        return text
    text = text.replace(VOL_IMPORT, "import probatio\n", 1)
    return re.sub(r"\bvol\.", "probatio.", text)


def migrate_python(path: Path) -> None:
    """Rewrite one of the author's Python files as core's lint settings ask."""
    text = path.read_text()
    without_future = drop_future_import(text)
    migrated = drop_vol_alias(without_future)
    if migrated == text:
        return
    path.write_text(migrated)
    if without_future != text:
        print(f"v0.6.0 migration: removed the __future__ import from {path}")
    if migrated != without_future:
        print(f"v0.6.0 migration: {path} imports probatio without the vol alias")


# The icons 0.5.x rendered for its sample entities, by platform and translation key.
OLD_SAMPLE_ICONS = {
    "sensor": {"temperature": "mdi:thermometer", "signal_strength": "mdi:wifi"},
    "binary_sensor": {"problem": "mdi:alert-circle"},
    "switch": {"power": "mdi:power"},
    "light": {"light": "mdi:lightbulb"},
    "cover": {"cover": "mdi:window-shutter"},
    "button": {"restart": "mdi:restart"},
    "number": {"target_temperature": "mdi:thermostat"},
}
AUTHOR_SECTIONS = ("entity", "services")


def _absent_from(strings: dict[str, Any], template: dict[str, Any]) -> dict[str, Any]:
    """Return the keys of strings that template lacks, at any depth."""
    own: dict[str, Any] = {}
    for key, value in strings.items():
        if key not in template:
            own[key] = value
        elif (
            isinstance(value, dict)
            and isinstance(template[key], dict)
            and (nested := _absent_from(value, template[key]))
        ):
            own[key] = nested
    return own


def move_strings(package: Path) -> None:
    """Put the author's texts in strings/integration.json and build strings.json."""
    strings = json.loads((package / "strings.json").read_text(encoding="utf-8"))
    template = json.loads(Path("strings/template.json").read_text(encoding="utf-8"))
    own = {key: strings[key] for key in AUTHOR_SECTIONS if key in strings}
    rest = {key: value for key, value in strings.items() if key not in own}
    for key, value in _absent_from(rest, template).items():
        own[key] = value
    text = json.dumps(own, indent=2, ensure_ascii=False) + "\n"
    Path("strings/integration.json").write_text(text, encoding="utf-8")
    print(
        "v0.6.0 migration: your entity and action texts are in strings/integration.json"
    )
    subprocess.run([sys.executable, "scripts/build_strings.py"], check=True)


def drop_sample_icons(package: Path) -> None:
    """Remove the old sample icons that froze state icons; keep the author's."""
    path = package / "icons.json"
    if not path.exists():
        return
    icons = json.loads(path.read_text(encoding="utf-8"))
    entities = icons.get("entity", {})
    removed = False
    for platform, samples in OLD_SAMPLE_ICONS.items():
        for key, icon in samples.items():
            if entities.get(platform, {}).get(key) == {"default": icon}:
                del entities[platform][key]
                removed = True
        if platform in entities and not entities[platform]:
            del entities[platform]
    if not removed:
        return
    if "entity" in icons and not entities:
        del icons["entity"]
    if icons:
        path.write_text(json.dumps(icons, indent=2) + "\n", encoding="utf-8")
    else:
        path.unlink()
    print(f"v0.6.0 migration: removed the template's sample icons from {path}")


def main() -> None:
    """Migrate the project in the working directory."""
    answers = yaml.safe_load(Path(".copier-answers.yml").read_text())
    package = Path("custom_components") / answers["project_domain"]
    for path in sorted([*package.glob("*.py"), *Path("tests").glob("*.py")]):
        migrate_python(path)
    move_strings(package)
    drop_sample_icons(package)


if __name__ == "__main__":
    main()
