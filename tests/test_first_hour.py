"""An author's first hour: copier copy, the README's commands, scripts/develop.

Everything runs as an author runs it: the copier CLI, then the generated scripts in a
shell environment with uv on PATH and a Python 3.14 in $PYTHON (this machine has no
python3.14 on PATH). scripts/setup really creates .venv from the rendered uv.lock,
from uv's package cache.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
import re
import subprocess

import pytest

from .hass_process import (
    FakeDeviceProcess,
    HomeAssistantProcess,
    configure,
    free_port,
    serving,
    wait_for,
)
from .helpers import BIN, ROOT, attempt, base_python, clean_env

pytestmark = pytest.mark.slow

# What every shell has, without a python3.14 or a uv.
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True)
class Author:
    """A rendered project and the environment its author works in."""

    project: Path
    env: dict[str, str]
    copy_messages: str

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a command in the project; return it finished, whatever its exit code."""
        return attempt(*args, cwd=self.project, env=env or self.env)


def uv_on_path(directory: Path) -> Path:
    """Return a folder holding only uv (the one Home Assistant brings), for PATH."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "uv").symlink_to(ROOT / ".venv" / "bin" / "uv")
    return directory


@pytest.fixture(scope="module")
def author(tmp_path_factory: pytest.TempPathFactory) -> Author:
    """Render the defaults with the copier CLI and run scripts/setup, as the README says."""
    work = tmp_path_factory.mktemp("first-hour")
    env = {
        **{k: v for k, v in clean_env().items() if k not in {"VIRTUAL_ENV", "PYTHON"}},
        "PATH": f"{uv_on_path(work / 'bin')}{os.pathsep}{SYSTEM_PATH}",
        "PYTHON": base_python(),
    }
    copied = attempt(
        BIN / "copier", "copy", "--defaults", "--vcs-ref=HEAD", ROOT, "my-device",
        cwd=work, env=env,
    )  # fmt: skip
    assert copied.returncode == 0, copied.stderr
    author = Author(work / "my-device", env, copied.stderr)
    setup = author.run("scripts/setup")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "Ready: .venv with Home Assistant" in setup.stdout
    return author


def test_copy_says_what_to_do_next(author: Author) -> None:
    """After the copy: cd, setup, test, develop, where device code goes, updates."""
    message = author.copy_messages
    for step in (
        "cd my-device",
        "scripts/setup",
        "scripts/test",
        "scripts/develop",
        "custom_components/my_device/device.py",
        "tests/fake_device.py",
        "AGENTS.md",
        "copier update",
    ):
        assert step in message, step


def test_readme_development_commands_are_the_scripts(author: Author) -> None:
    """The README's Development section gives exactly the four scripts."""
    readme = (author.project / "README.md").read_text()
    section = readme[readme.index("## Development") : readme.index("## Updating")]
    block = section[
        section.index("```bash") : section.index("```", section.index("```bash") + 3)
    ]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:]]
    assert commands == [
        "scripts/setup",
        "scripts/test",
        "scripts/lint",
        "scripts/develop",
    ]
    for text in ("CONTRIBUTING.md", "AGENTS.md"):
        assert "scripts/setup" in (author.project / text).read_text(), text


