"""Every validator refuses bad answers with a message naming the problem, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pytest_copie.plugin import Copie
import yaml

import copier

from .answer_sets import ANSWER_SETS
from .helpers import ENVIRONMENTS, ROOT, ha_components, last_destination

if TYPE_CHECKING:
    from copier import Worker

BAD_ANSWERS: list[tuple[Any, Any, str]] = [
    ("integration_name", "   ", "The integration name must not be empty."),
    ("integration_name", "x" * 61, "at most 60 characters (got 61)"),
    ("integration_name", 'Say "hi"', "must not contain quotes"),
    (
        "integration_name",
        "Name [[ 7*7 ]]",
        "must not contain quotes, backslashes, brackets",
    ),
    ("integration_name", "back\\slash", "must not contain quotes, backslashes"),
    ("integration_name", "tab\there", "or control characters"),
    ("integration_name", "{% raw %}", "braces"),
    ("project_domain", "My-Device", 'The domain "My-Device" is invalid'),
    ("project_domain", "1device", 'The domain "1device" is invalid'),
    ("project_domain", "", 'The domain "" is invalid'),
    ("project_domain", "../escape", "is invalid"),
    ("project_domain", "a" * 33, "at most 32 characters (got 33)"),
    (
        "project_domain",
        "my__device",
        "must not end with an underscore or contain two in a row",
    ),
    ("project_domain", "my_device_", "must not end with an underscore"),
    ("project_domain", "sensor", "already used by a Home Assistant core integration"),
    ("project_domain", "hue", "already used by a Home Assistant core integration"),
    ("codeowner", "octocat", 'The code owner "octocat" must be a GitHub handle'),
    ("codeowner", "@-bad", "must be a GitHub handle"),
    ("codeowner", "@name; rm -rf /", "must be a GitHub handle"),
    ("repository_url", "http://example.com/x", "is not an https:// URL"),
    ("repository_url", "https://example.com/a b", "is not an https:// URL"),
    ("documentation_url", "ftp://example.com", "is not an https:// URL"),
    ("issue_tracker_url", "javascript:alert(1)", "is not an https:// URL"),
    ("version", "1.0", 'The version "1.0" must be MAJOR.MINOR.PATCH'),
    ("version", "v1.0.0", "must be MAJOR.MINOR.PATCH"),
    ("version", "01.0.0", "must be MAJOR.MINOR.PATCH"),
    ("iot_class", "local_magic", "local_magic"),
    ({"iot_class": "local_push"}, ("push_transport", "mqtt"), "mqtt"),
    ({"iot_class": "cloud_push"}, ("event_path", "events"), "must start with /"),
    ({"iot_class": "local_push"}, ("event_path", "/a/../b"), "only path segments"),
    ({"iot_class": "local_push"}, ("event_payload", "merged"), "merged"),
    ({"iot_class": "local_push"}, ("event_idle_timeout", 9), "(got 9)"),
    ({"iot_class": "local_push"}, ("event_idle_timeout", 3601), "(got 3601)"),
    ("integration_type", "helper", "helper"),
    ("default_port", 0, "between 1 and 65535 (got 0)"),
    ("default_port", 65536, "between 1 and 65535 (got 65536)"),
    ("scan_interval", 4, "between 5 and 3600 seconds (got 4)"),
    ("scan_interval", 3601, "between 5 and 3600 seconds (got 3601)"),
    ("api_base_path", "api/v1", 'The API base path "api/v1" must start with /'),
    ("api_base_path", "/api/v1/", "without a trailing /"),
    (
        "api_base_path",
        "/api/../etc",
        "must start with / and contain only path segments",
    ),
    ("transport", "ftp", "ftp"),
    ("auth_method", "oauth", "oauth"),
    (
        {"iot_class": "cloud_polling", "transport": "http"},
        ("auth_method", "basic"),
        "credentials must not travel in plain HTTP",
    ),
    ("api_key_header", "X Api Key", 'The header name "X Api Key" must be 1 to 64'),
    ("api_key_scheme", "Bearer token", 'The scheme "Bearer token" must be one word'),
    ("api_key_label", "", "The label must be 1 to 40 characters"),
    ("api_key_label", "Key [[ x ]]", "without quotes, brackets"),
    ({"auth_method": "basic"}, ("fixed_username", "ad min"), "must be 1 to 64 letters"),
    ({"auth_method": "token"}, ("password_label", 'P"o"P'), "without quotes"),
    ({"auth_method": "token"}, ("token_login_path", "login"), "must start with /"),
    (
        {"auth_method": "token"},
        ("token_username_field", "user-name"),
        "must be an identifier",
    ),
    ({"auth_method": "token"}, ("token_password_field", "x" * 33), "at most 32"),
    (
        {"auth_method": "token"},
        ("token_response_field", "1token"),
        "must be an identifier",
    ),
    ({"auth_method": "token"}, ("token_header", "Auth:"), "must be 1 to 64 letters"),
    ({"auth_method": "token"}, ("token_scheme", "Bear er"), "must be one word"),
    (
        {"auth_method": "token"},
        ("token_lifetime", -1),
        "between 0 and 31536000 seconds (got -1)",
    ),
    (
        {"scan_interval": 30, "options_flow": True},
        ("min_scan_interval", 31),
        "between 5 and the default interval (30 s); got 31",
    ),
    ({"options_flow": True}, ("min_scan_interval", 4), "got 4"),
    ("zeroconf_type", "_mydevice._tcp.local", "must look like _name._tcp.local."),
    ("zeroconf_type", "mydevice._tcp.local.", "must look like"),
    (
        {"zeroconf_type": "_x._tcp.local."},
        ("zeroconf_name", "MyDevice-*"),
        "must be 1 to 63 lowercase letters",
    ),
    (
        {"zeroconf_type": "_x._tcp.local."},
        ("zeroconf_properties", "md=esr62*,vendor"),
        "must be key=pattern pairs",
    ),
    (
        {"zeroconf_type": "_x._tcp.local."},
        ("zeroconf_properties", "md=ESR62*"),
        "patterns lowercase",
    ),
    (
        {"zeroconf_type": "_x._tcp.local."},
        ("zeroconf_serial", "mac:id"),
        "must be txt:<key>",
    ),
    (
        {"zeroconf_type": "_x._tcp.local."},
        ("zeroconf_serial", "hostname:Eltako-"),
        "hostname:<prefix>",
    ),
    (
        {"homekit_models": "ESR62*-IP"},
        ("zeroconf_serial", "from-device"),
        "or device (the device tells its serial number when asked)",
    ),
    (
        "zeroconf_type",
        "_hap._tcp.local.",
        "list the models the device announces in homekit_models instead",
    ),
    (
        {"zeroconf_type": "_x._tcp.local."},
        ("zeroconf_mac", "id"),
        "must be txt:<key> (the TXT property that carries the MAC address",
    ),
    (
        {"zeroconf_type": "_x._tcp.local.", "zeroconf_mac": ""},
        ("dhcp", True),
        "set zeroconf_mac to the TXT property that announces it",
    ),
    ("homekit_models", "ESR62*-IP,", "must be model names separated by commas"),
    ("homekit_models", 'Say "hi"', "must be model names separated by commas"),
    ("homekit_models", " ESR62", "must be model names separated by commas"),
    ("platforms", [], "Choose at least one platform."),
    ("platforms", ["sensor", "fan"], "fan"),
    (
        {"platforms": ["light"]},
        ("light_color_modes", []),
        "Choose at least one of brightness, color_temp, hs and rgb",
    ),
    (
        {"platforms": ["light"]},
        ("light_color_modes", ["brightness", "hs", "rgb"]),
        "Choose hs or rgb for the light, not both",
    ),
    ({"platforms": ["light"]}, ("light_color_modes", ["xy"]), "xy"),
    (
        {"client_library": True},
        ("library_name", "My_Client"),
        "use lowercase letters, digits and single hyphens",
    ),
    (
        {"client_library": True},
        ("library_name", "client--api"),
        "use lowercase letters, digits and single hyphens",
    ),
    ({"client_library": True}, ("library_name", "a" * 51), "at most 50 characters"),
    # Names its import would shadow: a standard module, Home Assistant, a dependency,
    # the integration's own domain.
    ({"client_library": True}, ("library_name", "asyncio"), 'imported as "asyncio"'),
    (
        {"client_library": True},
        ("library_name", "homeassistant"),
        "which is taken",
    ),
    ({"client_library": True}, ("library_name", "aiohttp"), "which is taken"),
    ({"client_library": True}, ("library_name", "token"), 'imported as "token"'),
    ({"client_library": True}, ("library_name", "hass-frontend"), "which is taken"),
    (
        {"client_library": True, "project_domain": "acme_plug"},
        ("library_name", "acme-plug"),
        'imported as "acme_plug", which is taken',
    ),
]


@pytest.mark.parametrize(("question", "value", "message"), BAD_ANSWERS)
def test_bad_answer_is_refused(
    copie: Copie, question: Any, value: Any, message: str
) -> None:
    """The answer is refused, the message says why, and the destination stays empty."""
    # A dict in the question's place holds the answers under which it is asked at all.
    context: dict[str, Any] = {}
    if isinstance(question, dict):
        context, (question, value) = question, value
    result = copie.copy(extra_answers={**context, question: value})
    assert result.exit_code != 0
    assert result.exception is not None
    text = str(result.exception)
    assert f"'{question}'" in text
    assert message in text
    destination = last_destination(copie)
    assert list(destination.iterdir()) == []


def test_core_domain_list_covers_every_supported_home_assistant() -> None:
    """The refused domains are the core integrations of the minimum, pinned and newest."""
    listed = yaml.safe_load((ROOT / "copier" / "ha_core_domains.yml").read_text())
    installed: set[str] = set()
    for environment in ENVIRONMENTS:
        components = ha_components(environment)
        installed |= {p.parent.name for p in components.glob("*/manifest.json")}
    assert listed["ha_core_domains"]["default"] == sorted(installed), (
        "copier/ha_core_domains.yml is stale: run scripts/update-core-domains"
    )


@pytest.mark.parametrize(
    ("answers", "transport", "port"),
    [
        ({}, "http", 80),
        ({"transport": "https"}, "https", 443),
        ({"transport": "https_pinned"}, "https_pinned", 443),
        ({"iot_class": "cloud_polling"}, "https", 443),
        (
            {"iot_class": "cloud_polling", "transport": "http", "auth_method": "none"},
            "http",
            80,
        ),
    ],
)
def test_transport_is_asked_before_the_port_it_defaults(
    copie: Copie, answers: dict[str, Any], transport: str, port: int
) -> None:
    """A cloud service defaults to HTTPS, and HTTPS to its own port 443."""
    result = copie.copy(extra_answers=answers)
    assert result.exit_code == 0, result.exception
    assert result.project_dir is not None
    recorded = yaml.safe_load((result.project_dir / ".copier-answers.yml").read_text())
    assert (recorded["transport"], recorded["default_port"]) == (transport, port)


def test_light_color_modes_are_ignored_without_a_light(copie: Copie) -> None:
    """An answer that does not apply is neither checked nor recorded."""
    result = copie.copy(
        extra_answers={"platforms": ["sensor"], "light_color_modes": ["hs", "rgb"]}
    )
    assert result.exit_code == 0, result.exception
    assert result.project_dir is not None
    recorded = yaml.safe_load((result.project_dir / ".copier-answers.yml").read_text())
    assert "light_color_modes" not in recorded


# Each answer that applies only under other answers (its question has a `when`): the
# answer set (tests/answer_sets.py) under which it does not apply, and a valid value
# other than its default. Every such set is itself in the render matrix, so the render
# that the answer must not change passes its own lint, type check and tests.
INAPPLICABLE: dict[str, tuple[str, Any]] = {
    "push_transport": ("defaults", "websocket"),
    "event_path": ("defaults", "/stream"),
    "event_payload": ("defaults", "partial"),
    "event_idle_timeout": ("defaults", 30),
    "api_key_header": ("sse-none-http", "X-Key"),
    "api_key_scheme": ("sse-none-http", "Token"),
    "api_key_label": ("sse-none-http", "Access code"),
    "fixed_username": ("defaults", "admin"),
    "password_label": ("defaults", "PoP code"),
    "token_login_path": ("defaults", "/auth"),
    "token_username_field": ("defaults", "user"),
    "token_password_field": ("defaults", "pass"),
    "token_response_field": ("defaults", "jwt"),
    "token_header": ("defaults", "X-Token"),
    "token_scheme": ("defaults", "JWT"),
    "token_lifetime": ("defaults", 3600),
    "light_color_modes": ("defaults", ["hs"]),
    "min_scan_interval": ("service-cloud-short-names", 10),
    "zeroconf_name": ("defaults", "dev-*"),
    "zeroconf_properties": ("defaults", "md=x*"),
    "zeroconf_mac": ("defaults", "txt:id"),
    "zeroconf_serial": ("defaults", "device"),
    "dhcp": ("defaults", True),
    "library_name": ("defaults", "my-client"),
}

# The zeroconf answers do not apply to a device discovered through HomeKit only either.
HOMEKIT_ONLY = "discovery-homekit-hostname"
HOMEKIT_ONLY_QUESTIONS = (
    "zeroconf_name",
    "zeroconf_properties",
    "zeroconf_mac",
    "dhcp",
)


def _questions() -> dict[str, dict[str, Any]]:
    """Return copier.yml's questions (its keys that do not start with _)."""
    # Three documents; the middle one includes the list of core domains.
    documents = (ROOT / "copier.yml").read_text().split("\n---\n")
    spec = {**yaml.safe_load(documents[0]), **yaml.safe_load(documents[2])}
    return {key: value for key, value in spec.items() if not key.startswith("_")}


