"""Fixtures for the tests of eltako62ip, the client package.

They are the client's fixtures that the integration's tests use too
(tests/client_fixtures.py): the fake device, and clients of it. Neither imports
anything from Home Assistant.
"""

pytest_plugins = ["tests.client_fixtures"]
