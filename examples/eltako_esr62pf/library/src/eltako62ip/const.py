"""Constants of the Eltako Series 62-IP client: its API and the transport's bounds."""

from typing import Final

# Every API path starts with this prefix.
API_BASE_PATH: Final = "/api/v0"
# Seconds the device gets to answer one request before it counts as unreachable: three
# tries of a failed poll stay well inside the polling interval. The default of
# ApiClient.REQUEST_TIMEOUT, which DeviceClient (device.py) may override.
DEFAULT_TIMEOUT: Final = 10
# Transient failures (connection errors, timeouts, 429, 5xx) of idempotent requests are
# tried this often in all, waiting RETRY_BASE_DELAY * 2**n seconds (with jitter) between
# tries and never longer than RETRY_MAX_DELAY, so one call ends in bounded time. The
# defaults of ApiClient's class attributes of the same names.
RETRY_ATTEMPTS: Final = 3
RETRY_BASE_DELAY: Final = 0.5
RETRY_MAX_DELAY: Final = 10.0
# The most of an answer the client reads, after decompression. A device's JSON is a few
# kilobytes; anything beyond this is refused before it can fill Home Assistant's memory.
MAX_BODY_BYTES: Final = 4 * 1024 * 1024
# The longest a device's Retry-After (on a poll) postpones the next
# try, in seconds: a device that asks for days, or a date in the year 9999, is asked
# again after 15 minutes. An unreadable Retry-After is ignored.
MAX_RETRY_AFTER: Final = 15 * 60.0
# Text from the device (a problem document's title and detail) is
# cut to this many characters where it is kept or logged, and the message of an error
# of the client, which may quote it, to MAX_ERROR_TEXT.
MAX_DEVICE_TEXT: Final = 200
MAX_ERROR_TEXT: Final = 500

TOKEN_LOGIN_PATH: Final = "/login"
TOKEN_USERNAME_FIELD: Final = "user"
TOKEN_PASSWORD_FIELD: Final = "password"
TOKEN_RESPONSE_FIELD: Final = "apiKey"
TOKEN_HEADER: Final = "Authorization"
