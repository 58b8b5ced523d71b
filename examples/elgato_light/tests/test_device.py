"""Tests for the lights' endpoints in device.py, against the fake light over real HTTP.

The transport under them (retries, errors) is tested in test_api_client.py.
"""

from dataclasses import replace
from typing import Any

import pytest

from custom_components.elgato_light.api import (
    InvalidResponseError,
    RequestRejectedError,
)
from custom_components.elgato_light.device import DeviceClient
from custom_components.elgato_light.models import (
    BatteryInfo,
    BatterySettings,
    DeviceData,
    DeviceDetails,
    LightState,
    Settings,
)

from .fake_device import FakeDevice

MINI = DeviceDetails(
    serial_number="GW24L1A02987",
    model="Elgato Key Light Mini",
    display_name="Elgato Key Light Mini",
    firmware_version="1.0.4",
    firmware_build_number=229,
    hardware_board_type=202,
    mac_address="3C:6A:9D:14:D0:19",
    wifi_rssi=-41,
)
MINI_SETTINGS = Settings(
    power_on_behavior=1,
    power_on_brightness=20,
    power_on_temperature=230,
    power_on_hue=None,
    power_on_saturation=None,
    switch_on_duration=100,
    switch_off_duration=300,
    color_change_duration=100,
    battery=BatterySettings(
        bypass=False,
        energy_saving=False,
        minimum_battery_level=15.0,
        disable_wifi=False,
        adjust_brightness=False,
        energy_saving_brightness=10.0,
    ),
)
WHITE = LightState(on=True, brightness=21, temperature=297, hue=None, saturation=None)


async def test_identity_is_one_request(
    client: DeviceClient, device: FakeDevice
) -> None:
    """The identity costs a light one request: all a discovered one gets unconfirmed."""
    assert await client.async_test_connection() == MINI
    assert device.requests == ["GET /elgato/accessory-info"]