def _computed_names() -> list[str]:
    """Return the computed values: the questions that are never asked."""
    return sorted(
        name for name, spec in _questions().items() if spec.get("when") is False
    )


def test_every_conditional_answer_is_checked_here() -> None:
    """Each question asked only under other answers has a case below; each computed
    value is refused when given."""
    questions = _questions()
    conditional = {
        name
        for name, spec in questions.items()
        if spec.get("when") not in (None, False)
    }
    assert conditional == set(INAPPLICABLE)
    computed = [name for name, spec in questions.items() if spec.get("when") is False]
    assert computed
    for name in computed:
        assert "cannot be given" in questions[name].get("validator", ""), name


def _copy(destination: Path, **answers: Any) -> Worker:
    """Copy the working tree's template with its defaults, quietly, as the API does.

    answers are copier's: data (what `copier copy --data` gives) or user_defaults.
    """
    return copier.run_copy(
        str(ROOT),
        destination,
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        quiet=True,
        **answers,
    )


def _copy_with_data(destination: Path, data: dict[str, Any]) -> None:
    """Copy the template as `copier copy --data` does: the answers are the user's."""
    _copy(destination, data=data)


@pytest.mark.parametrize("question", sorted(INAPPLICABLE))
def test_answer_that_does_not_apply_is_refused(tmp_path: Path, question: str) -> None:
    """Given with --data where it does not apply: refused, saying why, nothing written."""
    answer_set, value = INAPPLICABLE[question]
    destination = tmp_path / "project"
    with pytest.raises(ValueError, match=f"'{question}'.*applies only") as refused:
        _copy_with_data(destination, {**ANSWER_SETS[answer_set], question: value})
    assert question in str(refused.value)
    assert not destination.exists() or list(destination.iterdir()) == []


