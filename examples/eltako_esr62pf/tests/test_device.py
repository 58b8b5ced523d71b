"""Tests for the Series 62-IP client, against the fake device over real HTTPS.

They test the endpoints in device.py and the device's 10-key cap; the transport under
them (login, retries, errors, the pinned certificate) is tested in
library/tests/test_api_client.py.
"""

from eltako62ip.api import InvalidResponseError, RequestRejectedError
from eltako62ip.device import DeviceClient
from eltako62ip.models import Characteristic, DeviceDetails
import pytest

from .conftest import ClientFactory
from .fake_device import (
    ESB62NP_IP,
    ESR62NP_IP,
    ESR62PF_IP,
    EUD62NPN_IP,
    FIRMWARE,
    MAX_API_KEYS,
    MODEL,
    PRODUCT_TYPE,
    PRODUCTS,
    RELAY_GUID,
    RELAY_NP_PRODUCT,
    SERIAL_NUMBER,
    TWO_INPUTS,
    FakeDevice,
    Product,
)

every_product = pytest.mark.parametrize("product", PRODUCTS, ids=str)


@every_product
async def test_test_connection_returns_identity(
    client: DeviceClient, device: FakeDevice, product: Product
) -> None:
    """GET /system answers with the device's identity: its product and model."""
    details = await client.async_test_connection()
    assert details == DeviceDetails(
        serial_number=SERIAL_NUMBER,
        model=product.model,
        firmware_version=FIRMWARE,
        manufacturer="Eltako",
        product_guid=product.product_guid,
    )
    assert device.requests[-1] == "GET /api/v0/system"


async def test_model_is_the_product_type_whatever_the_user_named_it(
    client: DeviceClient, device: FakeDevice
) -> None:
    """The user renames the product (PUT /system); the model stays its product type."""
    system = await client.async_request("GET", "/system")
    system["product"]["productName"] = "Kitchen relay"
    renamed = await client.async_request("PUT", "/system", payload=system)
    assert renamed["product"]["productName"] == "Kitchen relay"
    assert renamed["product"]["productType"] == PRODUCT_TYPE

    details = await client.async_test_connection()
    assert details.model == MODEL == "ESR62PF-IP"


async def test_the_device_renames_only_with_the_whole_structure(
    client: DeviceClient, device: FakeDevice
) -> None:
    """PUT /system needs every field of the product, as the API reference says."""
    with pytest.raises(RequestRejectedError):
        await client.async_request(
            "PUT", "/system", payload={"product": {"productName": "Kitchen relay"}}
        )
    assert device.system["product"]["productName"] == PRODUCT_TYPE


@pytest.mark.parametrize(
    ("product", "function", "infos", "inputs"),
    [
        pytest.param(product, function, infos, inputs, id=str(product))
        for product, function, infos, inputs in (
            (
                ESR62PF_IP,
                Characteristic("enumeration", "relay", "off"),
                {},
                {"input"},
            ),
            (
                ESR62NP_IP,
                Characteristic("enumeration", "relay", "off"),
                {"powerChannel1": 42.5},
                {"input"},
            ),
            (
                EUD62NPN_IP,
                Characteristic("number", "targetBrightness", 40),
                {"currentBrightness": 40, "lastBrightness": 40},
                {"input"},
            ),
            (
                ESB62NP_IP,
                Characteristic("number", "targetPosition", 30),
                {"currentPosition": 30, "maxRuntime": 120000, "power": 0},
                set(TWO_INPUTS),
            ),
        )
    ],
)
async def test_get_data_reads_every_device_at_once(
    client: DeviceClient,
    device: FakeDevice,
    product: Product,
    function: Characteristic,
    infos: dict[str, float],
    inputs: set[str],
) -> None:
    """One GET /devices returns the actuator and its wired input, with their values."""
    data = await client.async_get_data()
    assert list(data.devices) == [product.actuator_guid, product.input_guid]
    actuator = data.devices[product.actuator_guid]
    assert actuator.product_guid == product.product_guid
    assert actuator.functions == {function.identifier: function}
    assert {key: actuator.number(key, info=True) for key in actuator.infos} == infos
    wired_input = data.devices[product.input_guid]
    assert wired_input.name == "ELTAKO-WiredInput"
    assert wired_input.functions.keys() == inputs
    assert data.device_ids(await client.async_test_connection()) == set(data.devices)
    assert device.requests_to("/devices") == 1


@pytest.mark.parametrize(
    ("product", "units"),
    [
        pytest.param(product, units, id=str(product))
        for product, units in (
            (ESR62PF_IP, {}),
            (ESR62NP_IP, {"powerChannel1": "W"}),
            (
                EUD62NPN_IP,
                {
                    "targetBrightness": "%",
                    "currentBrightness": "%",
                    "lastBrightness": "%",
                },
            ),
            # Nothing states the unit of the shutter's power, so it has none.
            (ESB62NP_IP, {"targetPosition": "%", "currentPosition": "%"}),
        )
    ],
)
async def test_units_come_from_the_product_database_read_once(
    client: DeviceClient, device: FakeDevice, product: Product, units: dict[str, str]
) -> None:
    """Each device carries the units GET /products states for its product's values.

    The database is read with the first data only; later reads are one request each.
    """
    data = await client.async_get_data()
    assert data.devices[product.actuator_guid].units == units
    assert data.devices[product.input_guid].units == {}
    await client.async_get_data()
    assert device.requests_to("/products") == 1
    assert device.requests_to("/devices") == 2


