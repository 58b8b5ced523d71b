"""Fault injection: every way the device can fail, seen through Home Assistant.

For each fault: no exception escapes into the log, entities go unavailable and come
back, the loss is logged once as a warning and the recovery once, and commands sent
while the device fails raise a translated error.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import logging
from pathlib import Path
import ssl
from typing import Any

from eltako62ip.const import MAX_RETRY_AFTER
from eltako62ip.device import DeviceClient
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.eltako_62ip.const import DEFAULT_SCAN_INTERVAL, DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .certificates import make_certificate
from .conftest import poll
from .fake_device import DATA_PATH, FakeDevice

# The command of tests/fixtures.py (send_command): None for a device that takes none.
type SendCommand = Callable[[], Awaitable[object]] | None
# Loggers of the fake device's own web server, not of Home Assistant or the integration.
FAKE_SERVER_LOGGERS = ("aiohttp.server", "aiohttp.access")


@dataclass(frozen=True)
class Fault:
    """One way the device fails: fault settings of the fake, and whether writes fail."""

    settings: dict[str, Any]
    breaks_commands: bool = True

    def inject(self, device: FakeDevice) -> None:
        """Make the fake device fail this way until it is healed."""
        device.inject(**self.settings)


# The Retry-After that rate_limited asks for, in seconds.
PAUSE_ASKED = 3600
FAULTS = {
    "server_error": Fault({"status": 500}),
    # The device knows who asks and refuses: no reason to ask for the credentials again.
    "forbidden": Fault({"status": 403}),
    "rate_limited": Fault(
        {"status": 429, "headers": {"Retry-After": str(PAUSE_ASKED)}}
    ),
    "connection_reset": Fault({"drop_connection": True}),
    "truncated_body": Fault({"truncate_body": True}),
    # Body faults: writes are still accepted; only what the device reports is broken.
    "malformed_json": Fault(
        {"raw_bodies": {DATA_PATH: b'{"unterminated": '}}, breaks_commands=False
    ),
    "html_error_page": Fault(
        {"raw_bodies": {DATA_PATH: b"<html><h1>502 Bad Gateway</h1></html>"}},
        breaks_commands=False,
    ),
}


@pytest.fixture(autouse=True)
def debug_log(caplog: pytest.LogCaptureFixture) -> None:
    """Capture everything down to DEBUG, where a leaked credential would show first."""
    caplog.set_level(logging.DEBUG)


@pytest.fixture(autouse=True)
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time requests out after 0.1 s: a test cannot wait the real timeout out."""
    monkeypatch.setattr(DeviceClient, "REQUEST_TIMEOUT", 0.1)


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    registry = er.async_get(hass)
    entities = er.async_entries_for_config_entry(registry, entry.entry_id)
    states = (hass.states.get(entity.entity_id) for entity in entities)
    return {state.state for state in states if state is not None}


