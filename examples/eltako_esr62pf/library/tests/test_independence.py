"""The client package stands alone: neither it nor its tests need Home Assistant.

Home Assistant installs the package from PyPI by the pin in manifest.json, and core
takes a library only if it is independent of Home Assistant. So nothing in
library/src/eltako62ip/, in library/tests/, or in the modules of tests/ that these tests
import (the fake device and the client's fixtures) imports Home Assistant, its test
harness or the integration, and the package does not depend on Home Assistant.
"""

import ast
import json
from pathlib import Path
import re
import subprocess
import sys
import tomllib

ROOT = Path(__file__).parents[2]
LIBRARY = ROOT / "library"
PACKAGE = "eltako62ip"
# Top-level modules the package and its tests must not import.
FORBIDDEN = {
    "homeassistant",
    "pytest_homeassistant_custom_component",
    "custom_components",
}


def _imports(path: Path, package: str) -> set[str]:
    """Return the modules that the file imports, relative ones under its package.

    `from x import y` counts as importing x and x.y: y may be a module.
    """
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                module = ".".join(part for part in (package, module) if part)
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names)
    return modules


def _imports_reached(files: list[tuple[Path, str]]) -> set[str]:
    """Return what the files import, following the imports of the tests package."""
    reached: set[str] = set()
    seen: set[Path] = set()
    pending = list(files)
    while pending:
        path, package = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for module in _imports(path, package):
            reached.add(module)
            source = ROOT.joinpath(*module.split(".")).with_suffix(".py")
            if module.startswith("tests.") and source.is_file():
                pending.append((source, "tests"))
    return reached


def _forbidden(files: list[tuple[Path, str]]) -> list[str]:
    assert files
    return sorted(
        module
        for module in _imports_reached(files)
        if module.split(".")[0] in FORBIDDEN
    )


def test_the_package_imports_nothing_from_home_assistant() -> None:
    """The package's modules import no Home Assistant module, nor the integration."""
    package = LIBRARY / "src" / PACKAGE
    files = [(path, PACKAGE) for path in sorted(package.rglob("*.py"))]
    assert _forbidden(files) == []


def test_its_tests_import_nothing_from_home_assistant() -> None:
    """The package's tests, and what they use of tests/, run without Home Assistant."""
    files = [
        (path, "")
        for path in sorted([*Path(__file__).parent.rglob("*.py"), ROOT / "conftest.py"])
    ]
    assert _forbidden(files) == []


def test_importing_them_loads_no_home_assistant_module() -> None:
    """Imported in a fresh interpreter, the package and its tests load none either.

    This catches what reading the imports cannot: a module imported by name at run
    time, or through a module of someone else's.
    """
    tests = [path.stem for path in sorted(Path(__file__).parent.glob("test_*.py"))]
    script = (
        "import importlib, json, pkgutil, sys\n"
        f"import {PACKAGE}\n"
        f"for module in pkgutil.walk_packages({PACKAGE}.__path__, '{PACKAGE}.'):\n"
        "    importlib.import_module(module.name)\n"
        "importlib.import_module('tests.client_fixtures')\n"
        f"for name in {tests!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    path = [str(ROOT), str(LIBRARY / "src"), str(Path(__file__).parent)]
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PYTHONPATH": ":".join(path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert [module for module in loaded if module.split(".")[0] in FORBIDDEN] == []


def test_it_does_not_depend_on_home_assistant() -> None:
    """No requirement of the package, optional ones included, is Home Assistant's."""
    project = tomllib.loads((LIBRARY / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [
        *project["project"]["dependencies"],
        *(
            requirement
            for group in project["project"].get("optional-dependencies", {}).values()
            for requirement in group
        ),
    ]
    names = {
        re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("-", "_")
        for requirement in requirements
    }
    assert names
    assert names.isdisjoint(FORBIDDEN)
