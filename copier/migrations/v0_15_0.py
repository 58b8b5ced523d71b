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

- The quality scale has two sources now: quality_scale/template.yaml, the claims for
  what the template's code implements (template-owned, following the answers), and
  quality_scale/integration.yaml, the author's (rendered once). The author's claims
  of the author's rules move there from the integration's quality_scale.yaml, which
  scripts/build_quality_scale.py then builds from both. A carried claim that the
  project's own check (tests/test_quality_scale.py) finds untrue is not carried: the
  template's starting claim replaces it, and the migration says which and why.

Run by `copier update --trust` in the project's directory.
"""

import importlib.util
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


BUILT_HEADER = "# Built by scripts/build_quality_scale.py"
RULE_LINE = re.compile(r"^  ([a-z][a-z-]*):")


def rule_blocks(text: str) -> dict[str, str]:
    """Return each rule's lines (its key and the lines indented under it) by rule."""
    blocks: dict[str, str] = {}
    rule = None
    for line in text.splitlines(keepends=True):
        if match := RULE_LINE.match(line):
            rule = match.group(1)
            blocks[rule] = line
        elif rule and line.startswith("    "):
            blocks[rule] += line
        else:
            rule = None
    return blocks


def build_quality_scale() -> None:
    subprocess.run([sys.executable, "scripts/build_quality_scale.py"], check=True)


def untrue_claims(own: set[str]) -> dict[str, str]:
    """Return the author's rules the project's own check finds untrue, with why."""
    path = Path("tests") / "test_quality_scale.py"
    spec = importlib.util.spec_from_file_location("project_claims", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    project = module.Project(Path.cwd())
    exact = frozenset(project.claims("template.yaml"))
    wrong: list[str] = module.wrong_claims(project, exact=exact)
    return {
        message.split(":", 1)[0]: message
        for message in wrong
        if message.split(":", 1)[0] in own
    }


def split_quality_scale(package: Path) -> None:
    """Carry the author's claims into quality_scale/integration.yaml, where true."""
    built = package / "quality_scale.yaml"
    own = Path("quality_scale") / "integration.yaml"
    if not (built.exists() and own.exists()):
        return
    old_text = built.read_text()
    if old_text.startswith(BUILT_HEADER):
        return
    old = rule_blocks(old_text.partition("\nrules:\n")[2])
    starting = own.read_text()
    blocks = rule_blocks(starting)
    text = starting
    carried = []
    for rule, block in blocks.items():
        if rule in old and old[rule] != block:
            text = text.replace(block, old[rule], 1)
            carried.append(rule)
    own.write_text(text)
    build_quality_scale()
    untrue = untrue_claims(set(carried))
    for rule, why in untrue.items():
        text = text.replace(old[rule], blocks[rule], 1)
        print(f"v0.15.0 migration: not carried, untrue ({why}): {rule}")
    own.write_text(text)
    build_quality_scale()
    # What is still untrue (a starting claim the author's code does not back) says so.
    for rule, why in untrue_claims(set(blocks)).items():
        current = rule_blocks(text)[rule]
        status = "exempt" if "does not apply" in why else "todo"
        text = text.replace(
            current,
            f"  {rule}:\n    status: {status}\n    comment: >-\n"
            f"      The v0.15.0 migration found the claim before untrue: {why}.\n",
            1,
        )
        print(f"v0.15.0 migration: {rule} is {status} now ({why})")
    own.write_text(text)
    build_quality_scale()
    kept = [rule for rule in carried if rule not in untrue]
    print(
        f"v0.15.0 migration: {own} holds your claims "
        f"({', '.join(kept) or 'none changed'}); {built} is built from it "
        "and quality_scale/template.yaml"
    )


def main() -> None:
    """Migrate the project in the working directory."""
    answers = yaml.safe_load(Path(".copier-answers.yml").read_text())
    package = Path("custom_components") / answers["project_domain"]
    removed = drop_sample_keys(package)
    drop_sample_names(removed)
    update_snapshots(removed)
    name_devices_by_model(package)
    split_quality_scale(package)


if __name__ == "__main__":
    main()
