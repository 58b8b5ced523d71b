"""Carry a project's own files from template 0.14.x to 0.15.0.

- Entities that Home Assistant names by their device class need no name of their own,
  and the template-owned tests/test_consistency.py now refuses a translation_key whose
  name repeats the device class. The template's own samples had four (the temperature
  and signal strength sensors, the problem binary sensor, the restart button): where
  the author's platform module still describes one as the template rendered it, its
  translation_key goes, with its name in strings/integration.json and the key in the
  author's snapshots. Keys the author changed or uses elsewhere stay.
- A device is named by its model, not by the entry's title (which holds the serial
  number and so ended up in every entity id): the line the template rendered in the
  author's entity.py changes, where it is still there.

Run by `copier update --trust` in the project's directory.
"""

import json
from pathlib import Path
import re
import subprocess
import sys

import yaml

# platform: [(translation_key, device class expression, name the template gave it)]
SAMPLES = {
    "sensor": [
        ("temperature", "SensorDeviceClass.TEMPERATURE", "Temperature"),
        ("signal_strength", "SensorDeviceClass.SIGNAL_STRENGTH", "Signal strength"),
    ],
    "binary_sensor": [("problem", "BinarySensorDeviceClass.PROBLEM", "Problem")],
    "button": [("restart", "ButtonDeviceClass.RESTART", "Restart")],
}
TITLE_NAME = "            name=coordinator.config_entry.title,\n"
MODEL_NAME = "            name=device.model,\n"


def drop_sample_keys(package: Path) -> dict[str, list[tuple[str, str]]]:
    """Remove the sample translation keys; return each platform's removed keys."""
    removed: dict[str, list[tuple[str, str]]] = {}
    for platform, samples in SAMPLES.items():
        path = package / f"{platform}.py"
        if not path.exists():
            continue
        text = path.read_text()
        for key, device_class, name in samples:
            pattern = re.compile(
                rf'\n[ ]+translation_key="{key}",(\n[ ]+device_class={re.escape(device_class)},)'
            )
            text, count = pattern.subn(r"\1", text)
            if count and f'translation_key="{key}"' not in text:
                removed.setdefault(platform, []).append((key, name))
        if removed.get(platform):
            path.write_text(text)
            keys = ", ".join(key for key, _ in removed[platform])
            print(f"v0.15.0 migration: {path} names {keys} by device class")
    return removed


def drop_sample_names(removed: dict[str, list[tuple[str, str]]]) -> None:
    """Remove the removed keys' names from the author's strings, where unchanged."""
    path = Path("strings") / "integration.json"
    if not path.exists():
        return
    strings = json.loads(path.read_text())
    entity = strings.get("entity", {})
    changed = False
    for platform, keys in removed.items():
        names = entity.get(platform, {})
        for key, name in keys:
            if names.get(key) == {"name": name}:
                del names[key]
                changed = True
        if platform in entity and not names:
            del entity[platform]
    if "entity" in strings and not entity:
        del strings["entity"]
    if changed:
        path.write_text(json.dumps(strings, indent=2, ensure_ascii=False) + "\n")
        print(f"v0.15.0 migration: removed the device class names from {path}")
        if Path("scripts/build_strings.py").exists():
            subprocess.run([sys.executable, "scripts/build_strings.py"], check=True)


def update_snapshots(removed: dict[str, list[tuple[str, str]]]) -> None:
    """Record the removed keys as none in the author's snapshots."""
    for platform, keys in removed.items():
        path = Path("tests") / "snapshots" / f"test_{platform}.ambr"
        if not path.exists():
            continue
        text = path.read_text()
        for key, _ in keys:
            text = text.replace(
                f"'translation_key': '{key}'", "'translation_key': None"
            )
        if text != path.read_text():
            path.write_text(text)
            print(f"v0.15.0 migration: updated {path}")


def name_devices_by_model(package: Path) -> None:
    """Name the device by its model in the author's entity.py, as rendered before."""
    path = package / "entity.py"
    if not path.exists() or TITLE_NAME not in path.read_text():
        return
    path.write_text(path.read_text().replace(TITLE_NAME, MODEL_NAME, 1))
    print(f"v0.15.0 migration: {path} names the device by its model")


def main() -> None:
    """Migrate the project in the working directory."""
    answers = yaml.safe_load(Path(".copier-answers.yml").read_text())
    package = Path("custom_components") / answers["project_domain"]
    removed = drop_sample_keys(package)
    drop_sample_names(removed)
    update_snapshots(removed)
    name_devices_by_model(package)


if __name__ == "__main__":
    main()
