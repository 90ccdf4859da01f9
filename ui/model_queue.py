"""Whose turn it is with the model. The model writes one answer at a time (``slots`` at once for a server
that can do more); everyone else waits in order and is told their place. Retrieval never waits here, so
every user's sources appear at once. Past ``capacity`` waiting users, a new question is not queued: it is
answered with quotes at once, with a note saying why (instead of a "queue full" error).

A waiting user asks for their place every half second; one who has not asked for ``stale_after_s`` (the tab
was closed) loses their place, so a vanished user never blocks the line."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Ticket:
    number: int


class ModelQueue:
    def __init__(self, slots: int, capacity: int, stale_after_s: float = 10.0) -> None:
        self.slots = slots
        self.capacity = capacity
        self.stale_after_s = stale_after_s
        self._order: list[Ticket] = []
        self._seen: dict[Ticket, float] = {}
        self._numbers = itertools.count()
        self._lock = threading.Lock()

    def _drop_stale(self) -> None:
        now = time.monotonic()
        for ticket in self._order[self.slots:]:
            if now - self._seen.get(ticket, now) > self.stale_after_s:
                self._order.remove(ticket)
                self._seen.pop(ticket, None)

    def join(self) -> Ticket | None:
        """A place in line, or None when more than ``capacity`` are already waiting."""
        with self._lock:
            self._drop_stale()
            if len(self._order) - self.slots >= self.capacity:
                return None
            ticket = Ticket(next(self._numbers))
            self._order.append(ticket)
            self._seen[ticket] = time.monotonic()
            return ticket

    def place(self, ticket: Ticket) -> tuple[int, int]:
        """(place among those waiting, 1-based; how many wait). Place 0 means: it is this ticket's turn.
        A ticket that lost its place (stale) is put back at the end."""
        with self._lock:
            self._seen[ticket] = time.monotonic()
            self._drop_stale()
            if ticket not in self._order:
                self._order.append(ticket)
            index = self._order.index(ticket)
            waiting = max(len(self._order) - self.slots, 0)
            return (0 if index < self.slots else index - self.slots + 1), waiting

    def leave(self, ticket: Ticket) -> None:
        with self._lock:
            if ticket in self._order:
                self._order.remove(ticket)
            self._seen.pop(ticket, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._order)