def test_answer_that_applies_is_taken(tmp_path: Path) -> None:
    """The same kind of answer where it applies is accepted (the refusal is no blanket)."""
    _copy_with_data(
        tmp_path / "project",
        {"iot_class": "local_push", "push_transport": "websocket"},
    )
    recorded = yaml.safe_load(
        (tmp_path / "project" / ".copier-answers.yml").read_text()
    )
    assert recorded["push_transport"] == "websocket"


@pytest.mark.parametrize("question", _computed_names())
def test_computed_value_given_is_refused(tmp_path: Path, question: str) -> None:
    """A computed value is never an answer: given with --data, it is refused."""
    with pytest.raises(ValueError, match="is computed from the other answers"):
        _copy_with_data(tmp_path / "project", {question: "x"})


def _tree(root: Path) -> dict[str, bytes]:
    """Return every file below root (but .git) by its relative path, with its bytes.

    The answers file's _commit is left out: copier names each copy of a template
    with uncommitted changes apart.
    """
    tree = {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }
    answers = tree[".copier-answers.yml"].splitlines(keepends=True)
    tree[".copier-answers.yml"] = b"".join(
        line for line in answers if not line.startswith(b"_commit:")
    )
    return tree


@pytest.mark.parametrize(
    ("question", "answer_set", "value"),
    [
        *((name, *INAPPLICABLE[name]) for name in sorted(INAPPLICABLE)),
        *(
            (name, HOMEKIT_ONLY, INAPPLICABLE[name][1])
            for name in HOMEKIT_ONLY_QUESTIONS
        ),
    ],
)
def test_answer_that_does_not_apply_changes_no_file(
    copie: Copie, question: str, answer_set: str, value: Any
) -> None:
    """Where copier takes it without checking (a default from the user's settings, or
    the API's user_defaults), an answer that does not apply renders nothing different."""
    answers = ANSWER_SETS[answer_set]
    if answer_set not in _BASELINES:
        baseline = copie.copy(extra_answers=answers)
        assert baseline.exit_code == 0, baseline.exception
        assert baseline.project_dir is not None
        _BASELINES[answer_set] = _tree(baseline.project_dir)
    given = copie.copy(extra_answers={**answers, question: value})
    assert given.exit_code == 0, given.exception
    assert given.project_dir is not None
    assert _tree(given.project_dir) == _BASELINES[answer_set]


