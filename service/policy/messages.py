"""Notices between officer.v1 messages and the policy rules' own values."""

from __future__ import annotations

from officer.v1 import common_pb2, policy_service_pb2

from service.kernel.attachments import Attachment
from service.kernel.audience import Audience
from service.kernel.scope import resource_name
from service.platform import audiences, wire
from service.policy.ports import StatsRow
from service.policy.rules import Notice, NoticeContent, NoticeKind


def content(notice: policy_service_pb2.Notice, *, kind_required: bool = True) -> NoticeContent:
    # An amendment that leaves the kind alone need not name it.
    kind = NoticeKind.NOTICE
    if kind_required or notice.kind:
        kind = wire.required_enum(
            policy_service_pb2.NoticeKind, notice.kind, "NOTICE_KIND_", "notice.kind", NoticeKind
        )
    return NoticeContent(
        title=notice.title,
        body=notice.body,
        kind=kind,
        attachments=tuple(
            Attachment(a.uri, a.display_name, a.media_type, a.size_bytes, a.sha256)
            for a in notice.attachments
        ),
        effective_time=wire.optional_time(notice, "effective_time", "notice.effective_time"),
        expire_time=wire.optional_time(notice, "expire_time", "notice.expire_time"),
        acknowledge_due_time=wire.optional_time(
            notice, "acknowledge_due_time", "notice.acknowledge_due_time"
        ),
    )


def audience(message: policy_service_pb2.Audience) -> Audience:
    return audiences.audience(
        field="notice.audience",
        scope_nodes=message.scope_nodes,
        roles=message.roles,
        people=message.recipients,
        people_field="recipients",
        categories=message.categories,
    )


def notice(view: Notice) -> policy_service_pb2.Notice:
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
            scope_nodes=[resource_name(code) for code in view.audience.scope_nodes],
            roles=[f"ROLE_{r.value.upper()}" for r in view.audience.roles],
            recipients=[f"users/{u}" for u in view.audience.recipients],
            categories=[f"OFFICER_CATEGORY_{c.value.upper()}" for c in view.audience.categories],
        ),
        state=f"NOTICE_STATE_{view.state.value.upper()}",
        publisher=f"users/{view.publisher}",
        recipient_count=view.recipient_count,
        revision=view.revision,
        create_time=wire.timestamp(view.create_time),
        update_time=wire.timestamp(view.update_time),
        etag=view.etag,
    )
    for field in ("effective_time", "expire_time", "acknowledge_due_time"):
        value = getattr(content, field)
        if value is not None:
            getattr(message, field).CopyFrom(wire.timestamp(value))
    return message


def stats_row(row: StatsRow) -> policy_service_pb2.NoticeStatsRow:
    return policy_service_pb2.NoticeStatsRow(
        scope_node=resource_name(row.scope_node) if row.scope_node else "",
        recipient_count=row.recipients,
        delivered_count=row.delivered,
        read_count=row.read,
        acknowledged_count=row.acknowledged,
    )
