"""How the device's pushed events change its state.

This file is yours. The template renders it once and `copier update` never touches it
again. The coordinator hands apply_event() every event of the channel.
"""

from typing import Any

from .api import DeviceEvent


def apply_event(state: Any, event: DeviceEvent) -> Any:
    """Return the state after the event, as JSON that DeviceData.from_json reads.

    state is the last state as the device sent it (None before the first). Return None for an event that does not change the state (a
    greeting, a ping); raise ValueError, TypeError or KeyError for a malformed one,
    which ends the channel. An envelope such as {"type": "state", "data": {...}}
    is unwrapped here.
    """
    # The device wraps its state: {"type": "state", "data": {...}}, and greets a new
    # client with {"type": "hello"}.
    if event.data["type"] != "state":
        return None
    return event.data["data"]
