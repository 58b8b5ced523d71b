"""Write pyproject.toml's default-config group for the Home Assistant in .venv.

The group holds what Home Assistant needs to start with default_config, so that
scripts/develop installs nothing at run time: the requirements of default_config, of
the integrations Home Assistant always sets up, and of their dependencies,
transitively. scripts/bump-ha runs this after it moved to a new release.

Usage: .venv/bin/python scripts/default_config.py [PYPROJECT]   (default: pyproject.toml)
"""

import json
from pathlib import Path
import sys

from homeassistant import bootstrap
import homeassistant.components


def default_config_requirements() -> list[str]:
    """Return the requirements of every integration a default_config start sets up."""
    components = Path(homeassistant.components.__path__[0])
    seen: set[str] = set()
    pending = [
        "default_config",
        *bootstrap.CORE_INTEGRATIONS,
        *bootstrap.DEFAULT_INTEGRATIONS,
    ]
    requirements: set[str] = set()
    while pending:
        domain = pending.pop()
        if domain in seen:
            continue
        seen.add(domain)
        manifest = json.loads((components / domain / "manifest.json").read_text())
        pending.extend(manifest.get("dependencies", []))
        requirements.update(manifest.get("requirements", []))
    return sorted(requirements, key=str.lower)


def main() -> None:
    """Replace the group's list in the given pyproject.toml."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml")
    text = path.read_text()
    start = text.index("\ndefault-config = [")
    end = text.index("\n]", start)
    lines = "".join(f'\n    "{line}",' for line in default_config_requirements())
    path.write_text(f"{text[:start]}\ndefault-config = [{lines}{text[end:]}")
    print(f"{path}: default-config group for Home Assistant's default_config")


if __name__ == "__main__":
    main()
