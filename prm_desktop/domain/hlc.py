"""Hybrid logical clock: sortable, fixed-width stamps (time, counter, device)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

STAMP_WIDTH = 13 + 1 + 5 + 1 + 16


def format_stamp(millis: int, counter: int, device: str) -> str:
    """Render a stamp as fixed-width text that sorts like the clock.

    Args:
        millis: Milliseconds since the Unix epoch.
        counter: Logical counter within the millisecond (0–99999).
        device: 16-character device id.
    """
    return f"{millis:013d}-{counter:05d}-{device}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    """Split a stamp back into (millis, counter, device)."""
    millis, counter, device = stamp.split("-", 2)
    return int(millis), int(counter), device


class HybridClock:
    """A hybrid logical clock for one device.

    Stamps never go backwards even when the wall clock does, and `observe` folds in stamps from
    other devices so that causally later changes always sort later.
    """

    MAX_COUNTER = 99_999

    def __init__(self, device: str, wall: Callable[[], float] = time.time) -> None:
        if len(device) != 16:
            raise ValueError("device id must have 16 characters")
        self.device = device
        self._wall = wall
        self._millis = 0
        self._counter = 0
        self._lock = threading.Lock()

    def _advance(self, now: int) -> None:
        if now > self._millis:
            self._millis, self._counter = now, 0
        else:
            self._counter += 1
            if self._counter > self.MAX_COUNTER:
                self._millis, self._counter = self._millis + 1, 0

    def tick(self) -> str:
        """Return a new stamp, later than every stamp this clock gave or observed."""
        with self._lock:
            self._advance(int(self._wall() * 1000))
            return format_stamp(self._millis, self._counter, self.device)

    def tick_many(self, count: int) -> list[str]:
        """Return ``count`` increasing stamps in one go (bulk writes)."""
        with self._lock:
            stamps = []
            now = int(self._wall() * 1000)
            for _ in range(count):
                self._advance(now)
                stamps.append(format_stamp(self._millis, self._counter, self.device))
            return stamps

    def observe(self, stamp: str) -> None:
        """Fold in a stamp received from elsewhere (sync pull)."""
        millis, counter, _device = parse_stamp(stamp)
        with self._lock:
            if (millis, counter) > (self._millis, self._counter):
                self._millis, self._counter = millis, counter
