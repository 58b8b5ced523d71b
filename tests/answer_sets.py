"""Answer sets the template is rendered with in tests, beyond the defaults."""

from typing import Any

# Each set changes every answer the defaults leave alone, and together they cover every
# choice of iot_class and integration_type and the extremes of the length limits.
ANSWER_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "hub-cloud-longest-names": {
        "integration_name": "Acme Industrial Climate Controller Gateway For Large Halls",
        "project_domain": "acme_industrial_climate_gateway1",
        "codeowner": "@acme-corp/iot-team",
        "repository_url": "https://gitlab.example.com:8443/acme/ha-climate",
        "integration_type": "hub",
        "iot_class": "cloud_polling",
        "default_port": 65535,
        "scan_interval": 3600,
        "version": "10.20.30",
    },
    "service-push-short-names": {
        "integration_name": "Qb",
        "project_domain": "qb",
        "codeowner": "@q",
        "integration_type": "service",
        "iot_class": "cloud_push",
        "default_port": 1,
        "scan_interval": 5,
    },
    "device-local-push-non-ascii-name": {
        "integration_name": "Wärmepumpe Küche (Zweigstelle Süd)",
        "codeowner": "@juergen-k",
        "documentation_url": "https://docs.example.org/waermepumpe#setup",
        "issue_tracker_url": "https://bugs.example.org/waermepumpe",
        "iot_class": "local_push",
        "default_port": 8080,
        "version": "1.0.0",
    },
}
