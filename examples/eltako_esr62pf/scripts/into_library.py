"""Carry the author's client code into the client package, when client_library is on.

`copier update --data client_library=true` renders the client modules into
library/src/<module>/ and no longer into the integration: the update deletes the
integration's api.py, tls.py, device.py and models.py, the author's two included, and
writes starting ones into the package. This migration then:

- puts the author's device.py and models.py, as the commit before the update held
  them, in the package in place of the starting ones (their relative imports of api,
  models and const hold there too);
- points the author's own files (the integration's and tests/) at the package: imports
  of the client modules, imports of the transport's constants (the names the package's
  const.py defines), and the dotted paths in strings (patch targets);
- sorts the imports it changed with the project's ruff, where .venv has one.

It changes nothing, and says so, when neither the working tree nor the last commit has
a device.py or models.py in the integration. Run in the project's directory, before
the update is committed, with the domain and the package's module name: by
`copier update --trust` when the update crosses 0.17.0, otherwise by hand,

    .venv/bin/python scripts/into_library.py <domain> <module>
"""

import ast
from pathlib import Path
import re
import subprocess
import sys

CLIENT_MODULES = ("api", "device", "models", "tls")
AUTHORS_CLIENT_FILES = ("device.py", "models.py")


def committed(path: Path) -> str | None:
    """Return the file as the last commit holds it, or None if it holds none."""
    result = subprocess.run(
        ["git", "show", f"HEAD:./{path.as_posix()}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout if result.returncode == 0 else None


def carry_client_files(integration: Path, package: Path) -> bool:
    """Put the author's device.py and models.py in the package; return whether any."""
    carried = False
    for name in AUTHORS_CLIENT_FILES:
        old = integration / name
        text = old.read_text(encoding="utf-8") if old.exists() else committed(old)
        if text is None:
            continue
        (package / name).write_text(text, encoding="utf-8")
        old.unlink(missing_ok=True)
        carried = True
        print(f"Moved the author's {old} to {package / name}")
    return carried


def transport_constants(package: Path) -> set[str]:
    """Return the names the package's const.py defines."""
    tree = ast.parse((package / "const.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def rewritten_imports(
    source: str, in_integration: bool, domain: str, module: str, constants: set[str]
) -> str:
    """Return the source with its imports of client modules and constants re-aimed."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    absolute = f"custom_components.{domain}"
    # Replaced from the bottom up, so that the line numbers above stay right.
    for node in sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)),
        key=lambda n: n.lineno,
        reverse=True,
    ):
        if node.level == 1 and in_integration:
            target = node.module or ""
        elif node.level == 0 and (node.module or "").startswith(f"{absolute}."):
            target = (node.module or "").removeprefix(f"{absolute}.")
        else:
            continue
        names = [
            f"{alias.name} as {alias.asname}" if alias.asname else alias.name
            for alias in node.names
        ]
        if target in CLIENT_MODULES:
            statements = [f"from {module}.{target} import {', '.join(names)}"]
        elif target == "const":
            moved = [n for n in names if n.split(" as ")[0] in constants]
            if not moved:
                continue
            kept = [n for n in names if n not in moved]
            origin = "." if node.level == 1 else f"{absolute}."
            statements = [f"from {module}.const import {', '.join(moved)}"]
            if kept:
                statements.append(f"from {origin}const import {', '.join(kept)}")
        else:
            continue
        indent = lines[node.lineno - 1][: node.col_offset]
        lines[node.lineno - 1 : node.end_lineno] = [
            f"{indent}{statement}\n" for statement in statements
        ]
    text = "".join(lines)
    # Dotted paths in strings, as patch targets name them.
    return re.sub(
        rf"\b{re.escape(absolute)}\.({'|'.join(CLIENT_MODULES)})\b",
        rf"{module}.\1",
        text,
    )


def main(domain: str, module: str) -> None:
    """Carry the client files, then re-aim the author's imports at the package."""
    integration = Path("custom_components") / domain
    package = Path("library") / "src" / module
    if not package.is_dir():
        print(f"Nothing carried: no client package in {package}")
        return
    if not carry_client_files(integration, package):
        print(
            "Nothing carried: neither the working tree nor the last commit has "
            f"{integration}/device.py or models.py"
        )
        return
    constants = transport_constants(package)
    changed: list[Path] = []
    for path in sorted([*integration.glob("*.py"), *Path("tests").glob("*.py")]):
        source = path.read_text(encoding="utf-8")
        text = rewritten_imports(
            source, path.parent == integration, domain, module, constants
        )
        if text != source:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
            print(f"Imported the client from {module} in {path}")
    ruff = Path(".venv") / "bin" / "ruff"
    if changed and ruff.exists():
        files = [str(path) for path in changed]
        subprocess.run(
            [ruff, "check", "--quiet", "--select", "I", "--fix", *files], check=False
        )
        subprocess.run([ruff, "format", "--quiet", *files], check=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
