"""Tests for events.py and the session login of device.py."""

import asyncio

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.my_device import channel
from custom_components.my_device.api import DeviceEvent, InvalidResponseError
from custom_components.my_device.device import DeviceClient
from custom_components.my_device.events import apply_event
from homeassistant.core import HomeAssistant

from .fake_device import DATA_PATH, FakeDevice, envelope


def test_state_event_is_unwrapped() -> None:
    """The state inside the envelope is the new state."""
    event = DeviceEvent("message", envelope({"temperature": 1}), None)
    assert apply_event(None, event) == {"temperature": 1}


def test_greeting_changes_nothing() -> None:
    """An event of another type leaves the state as it is."""
    assert apply_event(None, DeviceEvent("message", {"type": "hello"}, None)) is None


async def test_greeting_on_the_channel_is_skipped(
    hass: HomeAssistant,
    device: FakeDevice,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A greeting keeps the channel open and the data as it was."""
    monkeypatch.setattr(channel, "RECONNECT_BASE_DELAY", 0.01)
    device.events_status = None
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    async with asyncio.timeout(5):
        while device.open_streams < 1 or device.requests_to(DATA_PATH) < 2:
            await asyncio.sleep(0.01)
    before = mock_config_entry.runtime_data.data
    await device.push({"type": "hello"})
    await asyncio.sleep(0.1)
    assert mock_config_entry.runtime_data.data == before
    # Taken as a state, the greeting would have ended the channel.
    assert (device.open_streams, device.stream_connections) == (1, 1)


async def test_session_cookie_is_sent(client: DeviceClient, device: FakeDevice) -> None:
    """The login opens a session; requests carry its cookie, never in the repr."""
    await client.async_get_data()
    assert device.logins == 1
    assert device.tokens[0] not in repr(client)


async def test_login_without_a_cookie_is_invalid_response(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A login answer that sets no session cookie is refused."""
    device.login_answer = {"ok": True}
    with pytest.raises(InvalidResponseError, match="no session cookie"):
        await client.async_get_data()
