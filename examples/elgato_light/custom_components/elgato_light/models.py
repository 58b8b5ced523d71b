"""Typed views of what an Elgato light answers.

Raw JSON becomes one of these at the edge, so the rest of the integration never indexes
dicts. A malformed answer raises TypeError here; the client turns it into a typed error.
The JSON keys are the lights' own (camelCase, 0 and 1 for booleans).
"""

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Self

# Elgato products that do colour as well as white.
COLOR_PRODUCTS = frozenset({"Elgato Light Strip", "Elgato Light Strip Pro"})


def _object(payload: Any) -> dict[str, Any]:
    """Return payload if it is a JSON object, else raise TypeError."""
    if not isinstance(payload, dict):
        raise TypeError(f"expected a JSON object, got {type(payload).__name__}")
    return payload


def _field(
    payload: Any, key: str, kind: type | tuple[type, ...], *, optional: bool = False
) -> Any:
    """Return payload[key] if it has the expected type, else raise TypeError."""
    value = _object(payload).get(key)
    if value is None and optional:
        return None
    # bool is an int in Python, but a JSON true is never a valid number.
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise TypeError(f"field {key!r} is missing or has the wrong type")
    return value


def _number(payload: Any, key: str, *, optional: bool = False) -> Any:
    """Return a JSON number as a float (the lights send 15 and 15.00 alike)."""
    value = _field(payload, key, (int, float), optional=optional)
    return None if value is None else float(value)


def _flag(payload: Any, key: str) -> bool:
    """Return a 0/1 flag, as the lights send booleans."""
    return bool(_field(payload, key, int))


class PowerOnBehavior(IntEnum):
    """What a light does when it gets power (0: not set yet)."""

    UNKNOWN = 0
    RESTORE_LAST = 1
    USE_DEFAULTS = 2


@dataclass(frozen=True, slots=True)
class DeviceDetails:
    """Identity of the light, and its Wi-Fi reception, from GET /elgato/accessory-info."""

    serial_number: str
    model: str
    display_name: str
    firmware_version: str
    firmware_build_number: int
    hardware_board_type: int
    mac_address: str | None
    wifi_rssi: int | None

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer."""
        wifi = _field(payload, "wifi-info", dict, optional=True)
        return cls(
            serial_number=_field(payload, "serialNumber", str),
            model=_field(payload, "productName", str),
            # The Key Light Air sends an empty name, the Light Strip none.
            display_name=_field(payload, "displayName", str, optional=True) or "",
            firmware_version=_field(payload, "firmwareVersion", str),
            firmware_build_number=_field(payload, "firmwareBuildNumber", int),
            hardware_board_type=_field(payload, "hardwareBoardType", int),
            mac_address=_field(payload, "macAddress", str, optional=True),
            wifi_rssi=None if wifi is None else _field(wifi, "rssi", int),
        )

    @property
    def wifi_signal_strength(self) -> int | None:
        """Return the Wi-Fi reception in percent: -100 dBm is 0 %, -50 dBm and up 100 %."""
        if self.wifi_rssi is None:
            return None
        return min(max(2 * (self.wifi_rssi + 100), 0), 100)


@dataclass(frozen=True, slots=True)
class LightState:
    """The light's output, from GET /elgato/lights (a list of one light)."""

    on: bool
    # Percent, 0-100.
    brightness: int
    # Mireds (143-344), None while the light shows a colour.
    temperature: int | None
    # Degrees and percent, None while the light shows white.
    hue: float | None
    saturation: float | None

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the lights answer: the first (and only) light of the list."""
        lights = _field(payload, "lights", list)
        if not lights:
            raise ValueError("the answer lists no light")
        light = lights[0]
        return cls(
            on=_flag(light, "on"),
            brightness=_field(light, "brightness", int),
            temperature=_field(light, "temperature", int, optional=True),
            hue=_number(light, "hue", optional=True),
            saturation=_number(light, "saturation", optional=True),
        )


@dataclass(frozen=True, slots=True)
class BatterySettings:
    """Battery settings of a light with a battery (the Key Light Mini)."""

    bypass: bool
    energy_saving: bool
    minimum_battery_level: float
    disable_wifi: bool
    adjust_brightness: bool
    energy_saving_brightness: float

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the settings' battery object."""
        saving = _field(payload, "energySaving", dict)
        adjust = _field(saving, "adjustBrightness", dict)
        return cls(
            bypass=_flag(payload, "bypass"),
            energy_saving=_flag(saving, "enable"),
            minimum_battery_level=_number(saving, "minimumBatteryLevel"),
            disable_wifi=_flag(saving, "disableWifi"),
            adjust_brightness=_flag(adjust, "enable"),
            energy_saving_brightness=_number(adjust, "brightness"),
        )

    def energy_saving_payload(self, *, on: bool) -> dict[str, Any]:
        """Return the settings change that turns energy saving on or off.

        The light takes the energy saving block whole, so the rest of it is sent as it is.
        """
        return {
            "battery": {
                "energySaving": {
                    "enable": int(on),
                    "minimumBatteryLevel": self.minimum_battery_level,
                    "disableWifi": int(self.disable_wifi),
                    "adjustBrightness": {
                        "enable": int(self.adjust_brightness),
                        "brightness": self.energy_saving_brightness,
                    },
                }
            }
        }


