"""Suggestion events and pushes end to end on the real broker: each step of a
work order reaches a consumer of officer.events once, valid against the
published schemas, and the submitter's terminal gets one push per step."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
import pika
from officer.v1 import (
    department_service_pb2,
    department_service_pb2_grpc,
    suggestion_service_pb2,
    suggestion_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from adapters.topology import connection_parameters
from contracts import events, messages, topology
from service.platform.identity import issue_token
from service.platform.server import RunningServer
from service.platform.settings import Settings
from tests.integration.activity_city import small_city
from tests.integration.broker_reads import drain

pb = suggestion_service_pb2
dpb = department_service_pb2


def _queue(amqp_url: str, exchange: str, key: str) -> tuple[pika.BlockingConnection, str]:
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
    channel.queue_bind(queue, exchange, key)
    return connection, queue


async def test_each_step_reaches_the_host_once_and_the_submitter_hears_of_each(
    small_city_engine: Engine, amqp_url: str, broker_server: tuple[RunningServer, Settings]
) -> None:
    city = small_city(small_city_engine)
    server, settings = broker_server
    event_consumer, event_queue = _queue(amqp_url, topology.EVENTS.name, "suggestion.#")
    push_consumer, push_queue = _queue(
        amqp_url, topology.PUSH.name, topology.user_push_routing_key(city.officer)
    )

    def auth(user: str) -> Any:
        return (("authorization", f"Bearer {issue_token(settings, user)}"),)

    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        departments = department_service_pb2_grpc.DepartmentServiceStub(channel)  # type: ignore[no-untyped-call]
        suggestions = suggestion_service_pb2_grpc.SuggestionServiceStub(channel)  # type: ignore[no-untyped-call]
        district = f"scopeNodes/{city.community[:6]}"
        admin = auth(city.district_admin)
        await departments.CreateDepartment(
            dpb.CreateDepartmentRequest(
                department_id="district-justice",
                department=dpb.Department(
                    display_name="区司法局",
                    scope_node=district,
                    handlers=[f"users/{city.stranger}"],
                ),
            ),
            metadata=admin,
        )
        await departments.CreateRoutingRule(
            dpb.CreateRoutingRuleRequest(
                routing_rule=dpb.RoutingRule(
                    category=pb.SUGGESTION_CATEGORY_LEGAL,
                    scope_node=district,
                    department="departments/district-justice",
                )
            ),
            metadata=admin,
        )
        create = pb.CreateSuggestionRequest(
            suggestion=pb.Suggestion(
                grid=f"grids/{city.grid}",
                category=pb.SUGGESTION_CATEGORY_LEGAL,
                title="建议设立法律援助工作站",
                body="每周固定时间坐班。",
            ),
            request_id="suggestion-events-1",
        )
        made = (await suggestions.CreateSuggestion(create, metadata=auth(city.officer))).suggestion
        # A retry is answered from its record: no second event, no second push.
        await suggestions.CreateSuggestion(create, metadata=auth(city.officer))
        handler = auth(city.stranger)
        await suggestions.SignSuggestion(pb.SignSuggestionRequest(name=made.name), metadata=handler)
        await suggestions.AnswerSuggestion(
            pb.AnswerSuggestionRequest(name=made.name, answer="已安排"), metadata=handler
        )
        await suggestions.CloseSuggestion(
            pb.CloseSuggestionRequest(name=made.name), metadata=handler
        )
        await suggestions.RateSuggestion(
            pb.RateSuggestionRequest(name=made.name, satisfaction=pb.SATISFACTION_SATISFIED),
            metadata=auth(city.officer),
        )
    received = await asyncio.to_thread(drain, event_consumer, event_queue, 6)
    pushed = await asyncio.to_thread(drain, push_consumer, push_queue, 4)
    event_consumer.close()
    push_consumer.close()

    decoded = [messages.DomainEvent.model_validate_json(body) for _, body in received]
    assert [e.event_type for e in decoded] == [
        "suggestion.submitted",
        "suggestion.routed",
        "suggestion.signed",
        "suggestion.answered",
        "suggestion.closed",
        "suggestion.rated",
    ]
    assert len({e.message_id for e in decoded}) == 6
    for (properties, _), event in zip(received, decoded, strict=True):
        assert properties.message_id == event.message_id
        assert event.subject == made.name
        data = events.SuggestionEventData.model_validate(event.data)
    assert [e.actor for e in decoded][:2] == [f"users/{city.officer}", "system"]
    assert data.satisfaction == "satisfied"
    assert data.department == "district-justice"
    terminal = [messages.TerminalPush.model_validate_json(body) for _, body in pushed]
    assert [p.kind for p in terminal] == [messages.PushKind.SUGGESTION_REPLY] * 4
    assert {p.subject for p in terminal} == {made.name}
    assert len({p.message_id for p in terminal}) == 4
