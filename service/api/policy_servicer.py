"""PolicyService: policy and regulation push (政策法规推送).

Publishing needs ``policy.publish`` over every targeted node and recipient;
reading a notice needs it to be anchored in the caller's ``registry.read``
reach, or to have been published by or to the caller. Statistics need
``policy.publish`` or ``activity.read``, and count only the recipients inside
where the caller holds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import grpc
from google.protobuf import timestamp_pb2
from google.protobuf.message import Message
from officer.v1 import common_pb2, policy_service_pb2, policy_service_pb2_grpc

from service.api import idempotency, paging
from service.api.inbox_signal import InboxSignal
from service.api.registry_servicers import (
    GRID_NAME,
    SCOPE_NODE_NAME,
    StoreAccess,
    caller_of,
    denied,
    parse_name,
    timestamp,
)
from service.app import notices as use_cases
from service.app.ports import UnitOfWork
from service.domain.access import Caller, Permission, Reach
from service.domain.errors import InvalidArgument
from service.domain.notices import (
    Attachment,
    Audience,
    Notice,
    NoticeContent,
    NoticeKind,
)
from service.domain.registry import OfficerCategory, Role
from service.store import notices
from service.store.unit_of_work import SqlUnitOfWork

R = TypeVar("R", bound=Message)
_NOTICE = re.compile(r"^notices/([0-9A-HJKMNP-TV-Z]{26})$")
_USER_NAME = re.compile(r"^(?:users|officers)/([A-Za-z0-9_.-]{1,64})$")
_AMENDABLE = (
    "title",
    "body",
    "kind",
    "attachments",
    "effective_time",
    "expire_time",
    "acknowledge_due_time",
)
_LEVEL_LENGTHS: dict[int, int] = {
    common_pb2.SCOPE_LEVEL_DISTRICT: 6,
    common_pb2.SCOPE_LEVEL_STREET: 9,
    common_pb2.SCOPE_LEVEL_COMMUNITY: 12,
    common_pb2.SCOPE_LEVEL_GRID: 15,
}


@dataclass(frozen=True)
class PushDeps:
    """How pushes leave: through the broker (outbox + relay) or only the inbox."""

    signal: InboxSignal
    via_broker: bool
    outbox_wake: Callable[[], None]

    def committed(self, users: tuple[str, ...]) -> None:
        """After a commit that pushed to ``users``."""
        if self.via_broker:
            self.outbox_wake()
        self.signal.notify(users)


def _enum_value(enum: Any, prefix: str, number: int, field: str) -> str:
    if number == 0 or number not in enum.values():
        raise InvalidArgument.field(field, "must be set to a known value")
    return str(enum.Name(number)).removeprefix(prefix).lower()


def _time(stamp: timestamp_pb2.Timestamp, present: bool) -> datetime | None:
    return stamp.ToDatetime(tzinfo=UTC) if present else None


def _content(notice: policy_service_pb2.Notice, kind_required: bool = True) -> NoticeContent:
    kind = (
        NoticeKind(
            _enum_value(policy_service_pb2.NoticeKind, "NOTICE_KIND_", notice.kind, "notice.kind")
        )
        if kind_required or notice.kind
        else NoticeKind.NOTICE
    )
    return NoticeContent(
        title=notice.title,
        body=notice.body,
        kind=kind,
        attachments=tuple(
            Attachment(a.uri, a.display_name, a.media_type, a.size_bytes, a.sha256)
            for a in notice.attachments
        ),
        effective_time=_time(notice.effective_time, notice.HasField("effective_time")),
        expire_time=_time(notice.expire_time, notice.HasField("expire_time")),
        acknowledge_due_time=_time(
            notice.acknowledge_due_time, notice.HasField("acknowledge_due_time")
        ),
    )


def _audience(audience: policy_service_pb2.Audience) -> Audience:
    nodes = []
    for index, name in enumerate(audience.scope_nodes):
        match = SCOPE_NODE_NAME.match(name) or GRID_NAME.match(name)
        if match is None:
            raise InvalidArgument.field(
                f"notice.audience.scope_nodes[{index}]", "must be scopeNodes/{code} or grids/{code}"
            )
        nodes.append(match.group(1))
    users = []
    for index, name in enumerate(audience.recipients):
        match = _USER_NAME.match(name)
        if match is None:
            raise InvalidArgument.field(
                f"notice.audience.recipients[{index}]", "must be officers/{id} or users/{id}"
            )
        users.append(match.group(1))
    return Audience(
        scope_nodes=tuple(dict.fromkeys(nodes)),
        roles=tuple(
            Role(_enum_value(common_pb2.Role, "ROLE_", r, f"notice.audience.roles[{i}]"))
            for i, r in enumerate(audience.roles)
        ),
        recipients=tuple(dict.fromkeys(users)),
        categories=tuple(
            OfficerCategory(
                _enum_value(
                    common_pb2.OfficerCategory,
                    "OFFICER_CATEGORY_",
                    c,
                    f"notice.audience.categories[{i}]",
                )
            )
            for i, c in enumerate(audience.categories)
        ),
    )


def _name(code: str) -> str:
    return f"grids/{code}" if len(code) == 15 else f"scopeNodes/{code}"


def notice_message(view: Notice) -> policy_service_pb2.Notice:
    content = view.content
    message = policy_service_pb2.Notice(
        name=f"notices/{view.notice_id}",
        title=content.title,
        body=content.body,
        kind=f"NOTICE_KIND_{content.kind.value.upper()}",
        attachments=[
            common_pb2.Attachment(
                uri=a.uri,
                display_name=a.display_name,
                media_type=a.media_type,
                size_bytes=a.size_bytes,
                sha256=a.sha256,
            )
            for a in content.attachments
        ],
        audience=policy_service_pb2.Audience(
            scope_nodes=[_name(code) for code in view.audience.scope_nodes],
            roles=[f"ROLE_{r.value.upper()}" for r in view.audience.roles],
            recipients=[f"users/{u}" for u in view.audience.recipients],
            categories=[f"OFFICER_CATEGORY_{c.value.upper()}" for c in view.audience.categories],
        ),
        state=f"NOTICE_STATE_{view.state.value.upper()}",
        publisher=f"users/{view.publisher}",
        recipient_count=view.recipient_count,
        revision=view.revision,
        create_time=timestamp(view.create_time),
        update_time=timestamp(view.update_time),
        etag=view.etag,
    )
    for field in ("effective_time", "expire_time", "acknowledge_due_time"):
        value = getattr(content, field)
        if value is not None:
            getattr(message, field).CopyFrom(timestamp(value))
    return message


def _may_read(connection: Any, caller: Caller, view: Notice) -> bool:
    """Anchored inside or above where the caller reads (as ListNotices shows),
    or published by or to them."""
    return (
        _overlaps(caller.reach(Permission.REGISTRY_READ), view.anchor)
        or _overlaps(caller.reach(Permission.POLICY_PUBLISH), view.anchor)
        or view.publisher == caller.user_id
        or notices.is_recipient(connection, view.notice_id, caller.user_id)
    )


class PolicyServicer(policy_service_pb2_grpc.PolicyServiceServicer):
    def __init__(
        self,
        store: StoreAccess,
        pushes: PushDeps,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._store = store
        self._pushes = pushes
        self._clock = clock or (lambda: datetime.now(UTC))

    async def _change(
        self,
        request: Any,
        method: str,
        response_type: type[R],
        change: Callable[[UnitOfWork, Caller, datetime], use_cases.Outcome],
    ) -> R:
        """A mutation of a notice: in one transaction with its request id's
        record, answered with the notice; the pushes it made are announced
        once committed."""
        request_id = idempotency.checked_request_id(request.request_id)
        caller = await caller_of(self._store)
        now = self._clock()
        key = idempotency.RequestKey(
            caller.user_id, f"/officer.v1.PolicyService/{method}", request_id
        )
        notified: list[tuple[str, ...]] = []

        def work(connection: Any) -> R:
            outcome = change(SqlUnitOfWork(connection), caller, now)
            notified.append(outcome.notified)
            response: R = response_type(notice=notice_message(outcome.notice))
            return response

        response = await self._store.write(idempotency.once(key, request, response_type, now, work))
        if notified:  # not on a replay: its pushes were announced the first time
            self._pushes.committed(notified[0])
        return response

    async def PublishNotice(
        self, request: policy_service_pb2.PublishNoticeRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.PublishNoticeResponse:
        content = _content(request.notice)
        audience = _audience(request.notice.audience)
        return await self._change(
            request,
            "PublishNotice",
            policy_service_pb2.PublishNoticeResponse,
            lambda uow, caller, now: use_cases.publish(
                uow,
                caller=caller,
                content=content,
                audience=audience,
                now=now,
                via_broker=self._pushes.via_broker,
            ),
        )

    async def GetNotice(
        self, request: policy_service_pb2.GetNoticeRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.GetNoticeResponse:
        notice_id = parse_name(_NOTICE, request.name, "name", "notices/{notice}")
        caller = await caller_of(self._store)

        def read(connection: Any) -> Notice:
            view = notices.get(connection, notice_id)
            if view is None or not _may_read(connection, caller, view):
                raise denied(request.name)
            return view

        view = await self._store.read(read)
        return policy_service_pb2.GetNoticeResponse(notice=notice_message(view))

    async def ListNotices(
        self, request: policy_service_pb2.ListNoticesRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.ListNoticesResponse:
        parent = None
        if request.parent:
            match = SCOPE_NODE_NAME.match(request.parent) or GRID_NAME.match(request.parent)
            if match is None:
                raise InvalidArgument.field("parent", "must be scopeNodes/{code} or grids/{code}")
            parent = match.group(1)
        kind = (
            NoticeKind(
                _enum_value(policy_service_pb2.NoticeKind, "NOTICE_KIND_", request.kind, "kind")
            )
            if request.kind
            else None
        )
        size = paging.page_size(request.page_size)
        filter_key = f"{request.parent}|{request.kind}|{request.show_withdrawn}"
        after = paging.decode_token(request.page_token, filter_key)
        caller = await caller_of(self._store)
        reach = caller.reach(Permission.REGISTRY_READ)
        publish_reach = caller.reach(Permission.POLICY_PUBLISH)
        combined = Reach(reach.nodes | publish_reach.nodes, frozenset())
        if parent is not None:
            combined = combined.within(parent)
        views = await self._store.read(
            lambda connection: notices.list_visible(
                connection,
                user_id=caller.user_id,
                reach=combined,
                parent=parent,
                kind=kind,
                show_withdrawn=request.show_withdrawn,
                before=after or None,
                limit=size + 1,
            )
        )
        response = policy_service_pb2.ListNoticesResponse(
            notices=[notice_message(view) for view in views[:size]]
        )
        if len(views) > size:
            response.next_page_token = paging.encode_token(views[size - 1].notice_id, filter_key)
        return response

    async def AmendNotice(
        self, request: policy_service_pb2.AmendNoticeRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.AmendNoticeResponse:
        notice_id = parse_name(_NOTICE, request.notice.name, "notice.name", "notices/{notice}")
        fields = list(request.update_mask.paths)
        if not fields:
            raise InvalidArgument.field("update_mask", "name the fields to change")
        for field in fields:
            if field not in _AMENDABLE:
                raise InvalidArgument.field(
                    "update_mask", f"{field!r} cannot be amended; use {', '.join(_AMENDABLE)}"
                )
        changes = _content(request.notice, kind_required="kind" in fields)
        return await self._change(
            request,
            "AmendNotice",
            policy_service_pb2.AmendNoticeResponse,
            lambda uow, caller, now: use_cases.amend(
                uow,
                caller=caller,
                notice_id=notice_id,
                name=request.notice.name,
                etag=request.notice.etag,
                changes=changes,
                fields=fields,
                reason=request.reason,
                now=now,
                via_broker=self._pushes.via_broker,
            ),
        )

    async def WithdrawNotice(
        self, request: policy_service_pb2.WithdrawNoticeRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.WithdrawNoticeResponse:
        notice_id = parse_name(_NOTICE, request.name, "name", "notices/{notice}")
        return await self._change(
            request,
            "WithdrawNotice",
            policy_service_pb2.WithdrawNoticeResponse,
            lambda uow, caller, now: use_cases.withdraw(
                uow,
                caller=caller,
                notice_id=notice_id,
                name=request.name,
                etag=request.etag,
                reason=request.reason,
                now=now,
                via_broker=self._pushes.via_broker,
            ),
        )

    async def GetNoticeStats(
        self, request: policy_service_pb2.GetNoticeStatsRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.GetNoticeStatsResponse:
        notice_id = parse_name(_NOTICE, request.name, "name", "notices/{notice}")
        if request.level and request.level not in _LEVEL_LENGTHS:
            raise InvalidArgument.field("level", "district, street, community or grid")
        caller = await caller_of(self._store)
        # Supervisors' figures: those who publish, and those who follow the work.
        reach = Reach(
            caller.reach(Permission.POLICY_PUBLISH).nodes
            | caller.reach(Permission.ACTIVITY_READ).nodes
        )

        def read(connection: Any) -> list[notices.StatsRow]:
            view = notices.get(connection, notice_id)
            if view is None or not _overlaps(reach, view.anchor):
                raise denied(request.name)
            return notices.stats(connection, notice_id, reach, _level_length(request.level, reach))

        rows = await self._store.read(read)
        total = policy_service_pb2.NoticeStatsRow(
            scope_node="",
            recipient_count=sum(r.recipients for r in rows),
            delivered_count=sum(r.delivered for r in rows),
            read_count=sum(r.read for r in rows),
            acknowledged_count=sum(r.acknowledged for r in rows),
        )
        return policy_service_pb2.GetNoticeStatsResponse(
            total=total,
            rows=[
                policy_service_pb2.NoticeStatsRow(
                    scope_node=_name(r.scope_node),
                    recipient_count=r.recipients,
                    delivered_count=r.delivered,
                    read_count=r.read,
                    acknowledged_count=r.acknowledged,
                )
                for r in rows
                if r.scope_node
            ],
        )


def _overlaps(reach: Reach, anchor: str) -> bool:
    """The caller reaches the notice's subtree, or a part of it."""
    return reach.covers_node(anchor) or any(
        Reach(frozenset({anchor})).covers_node(node) for node in reach.nodes
    )


def _level_length(level: int, reach: Reach) -> int:
    """The requested level, or the one just below the caller's own (highest) node."""
    if level:
        return _LEVEL_LENGTHS[level]
    if reach.everything:
        return 6
    shortest = min(len(node) for node in reach.nodes)
    return min(shortest + 3, 15)