@dataclass(frozen=True, slots=True)
class Settings:
    """How the light powers on and fades, from GET /elgato/lights/settings."""

    power_on_behavior: int
    power_on_brightness: int
    # Mireds; 0 while the light powers on to a colour; None on lights that cannot.
    power_on_temperature: int | None
    power_on_hue: float | None
    power_on_saturation: float | None
    switch_on_duration: int
    switch_off_duration: int
    color_change_duration: int
    battery: BatterySettings | None

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer."""
        battery = _field(payload, "battery", dict, optional=True)
        return cls(
            power_on_behavior=_field(payload, "powerOnBehavior", int),
            power_on_brightness=_field(payload, "powerOnBrightness", int),
            power_on_temperature=_field(
                payload, "powerOnTemperature", int, optional=True
            ),
            power_on_hue=_number(payload, "powerOnHue", optional=True),
            power_on_saturation=_number(payload, "powerOnSaturation", optional=True),
            switch_on_duration=_field(payload, "switchOnDurationMs", int),
            switch_off_duration=_field(payload, "switchOffDurationMs", int),
            color_change_duration=_field(payload, "colorChangeDurationMs", int),
            battery=None if battery is None else BatterySettings.from_json(battery),
        )

    def power_on_payload(
        self,
        *,
        behavior: int | None = None,
        brightness: int | None = None,
        temperature: int | None = None,
    ) -> dict[str, Any]:
        """Return the settings change for the power-on behaviour, the rest kept.

        The light takes the power-on block whole, with its fade durations.
        """
        payload: dict[str, Any] = {
            "powerOnBehavior": self.power_on_behavior if behavior is None else behavior,
            "powerOnBrightness": (
                self.power_on_brightness if brightness is None else brightness
            ),
            "switchOnDurationMs": self.switch_on_duration,
            "switchOffDurationMs": self.switch_off_duration,
            "colorChangeDurationMs": self.color_change_duration,
        }
        if temperature is not None:
            payload["powerOnTemperature"] = temperature
        elif self.power_on_hue is not None and not self.power_on_temperature:
            payload["powerOnHue"] = self.power_on_hue
            payload["powerOnSaturation"] = self.power_on_saturation
        else:
            payload["powerOnTemperature"] = self.power_on_temperature
        return payload


@dataclass(frozen=True, slots=True)
class BatteryInfo:
    """The battery of a Key Light Mini, from GET /elgato/battery-info."""

    power_source: int
    # Percent.
    level: float
    status: int
    # Millivolts and milliamperes.
    voltage: int
    input_charge_voltage: int
    input_charge_current: int

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer."""
        return cls(
            power_source=_field(payload, "powerSource", int),
            level=_number(payload, "level"),
            status=_field(payload, "status", int),
            voltage=_field(payload, "currentBatteryVoltage", int),
            input_charge_voltage=_field(payload, "inputChargeVoltage", int),
            input_charge_current=_field(payload, "inputChargeCurrent", int),
        )

    @property
    def charge_power(self) -> float:
        """Return the charging power in watts."""
        return round(self.input_charge_voltage * self.input_charge_current / 1e6, 2)


@dataclass(frozen=True, slots=True)
class DeviceData:
    """Everything one poll reads: the output, the settings, the identity, the battery."""

    state: LightState
    settings: Settings
    info: DeviceDetails
    battery: BatteryInfo | None

    @property
    def supports_color(self) -> bool:
        """Return whether the light does colour as well as white."""
        return (
            self.info.model in COLOR_PRODUCTS
            or bool(self.settings.power_on_hue)
            or self.state.hue is not None
        )

    @property
    def color_temperature_range(self) -> tuple[int, int]:
        """Return the colour temperatures the light reaches, in Kelvin."""
        # 344 to 143 mireds; a light that does colour reaches less far at either end.
        return (3500, 6500) if self.supports_color else (2900, 6993)

    def device_ids(self, details: DeviceDetails) -> set[str]:
        """Return the identifiers of the devices this data describes: the light."""
        return {details.serial_number}
