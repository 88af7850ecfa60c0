"""Bounded buffers between a device's thread and the code that uses its samples.

The reader thread pushes every sample; the analyser, the recorder and the GUI each
drain their own :class:`Ring` at their own pace (the GUI on a display timer, the
recorder every few hundred milliseconds), as Friture decouples acquisition from drawing.
A ring never blocks the producer and never grows: when a consumer falls behind, the
oldest items are overwritten and counted, so a stalled display can cost old samples on
the screen but can never stall acquisition or exhaust memory.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from typing import Generic, TypeVar

__all__ = ["Broadcast", "Ring"]

T = TypeVar("T")


class Ring(Generic[T]):
    """A thread-safe FIFO of at most ``capacity`` items that drops its oldest when full.

    ``dropped`` counts the items overwritten before anyone drained them.
    """

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"a ring holds at least 1 item, not {capacity}")
        self.capacity = capacity
        self._items: deque[T] = deque(maxlen=capacity)
        self._dropped = 0
        self._ready = threading.Condition(threading.Lock())

    def push(self, item: T) -> None:
        with self._ready:
            if len(self._items) == self.capacity:
                self._dropped += 1
            self._items.append(item)
            self._ready.notify_all()

    def extend(self, items: Iterable[T]) -> None:
        """Push several items at once (one lock, one wake-up)."""
        with self._ready:
            for item in items:
                if len(self._items) == self.capacity:
                    self._dropped += 1
                self._items.append(item)
            self._ready.notify_all()

    def drain(self, max_n: int | None = None) -> list[T]:
        """Take up to ``max_n`` of the oldest items (all of them when None)."""
        with self._ready:
            if max_n is None or max_n >= len(self._items):
                out = list(self._items)
                self._items.clear()
                return out
            return [self._items.popleft() for _ in range(max(0, max_n))]

    def wait(self, timeout: float) -> bool:
        """Block until the ring holds something or ``timeout`` seconds pass (for a
        consumer thread; never call it on a GUI thread). Returns whether items wait."""
        with self._ready:
            return self._ready.wait_for(lambda: len(self._items) > 0, timeout)

    @property
    def dropped(self) -> int:
        with self._ready:
            return self._dropped

    def __len__(self) -> int:
        with self._ready:
            return len(self._items)


class Broadcast(Generic[T]):
    """Fans every item out to each subscriber's own :class:`Ring`."""

    def __init__(self) -> None:
        self._rings: tuple[Ring[T], ...] = ()
        self._lock = threading.Lock()

    def subscribe(self, capacity: int = 65536) -> Ring[T]:
        """A new ring that receives every item published from now on."""
        ring: Ring[T] = Ring(capacity)
        with self._lock:
            self._rings = (*self._rings, ring)
        return ring

    def unsubscribe(self, ring: Ring[T]) -> None:
        with self._lock:
            self._rings = tuple(r for r in self._rings if r is not ring)

    def publish(self, item: T) -> None:
        for ring in self._rings:  # a tuple swapped whole: no lock needed to read it
            ring.push(item)

    def publish_many(self, items: list[T]) -> None:
        if not items:
            return
        for ring in self._rings:
            ring.extend(items)

    @property
    def subscribers(self) -> int:
        return len(self._rings)
