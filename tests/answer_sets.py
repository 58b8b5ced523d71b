"""Answer sets the template is rendered with in tests, beyond the defaults."""

from typing import Any

# Together the sets cover every choice of every question at least once: auth method,
# transport, platforms, iot_class (push with Server-Sent Events across token, basic and
# API key, https and pinned; websocket is refused), integration_type, web page (local sets have one, cloud ones
# not), options flow, discovery and service actions; also a platform with no state
# (button alone) and the extremes of the length limits. The defaults are an API key
# sent as a Bearer token over HTTP.
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
        "min_scan_interval": 60,
        "services": True,
        "platforms": list(ALL_PLATFORMS),
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
        "min_scan_interval": 10,
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
}
