"""Release the integration: one version in manifest.json, CHANGELOG.md and the tag.

scripts/release X.Y.Z
    Set manifest.json's version to X.Y.Z, date the CHANGELOG.md entry ("## Unreleased"
    becomes "## X.Y.Z - YYYY-MM-DD"; an entry "## X.Y.Z" is kept), commit both and tag
    the commit vX.Y.Z. With a client package (library/), its version and
    manifest.json's pin on it become X.Y.Z too: both are released together.
    It refuses a version that is not MAJOR.MINOR.PATCH, one older than manifest.json's,
    a tag that exists, uncommitted changes and an empty entry. Pushing the tag starts
    .github/workflows/release.yml.
scripts/release --check vX.Y.Z
    Exit non-zero unless the tag names manifest.json's version (and the client
    package's, pinned by manifest.json) and CHANGELOG.md has its entry (the release
    workflow runs this first).
scripts/release --notes X.Y.Z
    Print the CHANGELOG.md entry of a version (the release's description).
scripts/release --zip DIRECTORY
    If hacs.json asks for a zip release, write the integration's folder into
    DIRECTORY/<hacs.json's filename> and print its path.
"""

import datetime as dt
import json
from pathlib import Path
import re
import subprocess
import sys
import tomllib
import zipfile

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = ROOT / "CHANGELOG.md"
# The client package's project, with client_library.
LIBRARY = ROOT / "library" / "pyproject.toml"
VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
HEADING = re.compile(r"^## (.+)$", re.MULTILINE)


class ReleaseError(Exception):
    """A reason not to release; its text is shown as it is."""


def manifest_path() -> Path:
    """Return the integration's manifest.json."""
    (path,) = ROOT.glob("custom_components/*/manifest.json")
    return path


def manifest_version() -> str:
    """Return the version manifest.json states."""
    version: str = json.loads(manifest_path().read_text(encoding="utf-8"))["version"]
    return version


def library_project() -> tuple[str, str] | None:
    """Return the client package's name and version, if the project has one."""
    if not LIBRARY.exists():
        return None
    project = tomllib.loads(LIBRARY.read_text(encoding="utf-8"))["project"]
    return project["name"], project["version"]


def pinned_library_version(name: str) -> str | None:
    """Return the version manifest.json's requirements pin the client package at."""
    requirements = json.loads(manifest_path().read_text(encoding="utf-8"))
    for requirement in requirements.get("requirements", []):
        package, _, version = requirement.partition("==")
        if package == name:
            return str(version)
    return None


def set_version(path: Path, pattern: str, version: str, refusal: str) -> None:
    """Write the version between the two groups of the one match of pattern in path."""
    text, count = re.subn(pattern, rf"\g<1>{version}\g<2>", path.read_text("utf-8"))
    if count != 1:
        raise ReleaseError(refusal)
    path.write_text(text, encoding="utf-8")


def set_library_version(version: str) -> list[Path]:
    """Give the client package the version, and pin manifest.json's requirement to it."""
    found = library_project()
    if found is None:
        return []
    name, _ = found
    set_version(
        LIBRARY,
        r'(?m)^(version = ")[^"]*(")',
        version,
        f"{LIBRARY} has no single version to set",
    )
    set_version(
        manifest_path(),
        rf'("{re.escape(name)}==)[^"]*(")',
        version,
        f"{manifest_path()} does not pin {name} (as {name}==X.Y.Z) once",
    )
    return [LIBRARY]


def parse(version: str) -> tuple[int, int, int]:
    """Return MAJOR.MINOR.PATCH as numbers, or refuse any other form."""
    match = VERSION.fullmatch(version)
    if match is None:
        raise ReleaseError(
            f"{version!r} is not a version: write MAJOR.MINOR.PATCH, e.g. 1.2.0"
        )
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def entry(changelog: str, version: str) -> tuple[int, int, str] | None:
    """Return the start and end of a version's CHANGELOG.md entry, and its heading."""
    headings = list(HEADING.finditer(changelog))
    for index, heading in enumerate(headings):
        title = heading[1].strip()
        if title == version or title.startswith(f"{version} - "):
            end = (
                headings[index + 1].start()
                if index + 1 < len(headings)
                else len(changelog)
            )
            return heading.start(), end, title
    return None


