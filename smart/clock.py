"""Today's date, from one setting: ``$SMART_TODAY`` (an ISO date) pins it, else it is the machine's date.

Every "today" of the app, the CLI and the package comes from here, so a review can be replayed as of a given day
and the tests can run as if on any date (CI runs the date-sensitive ones on days that break naive date code:
in September, on 29 February, on 31 December and on 1 January). Timestamps that record when something happened
(an import's start, a note's time) stay on the real clock.
"""

from __future__ import annotations

import datetime as dt
import os

TODAY_ENV_VAR = "SMART_TODAY"


class ClockSettingError(ValueError):
    """``$SMART_TODAY`` is set but is not an ISO date."""


def today() -> dt.date:
    """The pinned day when ``$SMART_TODAY`` is set, else the machine's date."""
    pinned = os.environ.get(TODAY_ENV_VAR, "").strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise ClockSettingError(
            f"{TODAY_ENV_VAR}={pinned!r} is not a date: set it to an ISO date (YYYY-MM-DD) or unset it"
        ) from None
