"""The client package stands alone: neither it nor its tests need Home Assistant.

Home Assistant installs the package from PyPI by the pin in manifest.json, and core
takes a library only if it is independent of Home Assistant. So nothing in
library/src/eltako62ip/, in library/tests/, or in the modules of tests/ that these tests
import (the fake device and the client's fixtures) imports Home Assistant, its test
harness or the integration, and the package does not depend on Home Assistant.
"""

import ast
from pathlib import Path
import re
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
    """Return the modules that the file imports, relative ones under its package."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                module = ".".join(part for part in (package, module) if part)
            modules.add(module)
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
    files = [(path, "") for path in sorted(Path(__file__).parent.glob("*.py"))]
    assert _forbidden(files) == []


def test_it_does_not_depend_on_home_assistant() -> None:
    """The package's requirements leave Home Assistant out."""
    project = tomllib.loads((LIBRARY / "pyproject.toml").read_text(encoding="utf-8"))
    names = {
        re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower()
        for requirement in project["project"]["dependencies"]
    }
    assert names
    assert "homeassistant" not in names
