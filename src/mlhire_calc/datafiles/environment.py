"""On/off switches read from the environment (MLHIRE_DEBUG, MLHIRE_NO_CACHE), read one way.

`MLHIRE_DEBUG=0` means off, as it reads; a value that is neither on nor off is an
error rather than a guess.
"""

from __future__ import annotations

import os

from mlhire_calc.domain.errors import UsageError

ON = ("1", "true", "yes", "on")
OFF = ("", "0", "false", "no", "off")


def is_on(name: str) -> bool:
    """Whether the switch `name` is on: 1/true/yes/on, or off: unset, empty, 0/false/no/off."""
    value = os.environ.get(name, "").strip().lower()
    if value in ON:
        return True
    if value in OFF:
        return False
    raise UsageError(f"{os.environ[name]!r} is not one of {', '.join(ON + OFF[1:])}", subject=name)