@pytest.mark.parametrize("product", [ESR62NP_IP], ids=str)
async def test_a_product_the_database_does_not_describe_has_no_units(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device of a product missing from GET /products is read, without units."""
    device.products["products"] = [
        described
        for described in device.products["products"]
        if described["productGuid"] != RELAY_NP_PRODUCT
    ]
    relay = (await client.async_get_data()).devices[RELAY_GUID]
    assert relay.number("powerChannel1", info=True) == 42.5
    assert relay.units == {}


@pytest.mark.parametrize("product", [ESR62NP_IP], ids=str)
async def test_a_firmware_without_the_product_database_states_no_units(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A firmware that lacks GET /products (404) is read without units, asked once."""
    device.has_product_database = False
    relay = (await client.async_get_data()).devices[RELAY_GUID]
    assert relay.number("powerChannel1", info=True) == 42.5
    assert relay.units == {}
    await client.async_get_data()
    assert device.requests_to("/products") == 1


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"[]", "expected a JSON object, got list"),
        (b'{"schemaVersion": "0.0.1"}', "'products' is missing"),
        (b'{"products": [{"name": "ESR62NP-IP"}]}', "'productGuid' is missing"),
        (
            (
                b'{"products": [{"productGuid": "p", "features": [{"type": "f",'
                b' "characteristics": [{"identifier": "power", "unit": 1}]}]}]}'
            ),
            "'unit' is missing or has the wrong type",
        ),
    ],
)
async def test_malformed_products_are_invalid_response(
    client: DeviceClient, device: FakeDevice, body: bytes, match: str
) -> None:
    """A GET /products answer that is not the documented shape raises a typed error."""
    device.raw_bodies["/products"] = body
    with pytest.raises(InvalidResponseError, match=match):
        await client.async_get_data()
    assert device.requests_to("/devices") == 0


async def test_json_is_read_whatever_the_content_type(
    client: DeviceClient, device: FakeDevice
) -> None:
    """The device sends JSON labelled text/html; it is read as JSON all the same."""
    assert device.content_type == "text/html"
    assert len((await client.async_get_data()).devices) == len(device.devices) == 2


async def test_requests_declare_json(client: DeviceClient, device: FakeDevice) -> None:
    """Without Content-Type: application/json the device would answer with HTML."""
    await client.async_get_data()
    assert device.requests[-1] == "GET /api/v0/devices"


async def test_write_sends_the_whole_characteristic(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A write is a PUT of type, identifier and value, which the device accepts (202)."""
    relay = Characteristic("enumeration", "relay", "on")
    await client.async_set_function(RELAY_GUID, relay)
    assert device.requests[-1] == f"PUT /api/v0/devices/{RELAY_GUID}/functions/relay"
    assert device.function(RELAY_GUID, "relay") == "on"


async def test_write_to_an_unknown_function_is_rejected(
    client: DeviceClient,
) -> None:
    """A write the device refuses raises RequestRejectedError with its problem."""
    with pytest.raises(RequestRejectedError, match="no function 'nonsense'") as err:
        await client.async_set_function(
            RELAY_GUID, Characteristic("number", "nonsense", 1)
        )
    assert err.value.status == 404
    assert err.value.problem is not None


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<html>not json</html>", "not valid JSON"),
        (b"{}", "expected a JSON array, got dict"),
        (b"[1]", "expected a JSON object, got int"),
        (b'[{"deviceGuid": "x"}]', "'productGuid' is missing"),
        (
            (
                b'[{"deviceGuid": "x", "productGuid": "p", "displayName": "n",'
                b' "functions": [{"type": "number", "identifier": "t", "value": "50"}]}]'
            ),
            "the number characteristic has the value '50'",
        ),
        (
            (
                b'[{"deviceGuid": "x", "productGuid": "p", "displayName": "n",'
                b' "functions": [{"type": "enumeration", "identifier": "relay",'
                b' "value": true}]}]'
            ),
            "the enumeration characteristic has the value True",
        ),
    ],
)
async def test_malformed_devices_are_invalid_response(
    client: DeviceClient, device: FakeDevice, body: bytes, match: str
) -> None:
    """A GET /devices answer that is not the documented shape raises a typed error."""
    device.raw_bodies["/devices"] = body
    with pytest.raises(InvalidResponseError, match=match):
        await client.async_get_data()


async def test_system_without_version_or_manufacturer(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device that omits its software version and manufacturer still has an identity."""
    del device.system["infos"]
    del device.system["product"]["manufacturer"]
    details = await client.async_test_connection()
    assert details.firmware_version is None
    assert details.manufacturer == "Eltako"


async def test_a_product_type_that_names_no_model_gives_the_product_name(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A type that is a category, as the API's schema describes it, is no model."""
    device.system["product"]["productType"] = "actuator"
    device.system["product"]["productName"] = "ESR62NP-IP relay"
    details = await client.async_test_connection()
    assert details.model == "ESR62NP-IP relay"


async def test_malformed_system_is_invalid_response(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A GET /system answer without a serial number raises InvalidResponseError."""
    del device.system["product"]["serialNumber"]
    with pytest.raises(InvalidResponseError, match="'serialNumber'"):
        await client.async_test_connection()


async def test_an_eleventh_login_revokes_the_oldest_key(
    make_client: ClientFactory, device: FakeDevice
) -> None:
    """The device keeps 10 keys, so a client that logs in needlessly locks others out."""
    first = make_client()
    await first.async_get_data()
    for _ in range(MAX_API_KEYS):
        await make_client().async_get_data()
    assert device.logins == MAX_API_KEYS + 1
    # The first client's key is gone: it logs in once more and goes on.
    await first.async_get_data()
    assert device.logins == MAX_API_KEYS + 2
