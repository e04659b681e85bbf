"""Activity domain events end to end on the real broker: each report,
correction, case step and deletion reaches a consumer of officer.events once, with a
stable message id, valid against the published schemas, and the events alone
rebuild the activity as GetActivity shows it."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pika
import sqlalchemy as sa
from google.protobuf import field_mask_pb2, timestamp_pb2
from officer.v1 import activity_service_pb2, activity_service_pb2_grpc, common_pb2
from sqlalchemy.engine import Engine

from adapters.topology import connection_parameters
from contracts import events, messages, topology
from service.platform.identity import issue_token
from service.platform.server import RunningServer
from service.platform.settings import Settings
from tests.integration.broker_reads import drain
from tests.integration.city_queries import plain_officers


def _queue(amqp_url: str) -> tuple[pika.BlockingConnection, str]:
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
    channel.queue_bind(queue, topology.EVENTS.name, "activity.#")
    return connection, queue


async def test_each_change_reaches_the_host_once_and_the_events_rebuild_the_activity(
    small_city_engine: Engine,
    amqp_url: str,
    broker_server: tuple[RunningServer, Settings],
) -> None:
    with small_city_engine.connect() as connection:
        grid, officer = plain_officers(connection, "")[0]
        assert connection.execute(sa.text("SELECT count(*) FROM outbox")).scalar_one() == 0
    server, settings = broker_server
    consumer, queue = _queue(amqp_url)
    metadata = (("authorization", f"Bearer {issue_token(settings, officer)}"),)
    start = timestamp_pb2.Timestamp()
    start.FromDatetime(datetime.now(UTC) - timedelta(hours=3))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        stub = activity_service_pb2_grpc.ActivityServiceStub(channel)  # type: ignore[no-untyped-call]
        create = activity_service_pb2.CreateActivityRequest(
            activity=activity_service_pb2.Activity(
                grid=f"grids/{grid}",
                kind=common_pb2.ACTIVITY_KIND_RISK_SCREENING,
                subject_kind=common_pb2.SUBJECT_KIND_RISK,
                summary="排查燃气管道隐患 3 处",
                start_time=start,
                participant_count=2,
            ),
            request_id=str(uuid.uuid4()),
        )
        created = (await stub.CreateActivity(create, metadata=metadata)).activity
        # A retry of the same request is answered from its record: no new event.
        await stub.CreateActivity(create, metadata=metadata)
        await stub.UpdateActivity(
            activity_service_pb2.UpdateActivityRequest(
                activity=activity_service_pb2.Activity(name=created.name, outcome="已整改 2 处"),
                update_mask=field_mask_pb2.FieldMask(paths=["outcome"]),
                reason="补充结果",
            ),
            metadata=metadata,
        )
        await stub.MediateActivity(
            activity_service_pb2.MediateActivityRequest(name=created.name, note="约谈物业"),
            metadata=metadata,
        )
        await stub.ResolveActivity(
            activity_service_pb2.ResolveActivityRequest(name=created.name, note="隐患已整改"),
            metadata=metadata,
        )
        await stub.DeleteActivity(
            activity_service_pb2.DeleteActivityRequest(name=created.name, reason="误报"),
            metadata=metadata,
        )
        final = (
            await stub.GetActivity(
                activity_service_pb2.GetActivityRequest(name=created.name), metadata=metadata
            )
        ).activity
    received = await asyncio.to_thread(drain, consumer, queue, 5)
    consumer.close()

    assert len(received) == 5, [body for _, body in received]
    decoded = [messages.DomainEvent.model_validate_json(body) for _, body in received]
    assert [e.event_type for e in decoded] == [
        "activity.reported",
        "activity.corrected",
        "activity.case_mediating",
        "activity.case_resolved",
        "activity.deleted",
    ]
    assert len({e.message_id for e in decoded}) == 5
    for (properties, _), event in zip(received, decoded, strict=True):
        assert properties.message_id == event.message_id
        assert properties.type == "domain.event.v1"
        assert properties.delivery_mode == 2
        assert event.subject == created.name
        assert event.actor == f"users/{officer}"
    data = [events.ActivityEventData.model_validate(e.data) for e in decoded]
    for event in decoded:
        assert events.EVENT_DATA[event.event_type] is events.ActivityEventData
    assert [(d.revision, d.change) for d in data] == [
        (1, "reported"),
        (2, "corrected"),
        (3, "case_mediating"),
        (4, "case_resolved"),
        (4, "deleted"),
    ]
    assert data[1].changed_fields == ["outcome"]
    assert [d.case.state if d.case else None for d in data] == [
        "reported",
        "reported",
        "mediating",
        "resolved",
        "resolved",
    ]
    assert data[3].note == "隐患已整改"
    # The host's view, rebuilt from the last event alone, is the module's.
    last = data[-1]
    assert last.outcome == final.outcome == "已整改 2 处"
    assert last.summary == final.summary
    assert last.grid == final.grid.removeprefix("grids/")
    assert last.kind == "risk_screening"
    assert last.revision == final.revision
    assert last.delete_time == final.delete_time.ToDatetime(tzinfo=UTC)
    assert last.start_time == final.start_time.ToDatetime(tzinfo=UTC)
    assert last.note == "误报"
    # And the relay marks them sent once the broker has confirmed them.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with small_city_engine.connect() as connection:
            unsent = connection.execute(
                sa.text("SELECT count(*) FROM outbox WHERE sent_time IS NULL")
            ).scalar_one()
        if unsent == 0:
            break
        await asyncio.sleep(0.05)
    assert unsent == 0