async def test_every_poll_reads_everything(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A poll reads the output, the settings, the battery and the identity."""
    data = await client.async_get_data()
    assert data == DeviceData(
        state=WHITE,
        settings=MINI_SETTINGS,
        info=MINI,
        battery=BatteryInfo(
            power_source=1,
            level=78.57,
            status=2,
            voltage=3860,
            input_charge_voltage=4208,
            input_charge_current=3008,
        ),
    )
    assert data.battery is not None
    assert data.battery.charge_power == 12.66
    assert data.info.wifi_signal_strength == 100
    device.battery = {**(device.battery or {}), "level": 50}
    data = await client.async_get_data()
    assert data.battery is not None
    assert data.battery.level == 50
    assert device.requests[4:] == [
        "GET /elgato/lights",
        "GET /elgato/lights/settings",
        "GET /elgato/battery-info",
        "GET /elgato/accessory-info",
    ]


@pytest.mark.parametrize("model", ["key_light", "key_light_air", "light_strip"])
async def test_lights_without_battery_are_not_asked_for_one(
    client: DeviceClient, device: FakeDevice, model: str
) -> None:
    """Only a light whose settings have a battery is asked for the battery."""
    device.use_model(model)
    data = await client.async_get_data()
    assert data.battery is None
    assert data.settings.battery is None
    assert "GET /elgato/battery-info" not in device.requests


async def test_key_light_air_has_no_mac_wifi_or_name(
    client: DeviceClient, device: FakeDevice
) -> None:
    """The Air reports an empty name and neither MAC address nor Wi-Fi."""
    device.use_model("key_light_air")
    info = await client.async_test_connection()
    assert (info.display_name, info.mac_address, info.wifi_rssi) == ("", None, None)
    assert info.wifi_signal_strength is None


async def test_light_strip_shows_a_colour(
    client: DeviceClient, device: FakeDevice
) -> None:
    """The Light Strip reports hue and saturation, and powers on to a colour."""
    device.use_model("light_strip")
    data = await client.async_get_data()
    assert data.state == LightState(
        on=True, brightness=50, temperature=None, hue=358.0, saturation=6.0
    )
    assert data.info.display_name == ""
    assert data.supports_color
    assert data.color_temperature_range == (3500, 6500)
    assert data.settings.power_on_temperature == 0
    assert data.settings.power_on_hue == 40.0


async def test_key_light_does_white_only(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A Key Light does not do colour, and reaches further in temperature."""
    device.use_model("key_light")
    data = await client.async_get_data()
    assert not data.supports_color
    assert data.color_temperature_range == (2900, 6993)


@pytest.mark.parametrize(
    ("light", "expected"),
    [
        ({"on": 0}, {"on": 0, "brightness": 21, "temperature": 297}),
        ({"on": 1, "brightness": 80}, {"on": 1, "brightness": 80, "temperature": 297}),
        ({"on": 1, "hue": 120.0, "saturation": 50.0}, {"on": 1, "brightness": 21}),
    ],
)
async def test_set_light_answers_with_the_new_output(
    client: DeviceClient,
    device: FakeDevice,
    light: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    """PUT /elgato/lights sends one light and returns the output it answers with."""
    state = await client.async_set_light(**light)
    assert device.light == {**expected, **light}
    assert state == LightState.from_json({"lights": [device.light]})


async def test_set_light_out_of_range_is_refused(
    client: DeviceClient, device: FakeDevice
) -> None:
    """The light refuses a temperature outside 143-344 mireds, and changes nothing."""
    with pytest.raises(RequestRejectedError, match="HTTP 400"):
        await client.async_set_light(on=1, temperature=400)
    assert device.light["temperature"] == 297


async def test_lights_answer_without_a_light(
    client: DeviceClient, device: FakeDevice
) -> None:
    """An answer that lists no light is a typed error, not a crash."""
    device.raw_bodies = {"/lights": b'{"numberOfLights": 0, "lights": []}'}
    with pytest.raises(InvalidResponseError, match="lists no light"):
        await client.async_get_data()


async def test_set_settings_changes_part_of_them(
    client: DeviceClient, device: FakeDevice
) -> None:
    """PUT /elgato/lights/settings merges what it sends into the settings."""
    await client.async_set_settings({"battery": {"bypass": 1}})
    assert device.settings["battery"]["bypass"] == 1
    assert device.settings["battery"]["energySaving"]["minimumBatteryLevel"] == 15


async def test_identify_and_restart(client: DeviceClient, device: FakeDevice) -> None:
    """Identify and restart are one POST each."""
    await client.async_identify()
    await client.async_restart()
    assert device.actions == ["identify", "restart"]


@pytest.mark.parametrize(
    "info",
    [
        [],
        {"productName": "Elgato Key Light"},
        {"serialNumber": 5},
        {"serialNumber": True},
    ],
)
async def test_malformed_identity_is_invalid_response(
    client: DeviceClient, device: FakeDevice, info: Any
) -> None:
    """An identity of the wrong shape is a typed error, not a crash."""
    device.info = info
    with pytest.raises(InvalidResponseError):
        await client.async_test_connection()


def test_power_on_payload_keeps_the_rest() -> None:
    """The power-on block is sent whole, with a temperature or the colour it had."""
    assert MINI_SETTINGS.power_on_payload(behavior=2) == {
        "powerOnBehavior": 2,
        "powerOnBrightness": 20,
        "powerOnTemperature": 230,
        "switchOnDurationMs": 100,
        "switchOffDurationMs": 300,
        "colorChangeDurationMs": 100,
    }
    strip = Settings.from_json(
        {
            "powerOnBehavior": 2,
            "powerOnHue": 40.0,
            "powerOnSaturation": 15.0,
            "powerOnBrightness": 40,
            "powerOnTemperature": 0,
            "switchOnDurationMs": 150,
            "switchOffDurationMs": 400,
            "colorChangeDurationMs": 150,
        }
    )
    assert strip.power_on_payload(brightness=60)["powerOnHue"] == 40.0
    assert strip.power_on_payload(brightness=60)["powerOnBrightness"] == 60
    assert strip.power_on_payload(temperature=200)["powerOnTemperature"] == 200
    assert "powerOnHue" not in strip.power_on_payload(temperature=200)


def test_energy_saving_payload_sends_the_whole_block() -> None:
    """Energy saving is switched with the rest of its block as it is."""
    assert MINI_SETTINGS.battery is not None
    assert MINI_SETTINGS.battery.energy_saving_payload(on=True) == {
        "battery": {
            "energySaving": {
                "enable": 1,
                "minimumBatteryLevel": 15.0,
                "disableWifi": 0,
                "adjustBrightness": {"enable": 0, "brightness": 10.0},
            }
        }
    }


def test_wifi_signal_strength_is_clamped() -> None:
    """-100 dBm and below is 0 %, -50 dBm and above 100 %."""
    assert replace(MINI, wifi_rssi=-120).wifi_signal_strength == 0
    assert replace(MINI, wifi_rssi=-75).wifi_signal_strength == 50


async def test_a_failed_first_poll_reads_everything_next_time(
    client: DeviceClient, device: FakeDevice
) -> None:
    """What setup read is used by the poll right after it only, even if that fails."""
    await client.async_test_connection()
    device.raw_bodies = {"/lights": b'"not the lights"'}
    with pytest.raises(InvalidResponseError):
        await client.async_get_data()
    device.heal()
    await client.async_get_data()
    assert device.requests[-4:] == [
        "GET /elgato/lights",
        "GET /elgato/lights/settings",
        "GET /elgato/battery-info",
        "GET /elgato/accessory-info",
    ]
