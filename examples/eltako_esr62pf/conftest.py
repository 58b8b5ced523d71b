"""The plugin every test of the project uses, whatever pytest is asked to collect.

The client's fixtures (tests/client_fixtures.py, which need no Home Assistant) serve
the integration's tests and the client package's own (library/tests/). pytest takes
pytest_plugins only from a conftest.py it loads at startup, as it always loads this
one at the project's root; tests/conftest.py adds the Home Assistant ones.
"""

pytest_plugins = ["tests.client_fixtures"]
