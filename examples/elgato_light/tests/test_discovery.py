"""Discovery of Elgato lights as they really announce themselves.

A light announces _elg._tcp.local. with its MAC address as the TXT property id and no
serial number (tests/fixtures.py); its serial number, the entry's identity, comes from
GET /elgato/accessory-info, asked once before the user confirms. The template's flow
tests cover the rest (a light that moved, DHCP, ignoring); these, what differs between
Elgato's models.
"""

from custom_components.elgato_light.const import DOMAIN
from homeassistant.config_entries import SOURCE_ZEROCONF
from homeassistant.const import CONF_MAC
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr

from .fake_device import MODELS, FakeDevice
from .fixtures import MAC_ADDRESS, zeroconf_announcement


async def _discover(hass: HomeAssistant, device: FakeDevice) -> dr.DeviceEntry:
    """Add the light from its announcement; return its device entry."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=zeroconf_announcement(device.host, device.port),
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    await hass.async_block_till_done()
    assert entry.unique_id == device.serial_number
    (device_entry,) = dr.async_entries_for_config_entry(
        dr.async_get(hass), entry.entry_id
    )
    return device_entry


async def test_announced_key_light_is_added_under_the_serial_it_reports(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """The announcement names no serial number: the light's own answer does."""
    device.use_model("key_light")
    device.info["macAddress"] = MAC_ADDRESS
    device_entry = await _discover(hass, device)
    assert device.requests[0] == "GET /elgato/accessory-info"
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    # Kept for DHCP, which finds the light by it when its address changes.
    assert entry.data[CONF_MAC] == dr.format_mac(MAC_ADDRESS)
    assert device_entry.serial_number == MODELS["key_light"]["info"]["serialNumber"]
    assert device_entry.connections == {
        (dr.CONNECTION_NETWORK_MAC, dr.format_mac(MAC_ADDRESS))
    }


async def test_light_that_reports_no_mac_is_connected_by_the_announced_one(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """The Key Light Air reports no MAC address; its announcement does."""
    device.use_model("key_light_air")
    assert "macAddress" not in device.info
    device_entry = await _discover(hass, device)
    assert device_entry.connections == {
        (dr.CONNECTION_NETWORK_MAC, dr.format_mac(MAC_ADDRESS))
    }
