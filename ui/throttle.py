"""Forms from anyone, counted per sending address: a flood from one phone or script is refused (429) while one
person sending a few goes through. A public form's module keeps one, which tests reset (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections import deque


class SendsPerAddress:
    """At most `most` sends from one address in any `window`; the oldest leave the count as they age out."""

    def __init__(self, most: int, window: dt.timedelta) -> None:
        self.most = most
        self.window = window
        self.sent: dict[str, deque[dt.datetime]] = {}

    def allow(self, address: str, now: dt.datetime) -> bool:
        """Count this send and say whether it may go on; a refused send is not counted."""
        times = self.sent.setdefault(address, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) >= self.most:
            return False
        times.append(now)
        return True
