"""InboxService: a user's terminal inbox, for that user only. Parse each request,
run one use case, map the result; the stream's waiting and polling live here.

Every other caller gets PERMISSION_DENIED, whether or not the user exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

import grpc
from google.protobuf.message import Message
from officer.v1 import inbox_service_pb2, inbox_service_pb2_grpc

from service.inbox import use_cases
from service.inbox.ports import ItemView, UnitOfWork
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument, PermissionDenied
from service.kernel.ports import RequestKey, Transactions
from service.kernel.pushes import cursor, message_id
from service.platform import idempotency, identity, names, paging, wire
from service.platform.wakeups import InboxSignal

R = TypeVar("R", bound=Message)
_SERVICE = "/officer.v1.InboxService/"
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
        create_time=wire.timestamp(view.create_time),
        acknowledge_comment=view.acknowledge_comment,
    )
    for field in ("acknowledge_due_time", "read_time", "acknowledge_time"):
        value = getattr(view, field)
        if value is not None:
            getattr(item, field).CopyFrom(wire.timestamp(value))
    return item


def _own_user(name: str, field: str) -> str:
    """The user of ``name`` when it is the caller; PERMISSION_DENIED otherwise."""
    user_id = names.parse(names.USER, name, field, "users/{user}")
    if user_id != identity.current_user_id():
        raise PermissionDenied.outside_scope(name)
    return user_id


def _own_item(name: str, field: str, user_id: str | None = None) -> tuple[str, str]:
    match = names.INBOX_ITEM.match(name)
    if match is None:
        raise InvalidArgument.field(field, "must look like users/{user}/inboxItems/{item}")
    owner, item_id = match.groups()
    if owner != identity.current_user_id() or (user_id is not None and owner != user_id):
        raise PermissionDenied.outside_scope(name)
    return owner, item_id


class InboxServicer(inbox_service_pb2_grpc.InboxServiceServicer):
    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        signal: InboxSignal,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._signal = signal
        self._clock = clock

    async def _mutation(
        self,
        request: Message,
        method: str,
        user_id: str,
        response_type: type[R],
        work: Callable[[UnitOfWork], R],
    ) -> R:
        request_id = idempotency.checked_request_id(getattr(request, "request_id", ""))
        key = RequestKey(user_id, f"{_SERVICE}{method}", request_id)
        return await self._transactions.write(
            idempotency.once(key, request, response_type, self._clock(), work)
        )

    async def ListInboxItems(
        self, request: inbox_service_pb2.ListInboxItemsRequest, context: grpc.aio.ServicerContext
    ) -> inbox_service_pb2.ListInboxItemsResponse:
        user_id = _own_user(request.parent, "parent")
        page = paging.Page.of(
            request,
            f"{user_id}|{request.unread_only}",
            default=DEFAULT_PAGE_SIZE,
            maximum=MAX_PAGE_SIZE,
        )
        if page.after and not page.after.isdigit():
            raise InvalidArgument.field("page_token", "is not a token this service issued")
        listing = await self._transactions.read(
            lambda uow: use_cases.list_items(
                uow,
                user_id=user_id,
                unread_only=request.unread_only,
                before_seq=int(page.after) if page.after else None,
                limit=page.fetch,
            )
        )
        shown, token = page.cut(listing.items, lambda view: str(view.seq))
        return inbox_service_pb2.ListInboxItemsResponse(
            inbox_items=[_item(view) for view in shown],
            unread_count=listing.unread_count,
            next_page_token=token,
        )

    async def StreamInboxItems(
        self,
        request: inbox_service_pb2.StreamInboxItemsRequest,
        context: grpc.aio.ServicerContext,
    ) -> AsyncIterator[inbox_service_pb2.StreamInboxItemsResponse]:
        user_id = _own_user(request.parent, "parent")
        after = await self._transactions.read(
            lambda uow: use_cases.resume_after(uow, user_id=user_id, cursor=request.resume_cursor)
        )
        # Subscribing before each read means an item committed during the read
        # still wakes the next one.
        with self._signal.subscription(user_id) as event:
            while True:
                event.clear()
                items = await self._transactions.read(
                    functools.partial(
                        use_cases.items_after, user_id=user_id, after_seq=after, limit=_STREAM_BATCH
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
        now = self._clock()
        return await self._mutation(
            request,
            "MarkInboxItemsRead",
            user_id,
            inbox_service_pb2.MarkInboxItemsReadResponse,
            lambda uow: inbox_service_pb2.MarkInboxItemsReadResponse(
                inbox_items=[
                    _item(view)
                    for view in use_cases.mark_read(
                        uow, user_id=user_id, item_ids=item_ids, names=request.names, now=now
                    )
                ]
            ),
        )

    async def MarkAllInboxItemsRead(
        self,
        request: inbox_service_pb2.MarkAllInboxItemsReadRequest,
        context: grpc.aio.ServicerContext,
    ) -> inbox_service_pb2.MarkAllInboxItemsReadResponse:
        user_id = _own_user(request.parent, "parent")
        now = self._clock()
        return await self._mutation(
            request,
            "MarkAllInboxItemsRead",
            user_id,
            inbox_service_pb2.MarkAllInboxItemsReadResponse,
            lambda uow: inbox_service_pb2.MarkAllInboxItemsReadResponse(
                marked_count=use_cases.mark_all_read(uow, user_id=user_id, now=now)
            ),
        )

    async def AcknowledgeInboxItem(
        self,
        request: inbox_service_pb2.AcknowledgeInboxItemRequest,
        context: grpc.aio.ServicerContext,
    ) -> inbox_service_pb2.AcknowledgeInboxItemResponse:
        user_id, item_id = _own_item(request.name, "name")
        if len(request.comment) > MAX_COMMENT_CHARS:
            raise InvalidArgument.field("comment", f"at most {MAX_COMMENT_CHARS} characters")
        now = self._clock()
        return await self._mutation(
            request,
            "AcknowledgeInboxItem",
            user_id,
            inbox_service_pb2.AcknowledgeInboxItemResponse,
            lambda uow: inbox_service_pb2.AcknowledgeInboxItemResponse(
                inbox_item=_item(
                    use_cases.acknowledge(
                        uow,
                        user_id=user_id,
                        item_id=item_id,
                        name=request.name,
                        comment=request.comment,
                        now=now,
                    )
                )
            ),
        )