# The render without the answer, by its answer set: the same for many questions.
_BASELINES: dict[str, dict[str, bytes]] = {}


def test_inapplicable_answers_are_checked_under_matrix_sets() -> None:
    """Each answer set above is one of the matrix and leaves the answer out.

    That the answer does not apply under it is what the --data refusal test proves.
    """
    cases = [*INAPPLICABLE.items()]
    cases += [(name, (HOMEKIT_ONLY, None)) for name in HOMEKIT_ONLY_QUESTIONS]
    for question, (answer_set, _value) in cases:
        assert answer_set in ANSWER_SETS, answer_set
        assert question not in ANSWER_SETS[answer_set], (question, answer_set)
    assert "homekit_models" in ANSWER_SETS[HOMEKIT_ONLY]
    assert "zeroconf_type" not in ANSWER_SETS[HOMEKIT_ONLY]


def _another_value(value: Any) -> Any:
    """Return a value of the same kind as value, but not equal to it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, list):
        return [*value, "hs"] if "hs" not in value else []
    return f"{value}x"


@pytest.fixture(scope="module")
def computed_defaults(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Return what the answers compute for each computed value, with the defaults."""
    worker = _copy(tmp_path_factory.mktemp("computed"))
    return {name: worker.answers.combined[name] for name in _computed_names()}


@pytest.mark.parametrize("question", _computed_names())
def test_computed_value_given_as_a_default_is_refused(
    tmp_path: Path, computed_defaults: dict[str, Any], question: str
) -> None:
    """Given through the API's user_defaults, which copier does not validate, a computed
    value other than the computed one is refused before anything is written."""
    destination = tmp_path / "project"
    given = _another_value(computed_defaults[question])
    with pytest.raises(Exception, match=f"{question} is computed from the other"):
        _copy(destination, user_defaults={question: given})
    assert not destination.exists()
    # The computed value itself, given the same way, is taken.
    _copy(destination, user_defaults={question: computed_defaults[question]})
    assert (destination / ".copier-answers.yml").is_file()


def test_computed_value_in_the_settings_defaults_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copier settings file's `defaults:` naming a computed value: refused, too."""
    settings = tmp_path / "settings.yml"
    settings.write_text("defaults:\n  has_state: false\n")
    monkeypatch.setenv("COPIER_SETTINGS_PATH", str(settings))
    destination = tmp_path / "project"
    with pytest.raises(Exception, match="has_state is computed from the other"):
        _copy(destination)
    assert not destination.exists()
