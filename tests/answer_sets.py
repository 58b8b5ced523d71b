"""Answer sets the template is rendered with in tests, beyond the defaults."""

from typing import Any

# Together the sets cover every choice of every question at least once: auth method,
# transport, platforms, iot_class, integration_type, web page (local sets have one,
# cloud ones not), options flow, discovery and service actions, the light's colour
# modes (brightness only; colour temperature alone and with HS; RGB alone; the others
# are rendered by scripts/bump-ha for the template's snapshots); also a platform with
# no state (button alone) and the extremes of the length limits. The defaults are an
# API key sent as a Bearer token over HTTP.
# Push covers every pair of channel kind, auth method and transport (each auth method
# with each transport once, each kind with every auth method and every transport):
#   Server-Sent Events: token/https, basic/pinned, API key/https, none/http,
#     basic/http, API key/pinned;
#   WebSocket: token/pinned, basic/https, API key/http, none/pinned, token/http,
#     none/https;
# and partial events with each kind (none/http for SSE, the basic/https hub for
# WebSocket).
# Every platform the template offers, in the order of its choices in copier.yml.
ALL_PLATFORMS = [
    "sensor",
    "binary_sensor",
    "switch",
    "light",
    "cover",
    "button",
    "number",
    "select",
]

ANSWER_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "hub-cloud-longest-names": {
        "integration_name": "Acme Industrial Climate Controller Gateway For Large Halls",
        "project_domain": "acme_industrial_climate_gateway1",
        "codeowner": "@acme-corp/iot-team",
        "repository_url": "https://gitlab.example.com:8443/acme/ha-climate",
        "integration_type": "hub",
        "iot_class": "cloud_push",
        "default_port": 65535,
        "scan_interval": 3600,
        "version": "10.20.30",
        "auth_method": "token",
        "token_login_path": "/v2/session/create",
        "token_username_field": "login_name_with_a_long_field_nm",
        "token_password_field": "secret",
        "token_response_field": "session_token_field_that_is_long",
        "token_header": "X-Session-Token",
        "token_scheme": "Session",
        "token_lifetime": 3600,
        "transport": "https",
        "options_flow": True,
        "min_scan_interval": 60,
        "services": True,
        "platforms": list(ALL_PLATFORMS),
        "light_color_modes": ["brightness", "color_temp", "hs"],
    },
    "service-cloud-short-names": {
        "integration_name": "Qb",
        "project_domain": "qb",
        "codeowner": "@q",
        "integration_type": "service",
        "iot_class": "cloud_polling",
        "default_port": 1,
        "scan_interval": 5,
        "auth_method": "none",
        "options_flow": False,
        "zeroconf_type": "_qb._tcp.local.",
        "zeroconf_name": "qb-*",
        "zeroconf_serial": "hostname:qb-",
        "platforms": ["button"],
        "services": True,
    },
    "device-local-non-ascii-name": {
        "integration_name": "Wärmepumpe Küche (Zweigstelle Süd)",
        "codeowner": "@juergen-k",
        "documentation_url": "https://docs.example.org/waermepumpe#setup",
        "issue_tracker_url": "https://bugs.example.org/waermepumpe",
        "iot_class": "local_push",
        "default_port": 8080,
        "version": "1.0.0",
        "auth_method": "basic",
        "password_label": "Gerätepasswort",
        "transport": "https_pinned",
        "zeroconf_type": "_waermepumpe._tcp.local.",
        "zeroconf_properties": "md=wp-??*,vendor=acme",
        "platforms": ["binary_sensor", "light", "number"],
        # A colour mode alone: brightness comes with it.
        "light_color_modes": ["rgb"],
    },
    "pinned-token-fixed-user-raw-key": {
        "integration_name": "Pinned Relay",
        "api_base_path": "/api/v0",
        "default_port": 443,
        "auth_method": "token",
        "fixed_username": "admin",
        "password_label": "PoP code",
        "token_response_field": "apiKey",
        "token_scheme": "",
        "transport": "https_pinned",
        "options_flow": True,
        "min_scan_interval": 10,
        "iot_class": "local_push",
        "push_transport": "websocket",
        "platforms": ["sensor", "switch", "light", "cover"],
    },
    "raw-api-key-header-https": {
        "iot_class": "local_push",
        "auth_method": "api_key",
        "api_key_header": "X-Api-Key",
        "api_key_label": "Access code",
        "transport": "https",
        "integration_type": "hub",
        "platforms": ["switch", "cover", "select"],
    },
    "sse-none-http": {
        "integration_name": "Open Meter",
        "iot_class": "local_push",
        "auth_method": "none",
        "event_path": "/v2/state/stream",
        "event_payload": "partial",
        "event_idle_timeout": 10,
        "platforms": ["light"],
        "light_color_modes": ["brightness"],
    },
    "websocket-basic-cloud-hub": {
        "integration_name": "Cloud Hub",
        "integration_type": "hub",
        "iot_class": "cloud_push",
        "push_transport": "websocket",
        "auth_method": "basic",
        "transport": "https",
        "event_payload": "partial",
        "event_idle_timeout": 3600,
        "platforms": ["binary_sensor", "select"],
    },
    "websocket-api-key-http": {
        "integration_name": "Socket Dimmer",
        "iot_class": "local_push",
        "push_transport": "websocket",
        "auth_method": "api_key",
        "api_key_header": "X-Api-Key",
        "api_key_scheme": "",
        "event_path": "/ws",
        "platforms": ["number"],
    },
    "websocket-none-pinned": {
        "integration_name": "Open Socket",
        "iot_class": "local_push",
        "push_transport": "websocket",
        "auth_method": "none",
        "transport": "https_pinned",
        "platforms": ["sensor", "cover"],
    },
    "websocket-token-http": {
        "integration_name": "Token Socket",
        "iot_class": "local_push",
        "push_transport": "websocket",
        "auth_method": "token",
        "token_lifetime": 600,
        "platforms": ["switch"],
    },
    "websocket-none-https-cloud": {
        "integration_name": "Public Feed",
        "integration_type": "service",
        "iot_class": "cloud_push",
        "push_transport": "websocket",
        "auth_method": "none",
        "platforms": ["sensor"],
    },
    "sse-basic-http": {
        "integration_name": "Basic Stream",
        "iot_class": "local_push",
        "auth_method": "basic",
        "platforms": ["binary_sensor"],
    },
    "sse-api-key-pinned": {
        "integration_name": "Keyed Stream",
        "iot_class": "local_push",
        "auth_method": "api_key",
        "transport": "https_pinned",
        "platforms": ["select"],
    },
    # Discovery by what devices announce. An Elgato Key Light: _elg._tcp with its MAC
    # address in TXT id and no serial number, so the flow asks the device (it needs no
    # credentials, so before the user confirms), and DHCP follows it.
    "discovery-device-identity-none": {
        "integration_name": "Key Light",
        "default_port": 9123,
        "auth_method": "none",
        "zeroconf_type": "_elg._tcp.local.",
        "zeroconf_serial": "device",
        "zeroconf_mac": "txt:id",
        "dhcp": True,
        "platforms": ["light"],
    },
    # A hub that needs credentials and a confirmed certificate before it is asked who it
    # is: announced over zeroconf (with its MAC) and as a HomeKit accessory.
    "discovery-device-identity-pinned-hub": {
        "integration_name": "Secure Hub",
        "integration_type": "hub",
        "auth_method": "basic",
        "transport": "https_pinned",
        "zeroconf_type": "_securehub._tcp.local.",
        "zeroconf_name": "securehub-*",
        "zeroconf_serial": "device",
        "zeroconf_mac": "txt:mac",
        "dhcp": True,
        "homekit_models": "SH-100,SH-2??*",
        "platforms": ["sensor", "switch"],
    },
    # Only a HomeKit accessory announcement, the serial number in its host name.
    "discovery-homekit-hostname": {
        "integration_name": "Acme Plug",
        "default_port": 8443,
        "transport": "https",
        "homekit_models": "Acme Plug*",
        "zeroconf_serial": "hostname:acme-plug-",
        "platforms": ["switch"],
    },
}
