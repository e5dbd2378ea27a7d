"""Fakes shared by every test folder.

`FakeClock` is the one fake clock of the test suite: every test that hands a
``clock=`` to a `conveyor.Client`/`conveyor.AsyncClient` uses it.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

#: The ``real_sleep`` of clocks talking to a live server: a live server gets time
#: to notice, say, a dropped connection, while tests stay fast.
BRIEF_SLEEP = 0.25


class FakeClock:
    """A `conveyor.Clock` whose time passes only when something sleeps; records every sleep.

    `monotonic` reads the sum of the sleeps asked of it, so polling and
    backoff make the same requests however long they really take.
    ``real_sleep`` caps how long each sleep really blocks:

    - ``0`` (the default): never (unit tests, cassette replays);
    - `BRIEF_SLEEP` (a quarter of a second): live-server tests;
    - ``math.inf``: in full (recording cassettes: the sandbox needs the time
      to run orders).
    """

    def __init__(self, real_sleep: float = 0.0) -> None:
        self.real_sleep = real_sleep
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self._pass(seconds)
        if self.real_sleep > 0:
            time.sleep(min(seconds, self.real_sleep))

    async def asleep(self, seconds: float) -> None:
        self._pass(seconds)
        if self.real_sleep > 0:
            await asyncio.sleep(min(seconds, self.real_sleep))

    def _pass(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now}, real_sleep={self.real_sleep})"


if TYPE_CHECKING:
    from conveyor import Clock

    _IS_A_CLOCK: Clock = FakeClock()
