"""The bus contract: schemas, golden samples and topology agree with each other."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from contracts import consumed, golden, messages, topology

SCHEMA_DIR = Path(messages.__file__).parent / "schemas"


def test_every_schema_has_a_golden_sample_and_every_sample_a_schema() -> None:
    assert golden.sample_schemas() == sorted(messages.SCHEMAS)


@pytest.mark.parametrize("schema", sorted(messages.SCHEMAS))
def test_golden_sample_matches_the_published_json_schema(schema: str) -> None:
    document = json.loads(golden.sample_bytes(schema))
    json_schema = json.loads((SCHEMA_DIR / f"{schema}.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json_schema)
    assert document["schema"] == schema


@pytest.mark.parametrize("schema", sorted(messages.CONSUMED_SCHEMAS))
def test_consumed_golden_sample_decodes_to_its_model(schema: str) -> None:
    decoded = consumed.decode_consumed(golden.sample_bytes(schema))
    assert type(decoded) is messages.SCHEMAS[schema]
    assert messages.schema_of(decoded) == schema


@pytest.mark.parametrize("schema", sorted(messages.PUBLISHED_SCHEMAS))
def test_published_golden_sample_is_what_the_encoder_writes(schema: str) -> None:
    original = json.loads(golden.sample_bytes(schema))
    model = messages.SCHEMAS[schema].model_validate(original)
    assert json.loads(messages.encode(model)) == original


def test_published_messages_refuse_unknown_fields() -> None:
    document = json.loads(golden.sample_bytes("terminal.push.v1"))
    document["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        messages.TerminalPush.model_validate(document)


def test_consumed_messages_tolerate_fields_added_by_the_host() -> None:
    document = json.loads(golden.sample_bytes("user.upserted.v1"))
    document["nickname"] = "老王"
    decoded = consumed.decode_consumed(json.dumps(document).encode())
    assert isinstance(decoded, messages.UserUpserted)
    assert decoded.user_id == "u100234"


@pytest.mark.parametrize(
    ("body", "error", "match"),
    [
        (b"\xff\xfe", consumed.NotJson, "not JSON"),
        (b"[1, 2]", consumed.NotAnObject, "not a JSON object"),
        (b'{"schema": "user.exploded.v9"}', consumed.UnknownSchema, "names no schema"),
        (b'{"message_id": "m"}', consumed.UnknownSchema, "names no schema"),
        (
            b'{"schema": "grid.deleted.v1", "message_id": "m", '
            b'"occurred_time": "2026-01-01T00:00:00Z", "code": "12", "version": 1}',
            consumed.InvalidFields,
            "^code: string_pattern_mismatch$",
        ),
        (
            b'{"schema": "user.deleted.v1", "message_id": "m", '
            b'"occurred_time": "2026-01-01T00:00:00Z", "user_id": "u1", "version": 0}',
            consumed.InvalidFields,
            "^version: greater_than_equal$",
        ),
    ],
)
def test_malformed_consumed_messages_are_refused_with_a_reason(
    body: bytes, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        consumed.decode_consumed(body)


def test_every_consumed_schema_is_routed_to_the_registry_queue() -> None:
    patterns = [b.routing_key for b in topology.BINDINGS if b.queue == topology.REGISTRY_QUEUE.name]
    for schema in messages.CONSUMED_SCHEMAS:
        key = topology.routing_key_for_schema(schema)
        assert key in topology.CONSUMED_ROUTING_KEYS
        prefix = key.split(".")[0]
        assert f"{prefix}.*" in patterns, f"{key} reaches no binding of the registry queue"


def test_queues_that_dead_letter_have_an_explicit_delivery_limit() -> None:
    for queue in topology.QUEUES:
        assert queue.arguments["x-queue-type"] == "quorum"
        if "x-dead-letter-exchange" in queue.arguments:
            assert queue.arguments["x-delivery-limit"] == topology.DELIVERY_LIMIT
            assert queue.arguments["x-dead-letter-strategy"] == "at-least-once"
            assert queue.arguments["x-overflow"] == "reject-publish"


@pytest.mark.parametrize("bad", ["user", "user.upserted", "user.upserted.1"])
def test_routing_key_needs_a_versioned_schema_name(bad: str) -> None:
    with pytest.raises(ValueError, match="versioned"):
        topology.routing_key_for_schema(bad)


@pytest.mark.parametrize("drop", ["officer", "roles"])
def test_an_officer_needs_both_the_profile_and_the_role(drop: str) -> None:
    document = json.loads(golden.sample_bytes("user.upserted.v1"))
    if drop == "officer":
        del document["officer"]
    else:
        document["roles"] = [r for r in document["roles"] if r["role"] != "officer"]
    with pytest.raises(consumed.InconsistentOfficer):
        consumed.decode_consumed(json.dumps(document).encode())


def test_every_push_kind_has_its_inbox_item_kind() -> None:
    # The inbox shows a push under the proto's name for its kind: a kind without
    # one would fail every list of an inbox that holds such an item.
    from officer.v1 import inbox_service_pb2

    names = set(inbox_service_pb2.InboxItemKind.keys())
    missing = {kind.value for kind in messages.PushKind} - {
        name.removeprefix("INBOX_ITEM_KIND_").lower() for name in names
    }
    assert missing == set()
