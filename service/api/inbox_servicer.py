"""InboxService: a user's terminal inbox, for that user only.

Every other caller gets PERMISSION_DENIED, whether or not the user exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import grpc
from officer.v1 import inbox_service_pb2, inbox_service_pb2_grpc

from service.api import auth, idempotency, paging
from service.api.inbox_signal import InboxSignal
from service.api.registry_servicers import StoreAccess, denied, timestamp
from service.app.pushes import cursor, message_id
from service.domain.errors import FailedPrecondition, InvalidArgument, NotFound
from service.store import inbox, notices
from service.store.inbox import ItemView

_USER = re.compile(r"^users/([A-Za-z0-9_.-]{1,64})$")
_ITEM = re.compile(r"^users/([A-Za-z0-9_.-]{1,64})/inboxItems/([0-9A-HJKMNP-TV-Z]{26})$")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_NAMES = 500
MAX_COMMENT_CHARS = 2000
_STREAM_BATCH = 200
# How often an idle stream looks for items this process was not told about
# (written by another replica).
STREAM_POLL_SECONDS = 2.0


def _item(view: ItemView) -> inbox_service_pb2.InboxItem:
    item = inbox_service_pb2.InboxItem(
        name=f"users/{view.user_id}/inboxItems/{view.item_id}",
        message_id=message_id(view.item_id),
        kind=f"INBOX_ITEM_KIND_{view.kind.upper()}",
        subject=view.subject,
        title=view.title,
        summary=view.summary,
        acknowledgement_required=view.acknowledgement_required,
        create_time=timestamp(view.create_time),
        acknowledge_comment=view.acknowledge_comment,
    )
    for field in ("acknowledge_due_time", "read_time", "acknowledge_time"):
        value = getattr(view, field)
        if value is not None:
            getattr(item, field).CopyFrom(timestamp(value))
    return item


def _own_user(name: str, field: str) -> str:
    """The user of ``name`` when it is the caller; PERMISSION_DENIED otherwise."""
    match = _USER.match(name)
    if match is None:
        raise InvalidArgument.field(field, "must look like users/{user}")
    if match.group(1) != auth.current_user_id():
        raise denied(name)
    return match.group(1)


def _own_item(name: str, field: str, user_id: str | None = None) -> tuple[str, str]:
    match = _ITEM.match(name)
    if match is None:
        raise InvalidArgument.field(field, "must look like users/{user}/inboxItems/{item}")
    owner, item_id = match.groups()
    if owner != auth.current_user_id() or (user_id is not None and owner != user_id):
        raise denied(name)
    return owner, item_id


class InboxServicer(inbox_service_pb2_grpc.InboxServiceServicer):
    def __init__(
        self,
        store: StoreAccess,
        signal: InboxSignal,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._store = store
        self._signal = signal
        self._clock = clock or (lambda: datetime.now(UTC))

    async def ListInboxItems(
        self, request: inbox_service_pb2.ListInboxItemsRequest, context: grpc.aio.ServicerContext
    ) -> inbox_service_pb2.ListInboxItemsResponse:
        user_id = _own_user(request.parent, "parent")
        size = paging.page_size(request.page_size, default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
        filter_key = f"{user_id}|{request.unread_only}"
        after = paging.decode_token(request.page_token, filter_key)
        if after and not after.isdigit():
            raise InvalidArgument.field("page_token", "is not a token this service issued")
        before = int(after) if after else None

        def read(connection: Any) -> tuple[list[ItemView], int]:
            items = inbox.newest_first(
                connection,
                user_id,
                unread_only=request.unread_only,
                before_seq=before,
                limit=size + 1,
            )
            return items, inbox.unread_count(connection, user_id)

        items, unread = await self._store.read(read)
        response = inbox_service_pb2.ListInboxItemsResponse(
            inbox_items=[_item(view) for view in items[:size]], unread_count=unread
        )
        if len(items) > size:
            response.next_page_token = paging.encode_token(str(items[size - 1].seq), filter_key)
        return response

    async def StreamInboxItems(
        self,
        request: inbox_service_pb2.StreamInboxItemsRequest,
        context: grpc.aio.ServicerContext,
    ) -> AsyncIterator[inbox_service_pb2.StreamInboxItemsResponse]:
        user_id = _own_user(request.parent, "parent")
        after = 0
        if request.resume_cursor:
            found = await self._store.read(
                lambda connection: inbox.get(connection, user_id, request.resume_cursor)
            )
            if found is None:
                raise InvalidArgument.field("resume_cursor", "is not a cursor of this inbox")
            after = found.seq
        # Items are appended in commit order (store/inbox.py), so "after the last
        # seq sent" never skips one; subscribing before each read means an item
        # committed during the read still wakes the next one.
        with self._signal.subscription(user_id) as event:
            while True:
                event.clear()
                items = await self._store.read(
                    functools.partial(
                        inbox.oldest_first_after,
                        user_id=user_id,
                        after_seq=after,
                        limit=_STREAM_BATCH,
                    )
                )
                for view in items:
                    yield inbox_service_pb2.StreamInboxItemsResponse(
                        inbox_item=_item(view), cursor=cursor(view.item_id)
                    )
                    after = view.seq
                if len(items) == _STREAM_BATCH:
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), timeout=STREAM_POLL_SECONDS)

    async def MarkInboxItemsRead(
        self,
        request: inbox_service_pb2.MarkInboxItemsReadRequest,
        context: grpc.aio.ServicerContext,
    ) -> inbox_service_pb2.MarkInboxItemsReadResponse:
        user_id = _own_user(request.parent, "parent")
        if not request.names:
            raise InvalidArgument.field("names", "name at least one item")
        if len(request.names) > MAX_NAMES:
            raise InvalidArgument.field("names", f"at most {MAX_NAMES}")
        item_ids = [
            _own_item(name, f"names[{index}]", user_id)[1]
            for index, name in enumerate(request.names)
        ]
        request_id = idempotency.checked_request_id(request.request_id)
        now = self._clock()
        key = idempotency.RequestKey(
            user_id, "/officer.v1.InboxService/MarkInboxItemsRead", request_id
        )

        def mark(connection: Any) -> inbox_service_pb2.MarkInboxItemsReadResponse:
            inbox.mark_read(connection, user_id, item_ids, now)
            views = []
            for item_id, name in zip(item_ids, request.names, strict=True):
                view = inbox.get(connection, user_id, item_id)
                if view is None:
                    raise NotFound(f"{name} does not exist")
                views.append(view)
            response = inbox_service_pb2.MarkInboxItemsReadResponse(
                inbox_items=[_item(view) for view in views]
            )
            return response

        return await self._store.write(
            idempotency.once(key, request, inbox_service_pb2.MarkInboxItemsReadResponse, now, mark)
        )

    async def MarkAllInboxItemsRead(
        self,
        request: inbox_service_pb2.MarkAllInboxItemsReadRequest,
        context: grpc.aio.ServicerContext,
    ) -> inbox_service_pb2.MarkAllInboxItemsReadResponse:
        user_id = _own_user(request.parent, "parent")
        request_id = idempotency.checked_request_id(request.request_id)
        now = self._clock()
        key = idempotency.RequestKey(
            user_id, "/officer.v1.InboxService/MarkAllInboxItemsRead", request_id
        )

        def mark(connection: Any) -> inbox_service_pb2.MarkAllInboxItemsReadResponse:
            response = inbox_service_pb2.MarkAllInboxItemsReadResponse(
                marked_count=inbox.mark_all_read(connection, user_id, now)
            )
            return response

        return await self._store.write(
            idempotency.once(
                key, request, inbox_service_pb2.MarkAllInboxItemsReadResponse, now, mark
            )
        )

    async def AcknowledgeInboxItem(
        self,
        request: inbox_service_pb2.AcknowledgeInboxItemRequest,
        context: grpc.aio.ServicerContext,
    ) -> inbox_service_pb2.AcknowledgeInboxItemResponse:
        user_id, item_id = _own_item(request.name, "name")
        if len(request.comment) > MAX_COMMENT_CHARS:
            raise InvalidArgument.field("comment", f"at most {MAX_COMMENT_CHARS} characters")
        request_id = idempotency.checked_request_id(request.request_id)
        now = self._clock()
        key = idempotency.RequestKey(
            user_id, "/officer.v1.InboxService/AcknowledgeInboxItem", request_id
        )

        def acknowledge(connection: Any) -> inbox_service_pb2.AcknowledgeInboxItemResponse:
            view = inbox.get(connection, user_id, item_id)
            if view is None:
                raise NotFound(f"{request.name} does not exist")
            # A reminder is acknowledged by acknowledging the notice it reminds of.
            target = view
            if view.notice_id is not None and view.kind != "notice":
                target = inbox.notice_item_of(connection, user_id, view.notice_id) or view
            if not target.acknowledgement_required:
                raise FailedPrecondition(
                    f"{request.name} asks for no acknowledgement", reason="NO_ACKNOWLEDGEMENT"
                )
            if target.notice_id is not None:
                notice = notices.get(connection, target.notice_id)
                if notice is not None and notice.state.value == "withdrawn":
                    raise FailedPrecondition(
                        f"notices/{target.notice_id} was withdrawn", reason="NOTICE_WITHDRAWN"
                    )
            inbox.acknowledge(connection, user_id, target.item_id, request.comment, now)
            if target.item_id != item_id:
                inbox.acknowledge(connection, user_id, item_id, request.comment, now)
            after = inbox.get(connection, user_id, item_id)
            assert after is not None
            response = inbox_service_pb2.AcknowledgeInboxItemResponse(inbox_item=_item(after))
            return response

        return await self._store.write(
            idempotency.once(
                key, request, inbox_service_pb2.AcknowledgeInboxItemResponse, now, acknowledge
            )
        )
