"""A user's terminal inbox: every push is an item here first (DESIGN.md §4).

Only its user reads or changes an inbox; the API answers anyone else with
PERMISSION_DENIED, whether or not the user exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from service.inbox.ports import ItemView, UnitOfWork
from service.kernel.errors import FailedPrecondition, InvalidArgument, NotFound


@dataclass(frozen=True)
class Listing:
    items: list[ItemView]
    unread_count: int


def list_items(
    uow: UnitOfWork, *, user_id: str, unread_only: bool, before_seq: int | None, limit: int
) -> Listing:
    """Newest first, with how many are unread in all."""
    items = uow.inbox.newest_first(
        user_id, unread_only=unread_only, before_seq=before_seq, limit=limit
    )
    return Listing(items, uow.inbox.unread_count(user_id))


def resume_after(uow: UnitOfWork, *, user_id: str, cursor: str) -> int:
    """Where a stream resumes: after the item the cursor names."""
    if not cursor:
        return 0
    found = uow.inbox.get(user_id, cursor)
    if found is None:
        raise InvalidArgument.field("resume_cursor", "is not a cursor of this inbox")
    return found.seq


def items_after(uow: UnitOfWork, *, user_id: str, after_seq: int, limit: int) -> list[ItemView]:
    """The next items of a stream, oldest first: seq order is commit order, so
    "after the last seq sent" never skips one."""
    return uow.inbox.oldest_first_after(user_id, after_seq, limit)


def mark_read(
    uow: UnitOfWork, *, user_id: str, item_ids: Sequence[str], names: Sequence[str], now: datetime
) -> list[ItemView]:
    uow.inbox.mark_read(user_id, item_ids, now)
    views = []
    for item_id, name in zip(item_ids, names, strict=True):
        view = uow.inbox.get(user_id, item_id)
        if view is None:
            raise NotFound(f"{name} does not exist")
        views.append(view)
    return views


def mark_all_read(uow: UnitOfWork, *, user_id: str, now: datetime) -> int:
    return uow.inbox.mark_all_read(user_id, now)


def acknowledge(
    uow: UnitOfWork, *, user_id: str, item_id: str, name: str, comment: str, now: datetime
) -> ItemView:
    """Acknowledges an item that asks for it (and so reads it). A reminder is
    acknowledged by acknowledging the notice it reminds of; the first
    acknowledgement is kept."""
    view = uow.inbox.get(user_id, item_id)
    if view is None:
        raise NotFound(f"{name} does not exist")
    target = view
    if view.notice_id is not None and view.kind != "notice":
        target = uow.inbox.notice_item_of(user_id, view.notice_id) or view
    if not target.acknowledgement_required:
        raise FailedPrecondition(f"{name} asks for no acknowledgement", reason="NO_ACKNOWLEDGEMENT")
    if target.notice_id is not None and target.hidden:
        raise FailedPrecondition(
            f"notices/{target.notice_id} was withdrawn", reason="NOTICE_WITHDRAWN"
        )
    uow.inbox.acknowledge(user_id, target.item_id, comment, now)
    if target.item_id != item_id:
        uow.inbox.acknowledge(user_id, item_id, comment, now)
    after = uow.inbox.get(user_id, item_id)
    assert after is not None
    return after