def _ours(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    ours = ("custom_components.", "eltako62ip.")
    return [r for r in caplog.records if r.name.startswith(ours)]


def assert_reported_once_each_way(
    caplog: pytest.LogCaptureFixture,
) -> logging.LogRecord:
    """One warning when the device was lost, one info line when it came back."""
    lost = [r for r in _ours(caplog) if r.levelno >= logging.WARNING]
    back = [r for r in _ours(caplog) if "recovered" in r.getMessage()]
    assert len(lost) == 1, [r.getMessage() for r in lost]
    assert [r.levelno for r in back] == [logging.INFO]
    return lost[0]


def _secrets(device: FakeDevice) -> list[str]:
    """Return every credential the device knows: those configured, and issued tokens."""
    return [device.password, *device.tokens]


def assert_no_secret(device: FakeDevice, *shown: object) -> None:
    """Neither str() nor repr() of anything shown holds a credential."""
    texts = [text for item in shown for text in (str(item), repr(item))]
    for secret in _secrets(device):
        for text in texts:
            assert secret not in text, f"a credential is shown in {text!r}"


def assert_log_is_clean(
    caplog: pytest.LogCaptureFixture, device: FakeDevice, entry: MockConfigEntry
) -> None:
    """No traceback or unexpected error in the log; no credential in it or the client.

    A traceback is allowed at DEBUG only: the coordinator logs each failure's "Full
    error" there for whoever turned debug logging on. It is scanned for secrets too.
    """
    shown: list[object] = [entry.runtime_data.client]
    for record in caplog.records:
        shown.append(record.getMessage())
        if record.exc_info is not None:
            shown.append(logging.Formatter().formatException(record.exc_info))
        if record.name in FAKE_SERVER_LOGGERS:
            continue
        if record.levelno > logging.DEBUG:
            assert record.exc_info is None, record.getMessage()
        assert "Unexpected" not in record.getMessage(), record.getMessage()
        assert "Traceback" not in record.getMessage(), record.getMessage()
    assert_no_secret(device, *shown)


async def assert_command_fails(
    send_command: SendCommand, device: FakeDevice, reason: str = "command_failed"
) -> None:
    """The device's command raises a translated error that shows no credential."""
    if send_command is None:
        return
    with pytest.raises(HomeAssistantError) as err:
        await send_command()
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == reason
    assert_no_secret(device, err.value)


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_fault_is_survived_and_reported_once(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    send_command: SendCommand,
    fault: str,
) -> None:
    """Unavailable while the fault lasts, back after it, one line each way."""
    assert STATE_UNAVAILABLE not in _states(hass, init_integration)

    FAULTS[fault].inject(device)
    if FAULTS[fault].breaks_commands:
        await assert_command_fails(send_command, device)
    for _ in range(3):
        await poll(hass, freezer)
    assert _states(hass, init_integration) == {STATE_UNAVAILABLE}

    device.heal()
    # Past any pause the device asked for: the next poll is due by then in every case.
    freezer.tick(PAUSE_ASKED)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert STATE_UNAVAILABLE not in _states(hass, init_integration)
    assert init_integration.state is ConfigEntryState.LOADED
    # None of these is about the credentials: no reauthentication was started.
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []

    lost = assert_reported_once_each_way(caplog)
    assert "Could not read the device" in lost.getMessage()
    assert_log_is_clean(caplog, device, init_integration)


async def test_device_slower_than_the_timeout(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    send_command: SendCommand,
) -> None:
    """Answers later than the timeout count as a failure; normal speed recovers.

    Polls are run directly here: the timeout runs on the event loop's clock, which
    the time-travelling tests above freeze.
    """
    coordinator = init_integration.runtime_data
    device.delay = 0.5
    await assert_command_fails(send_command, device)
    for _ in range(3):
        await coordinator.async_refresh()
    assert _states(hass, init_integration) == {STATE_UNAVAILABLE}
    device.heal()
    await coordinator.async_refresh()
    assert STATE_UNAVAILABLE not in _states(hass, init_integration)
    lost = assert_reported_once_each_way(caplog)
    assert "no answer within 0.1 s" in lost.getMessage()
    assert_log_is_clean(caplog, device, init_integration)


async def test_rate_limited_device_is_not_polled_before_it_asked(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """After a 429 with Retry-After, the next poll waits as long as the device asked.

    Asked for decades, it waits MAX_RETRY_AFTER: then the device is asked again.
    """
    pause = min(DEFAULT_SCAN_INTERVAL.total_seconds() * 4, MAX_RETRY_AFTER)
    for asked_for, waited in ((pause, pause), (999_999_999, MAX_RETRY_AFTER)):
        device.status, device.headers = 429, {"Retry-After": str(int(asked_for))}
        await poll(hass, freezer)
        device.heal()
        polls = device.requests_to(DATA_PATH)
        # Home Assistant schedules to the whole second: a second either way.
        await _pass(hass, freezer, waited - 2)
        assert device.requests_to(DATA_PATH) == polls
        await _pass(hass, freezer, 3)
        assert device.requests_to(DATA_PATH) == polls + 1


async def _pass(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float
) -> None:
    """Let seconds pass and wait for what falls due."""
    freezer.tick(seconds)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_device_offline_during_operation(
    hass: HomeAssistant,
    device: FakeDevice,
    server_context: ssl.SSLContext,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    send_command: SendCommand,
) -> None:
    """A device that stops listening is unavailable, and back when it listens again."""
    await device.stop()
    await assert_command_fails(send_command, device)
    for _ in range(3):
        await poll(hass, freezer)
    assert _states(hass, init_integration) == {STATE_UNAVAILABLE}

    await device.start(server_context)
    await poll(hass, freezer)
    assert STATE_UNAVAILABLE not in _states(hass, init_integration)
    assert_reported_once_each_way(caplog)
    assert_log_is_clean(caplog, device, init_integration)


async def test_device_offline_at_start_is_set_up_when_it_appears(
    hass: HomeAssistant,
    device: FakeDevice,
    server_context: ssl.SSLContext,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Setup is retried, not failed, and succeeds once the device answers."""
    await device.stop()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY

    await device.start(server_context)
    freezer.tick(60)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert STATE_UNAVAILABLE not in _states(hass, mock_config_entry)
    assert_log_is_clean(caplog, device, mock_config_entry)


async def test_rejected_command_starts_reauthentication(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    send_command: SendCommand,
) -> None:
    """A command refused for its credentials says so and asks the user to re-enter them."""
    if send_command is None:
        pytest.skip("the device takes no command (tests/fixtures.py: send_command)")
    device.inject(status=401)
    for _ in range(2):
        await assert_command_fails(send_command, device, "invalid_auth")
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    # One reauthentication flow however many commands fail.
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    assert_log_is_clean(caplog, device, init_integration)


@pytest.mark.parametrize("status", [403])
async def test_refused_command_fails_without_reauthentication(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    send_command: SendCommand,
    status: int,
) -> None:
    """A command the device forbids (403) fails with the reason, and no reauth."""
    if send_command is None:
        pytest.skip("the device takes no command (tests/fixtures.py: send_command)")
    device.inject(status=status)
    for _ in range(2):
        await assert_command_fails(send_command, device)
    await hass.async_block_till_done()
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []
    assert_log_is_clean(caplog, device, init_integration)


async def test_rejected_credentials_in_a_loop_start_one_reauth(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A device that answers 401 to everything gets no login storm, and reauth starts."""
    logins = device.logins
    device.status = 401
    # Right away, while the token is young: a renewal due to its age is not at issue.
    await init_integration.runtime_data.async_refresh()
    for _ in range(5):
        await poll(hass, freezer)
    # One fresh login to rule out a stale token; then the credentials are at fault.
    assert device.logins == logins + 1
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    assert _states(hass, init_integration) == {STATE_UNAVAILABLE}
    assert_log_is_clean(caplog, device, init_integration)


async def test_changed_certificate_is_refused(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    send_command: SendCommand,
    tmp_path: Path,
) -> None:
    """A device presenting another certificate gets no request, and reauth starts."""
    await device.stop()
    await device.start(make_certificate("impostor").server_context(tmp_path))
    sent = len(device.requests)
    # A command finds out first: it fails with the reason, and reauth starts.
    await assert_command_fails(send_command, device, "certificate_changed")
    await poll(hass, freezer)
    assert len(device.requests) == sent
    assert _states(hass, init_integration) == {STATE_UNAVAILABLE}
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    assert_log_is_clean(caplog, device, init_integration)