def test_setup_installs_the_locked_stack_and_the_project_is_green(
    author: Author,
) -> None:
    """.venv holds uv.lock's versions; lint and tests pass; the lock is untouched."""
    lock = (author.project / "uv.lock").read_text()
    assert lock == (ROOT / "template" / "uv.lock").read_text()
    venv_python = str(author.project / ".venv" / "bin" / "python")
    versions = subprocess.run(
        [venv_python, "-c", "from importlib.metadata import version as v;"
         "print(v('homeassistant'), v('pytest-homeassistant-custom-component'),"
         " v('home-assistant-frontend'))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for name, installed in zip(
        (
            "homeassistant",
            "pytest-homeassistant-custom-component",
            "home-assistant-frontend",
        ),
        versions,
        strict=True,
    ):
        assert f'name = "{name}"\nversion = "{installed}"' in lock, name
    lint = author.run("scripts/lint", "--check")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    test = author.run("scripts/test", "-p", "no:sugar", "-q")
    assert test.returncode == 0, test.stdout[-4000:] + test.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", test.stdout)
    assert (author.project / "uv.lock").read_text() == lock


def test_setup_again_takes_the_lock_as_it_is(author: Author) -> None:
    """A second run changes nothing; a changed pin asks for --relock."""
    again = author.run("scripts/setup")
    assert again.returncode == 0, again.stderr
    pyproject = author.project / "pyproject.toml"
    pinned = pyproject.read_text()
    pyproject.write_text(pinned.replace('"mypy==', '"mypy>=1,==', 1))
    try:
        stale = author.run("scripts/setup")
    finally:
        pyproject.write_text(pinned)
    assert stale.returncode != 0
    assert "run scripts/setup --relock" in stale.stderr


def test_setup_without_a_python_says_what_to_install(
    author: Author, tmp_path: Path
) -> None:
    """No Python >= 3.14.2 anywhere: a message that names the fixes, and no .venv."""
    env = {
        **{k: v for k, v in author.env.items() if k != "PYTHON"},
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_PYTHON_INSTALL_DIR": str(tmp_path / "no-pythons"),
    }
    project = tmp_path / "copy"
    subprocess.run(["cp", "-r", author.project, project], check=True)
    subprocess.run(["rm", "-rf", project / ".venv"], check=True)
    result = attempt("scripts/setup", cwd=project, env=env)
    assert result.returncode != 0
    assert "Home Assistant needs Python >= 3.14.2, and none was found" in result.stderr
    for fix in (
        "uv python install 3.14",
        "python3.14 package",
        "PYTHON=/path/to/python3.14",
    ):
        assert fix in result.stderr, fix
    assert not (project / ".venv").exists()
    too_old = attempt(
        "scripts/setup", cwd=project, env={**env, "PYTHON": "/usr/bin/python3"}
    )
    assert too_old.returncode != 0
    assert "PYTHON=/usr/bin/python3 is not a Python >= 3.14.2" in too_old.stderr


def test_setup_installs_uv_when_there_is_none(author: Author, tmp_path: Path) -> None:
    """Without uv on PATH, scripts/setup installs its pinned uv from PyPI, then syncs."""
    uv_cache = subprocess.run(
        [ROOT / ".venv" / "bin" / "uv", "cache", "dir"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    env = {
        **author.env,
        "PATH": SYSTEM_PATH,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "UV_CACHE_DIR": uv_cache,  # the packages stay cached; only uv is new
    }
    result = author.run("scripts/setup", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Installing uv 0.13.9 into" in result.stdout
    assert (
        tmp_path / "cache" / "ha-custom-integration" / "uv-0.13.9" / "bin" / "uv"
    ).exists()


def test_develop_starts_home_assistant_with_the_integration(author: Author) -> None:
    """scripts/develop: default_config, the integration set up, its debug log shown."""
    config = author.project / "config" / "configuration.yaml"
    rendered = config.read_text()
    assert "default_config:" in rendered
    assert "custom_components.my_device: debug" in rendered
    port = free_port()
    # Only the port differs from the rendered configuration, so tests can run beside
    # a Home Assistant on 8123.
    config.write_text(
        rendered + f"\nhttp:\n  server_host: 127.0.0.1\n  server_port: {port}\n"
    )
    log = author.project / "develop.log"

    def develop(_device: FakeDeviceProcess) -> HomeAssistantProcess:
        return HomeAssistantProcess(
            [author.project / "scripts" / "develop"], log, port,
            cwd=author.project, env=author.env,
        )  # fmt: skip

    try:
        with serving(author.project, develop) as (hass, device):
            configure(hass, device, "my_device")
            states = wait_for(lambda: hass.states("my_device"), "the entities")
            assert states["sensor.model_x_temperature"]["state"] == "21.5"
            # default_config's integrations are set up from the locked environment.
            components = set(hass.request("GET", "/api/config")["components"])
            assert {"frontend", "history", "logbook", "my_device"} <= components
    finally:
        config.write_text(rendered)
    output = log.read_text()
    assert re.search(r" DEBUG .*\[custom_components\.my_device", output), output[-3000:]
    assert "Unable to install package" not in output
