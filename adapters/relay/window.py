"""Published rows awaiting the broker's confirm, by delivery tag."""

from __future__ import annotations

from collections import OrderedDict

from service.platform.store import outbox


class ConfirmWindow:
    """Published rows awaiting the broker's confirm, by delivery tag. A confirm
    channel numbers publishes 1, 2, 3...; a ``multiple`` confirm settles every
    tag up to its own."""

    def __init__(self) -> None:
        self._rows: OrderedDict[int, outbox.Pending] = OrderedDict()
        self._last_tag = 0

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, row: outbox.Pending) -> None:
        self._last_tag += 1
        self._rows[self._last_tag] = row

    def settle(self, tag: int, *, multiple: bool) -> list[outbox.Pending]:
        if not multiple:
            row = self._rows.pop(tag, None)
            return [] if row is None else [row]
        settled = []
        last = tag or self._last_tag  # multiple with tag 0: everything outstanding
        # Tags were added in increasing order, so the oldest come first.
        while self._rows and next(iter(self._rows)) <= last:
            settled.append(self._rows.popitem(last=False)[1])
        return settled
