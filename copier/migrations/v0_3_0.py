"""Carry a project's own files from template 0.2.x to 0.3.0 (Home Assistant 2026.10).

Run by `copier update --trust` in the project's directory. Each change is made only
where the author's file still holds exactly what 0.2.x rendered; anything else is left
as it is, with a line saying what to change by hand.
"""

from __future__ import annotations

from pathlib import Path

import yaml

OLD_DEVICE_LOOKUP = (
    "    device = device_registry.async_get_device("
    "identifiers={(DOMAIN, SERIAL_NUMBER)})\n"
)
# Identifiers are unique per config entry since Home Assistant 2026.8.
NEW_DEVICE_LOOKUP = (
    "    device = device_registry.async_get_device_by_identifier(\n"
    "        (DOMAIN, SERIAL_NUMBER), init_integration.entry_id\n"
    "    )\n"
)
OLD_BRANDS = (
    "  brands:\n"
    "    status: exempt\n"
    "    comment: >-\n"
    "      A custom integration's logo is submitted to the brands repository's\n"
    "      custom_integrations folder once it is published; no code here can provide it.\n"
)
NEW_BRANDS = (
    "  brands:\n"
    "    status: todo\n"
    "    comment: >-\n"
    "      brand/ holds the template's placeholder icon and logo, which Home Assistant\n"
    "      2026.3 and newer show; replace them with the device maker's images.\n"
)
NEW_RULES = (
    "  docs-triggers:\n"
    "    status: exempt\n"
    "    comment: The integration provides no triggers of its own.\n"
    "  docs-conditions:\n"
    "    status: exempt\n"
    "    comment: The integration provides no conditions of its own.\n"
)


def replace_once(path: Path, old: str, new: str, by_hand: str) -> None:
    """Replace old by new in path if it is there; otherwise say what to do by hand."""
    if not path.exists():
        return
    text = path.read_text()
    if new in text:
        return
    if old in text:
        path.write_text(text.replace(old, new, 1))
        print(f"v0.3.0 migration: updated {path}")
    else:
        print(f"v0.3.0 migration: {path} is yours as you changed it; {by_hand}")


def main() -> None:
    """Migrate the project in the working directory."""
    answers = yaml.safe_load(Path(".copier-answers.yml").read_text())
    package = Path("custom_components") / answers["project_domain"]

    replace_once(
        package / "services.py",
        "import voluptuous as vol\n",
        "import probatio as vol\n",
        "import probatio instead of voluptuous (Home Assistant 2026.9 validates with it).",
    )
    replace_once(
        Path("tests/test_entity.py"),
        OLD_DEVICE_LOOKUP,
        NEW_DEVICE_LOOKUP,
        "look devices up with async_get_device_by_identifier(identifier, entry_id).",
    )
    quality_scale = package / "quality_scale.yaml"
    replace_once(
        quality_scale,
        OLD_BRANDS,
        NEW_BRANDS,
        "brands is todo until brand/ holds your own images.",
    )
    if quality_scale.exists() and "docs-triggers:" not in quality_scale.read_text():
        replace_once(
            quality_scale,
            "  docs-data-update: done\n",
            "  docs-data-update: done\n" + NEW_RULES,
            "add the rules docs-triggers and docs-conditions.",
        )


if __name__ == "__main__":
    main()
