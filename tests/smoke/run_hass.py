"""Run Home Assistant with module attributes changed, for the smoke test.

    python run_hass.py '{"package.module.NAME": "value"}' --config DIR ...

Each attribute is set right after its module is first imported, before anything uses
it. The smoke test changes only what points off the local network (such as the
address of a maker's firmware catalog) to the project's fake of it, so that the real
Home Assistant it runs never reaches the internet. The rest of the arguments are
Home Assistant's own.
"""

from __future__ import annotations

from collections.abc import Sequence
import importlib.abc
import importlib.machinery
import json
import sys
from types import ModuleType
from typing import Any


class _SettingLoader(importlib.abc.Loader):
    """Loads a module as its own loader does, then sets the attributes."""

    def __init__(self, loader: importlib.abc.Loader, values: dict[str, Any]) -> None:
        self._loader = loader
        self._values = values

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        for name, value in self._values.items():
            if not hasattr(module, name):
                raise AttributeError(f"{module.__name__} has no {name} to change")
            setattr(module, name, value)


class _Patcher(importlib.abc.MetaPathFinder):
    """Finds the modules to change, and loads them with their changes."""

    def __init__(self, patches: dict[str, Any]) -> None:
        self._by_module: dict[str, dict[str, Any]] = {}
        for target, value in patches.items():
            module, _, name = target.rpartition(".")
            self._by_module.setdefault(module, {})[name] = value

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self._by_module:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _SettingLoader(spec.loader, self._by_module[fullname])
        return spec


def main() -> None:
    """Install the patches, then hand the rest of the arguments to Home Assistant."""
    patches = json.loads(sys.argv[1])
    sys.meta_path.insert(0, _Patcher(patches))
    sys.argv = ["hass", *sys.argv[2:]]
    # Only now: the patches must be in place before Home Assistant imports anything.
    from homeassistant.__main__ import main as hass_main

    sys.exit(hass_main())


if __name__ == "__main__":
    main()
