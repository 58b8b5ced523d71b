"""Constants for the Eltako Series 62-IP integration."""

from datetime import timedelta
import logging
from typing import Final

# Home Assistant's key for the token. Before 0.19.0 the integration defined its own
# here, and code may still import it from here.
from homeassistant.const import CONF_TOKEN as CONF_TOKEN  # noqa: PLC0414

DOMAIN: Final = "eltako_62ip"
LOGGER = logging.getLogger(__package__)

DEFAULT_PORT: Final = 443
DEFAULT_SCAN_INTERVAL: Final = timedelta(seconds=30)

CONF_TOKEN_ISSUED_AT: Final = "token_issued_at"
# The device has a single user; users are only asked for the password.
FIXED_USERNAME: Final = "admin"

# SHA-256 fingerprint of the device's certificate, pinned when the entry was created.
CONF_FINGERPRINT: Final = "certificate_fingerprint"

# A device the data stops describing is removed (with its entities) only once it has
# been missing from STALE_DEVICE_READS full reads in a row, over STALE_DEVICE_AFTER at
# least: one answer without it (a flaky hub, a partial list) proves nothing. Users can
# remove a device the data no longer describes by hand at any time.
STALE_DEVICE_READS: Final = 3
STALE_DEVICE_AFTER: Final = timedelta(minutes=15)