def dated_changelog(changelog: str, version: str, today: dt.date) -> str:
    """Return CHANGELOG.md with the version's entry, from "## Unreleased" if need be."""
    found = entry(changelog, version)
    if found is None:
        unreleased = re.search(r"^## Unreleased[ \t]*$", changelog, re.MULTILINE)
        if unreleased is None:
            raise ReleaseError(
                f'CHANGELOG.md has no "## Unreleased" or "## {version}" entry: '
                "write down what this release changes first"
            )
        changelog = (
            changelog[: unreleased.start()]
            + f"## {version} - {today.isoformat()}"
            + changelog[unreleased.end() :]
        )
        found = entry(changelog, version)
        assert found is not None
    start, end, _ = found
    if not changelog[start:end].partition("\n")[2].strip():
        raise ReleaseError(f"CHANGELOG.md's entry for {version} is empty")
    return changelog


def git(*args: str) -> str:
    """Run git in the project; return its output, or refuse with its message."""
    result = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise ReleaseError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def release(version: str) -> None:
    """Set the version, date the entry, commit and tag."""
    if parse(version) < parse(manifest_version()):
        raise ReleaseError(
            f"{version} is older than manifest.json's version {manifest_version()}"
        )
    if git("status", "--porcelain").strip():
        raise ReleaseError("commit or stash your changes first: the tree is not clean")
    if git("tag", "--list", f"v{version}").strip():
        raise ReleaseError(f"the tag v{version} exists already")
    package = library_project()
    if package is not None and pinned_library_version(package[0]) is None:
        raise ReleaseError(
            f"manifest.json does not pin {package[0]} (as {package[0]}==X.Y.Z)"
        )
    CHANGELOG.write_text(
        dated_changelog(
            CHANGELOG.read_text(encoding="utf-8"),
            version,
            dt.datetime.now().astimezone().date(),
        ),
        encoding="utf-8",
    )
    # Only the version's text changes: the manifest keeps its layout.
    path = manifest_path()
    set_version(
        path,
        r'("version":\s*")[^"]*(")',
        version,
        f"{path} has no single version to set",
    )
    library = set_library_version(version)
    git("add", str(path), str(CHANGELOG), *map(str, library))
    git("commit", "--quiet", "--message", f"Release {version}")
    git("tag", "--annotate", f"v{version}", "--message", f"Release {version}")
    print(f"Tagged v{version}. Publish it: git push origin HEAD v{version}")


def check(tag: str) -> None:
    """Refuse a tag that does not name the manifest's version, or lacks its entry."""
    version = tag.removeprefix("v")
    parse(version)
    if version != manifest_version():
        raise ReleaseError(
            f"the tag {tag} does not match manifest.json's version "
            f"{manifest_version()}: release with scripts/release, which sets both"
        )
    library = library_project()
    if library is not None:
        name, library_version = library
        if library_version != version or pinned_library_version(name) != version:
            raise ReleaseError(
                f"the tag {tag} does not match the client package {name} "
                f"({library_version}, pinned at {pinned_library_version(name)}): "
                "release with scripts/release, which sets all three"
            )
    if entry(CHANGELOG.read_text(encoding="utf-8"), version) is None:
        raise ReleaseError(f"CHANGELOG.md has no entry for {version}")
    print(f"{tag} matches manifest.json and CHANGELOG.md")


def notes(version: str) -> None:
    """Print the body of a version's entry."""
    changelog = CHANGELOG.read_text(encoding="utf-8")
    found = entry(changelog, version)
    if found is None:
        raise ReleaseError(f"CHANGELOG.md has no entry for {version}")
    start, end, _ = found
    print(changelog[start:end].partition("\n")[2].strip())


def zip_release(directory: Path) -> None:
    """Zip the integration's folder, as HACS installs it, if hacs.json asks for it."""
    hacs = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))
    if not hacs.get("zip_release"):
        return
    if "filename" not in hacs:
        raise ReleaseError('hacs.json asks for "zip_release" but names no "filename"')
    package = manifest_path().parent
    target = directory / hacs["filename"]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(package))
    print(target)


def main() -> None:
    """Run the mode the arguments name."""
    args = sys.argv[1:]
    modes = {"--check": check, "--notes": notes}
    try:
        if len(args) == 2 and args[0] in modes:
            modes[args[0]](args[1])
        elif len(args) == 2 and args[0] == "--zip":
            zip_release(Path(args[1]))
        elif len(args) == 1 and not args[0].startswith("-"):
            release(args[0])
        else:
            sys.exit(__doc__)
    except ReleaseError as error:
        sys.exit(f"scripts/release: {error}")


if __name__ == "__main__":
    main()
