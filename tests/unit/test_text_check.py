"""NUL in any string field of a request, however deep, is found and named."""

from __future__ import annotations

from google.protobuf import struct_pb2
from officer.v1 import task_service_pb2

from service.platform.text_check import nul_violations


def _fields(message: object) -> list[str]:
    return [violation.field for violation in nul_violations(message)]


def test_nested_and_repeated_strings_are_named_by_their_path() -> None:
    request = task_service_pb2.CreateTaskRequest(
        task=task_service_pb2.Task(title="排查\x00", description="ok"),
        targets=task_service_pb2.TaskTargets(assignees=["officers/a", "officers/\x00b"]),
        request_id="r",
    )
    assert _fields(request) == ["task.title", "targets.assignees[1]"]


def test_clean_requests_and_other_control_characters_pass() -> None:
    request = task_service_pb2.CreateTaskRequest(
        task=task_service_pb2.Task(title="第一行\n第二行\t", description="")
    )
    assert _fields(request) == []


def test_map_keys_and_values_are_looked_into() -> None:
    document = struct_pb2.Struct()
    document.fields["a\x00"].string_value = "x"
    document.fields["b"].string_value = "y\x00"
    document.fields["c"].struct_value.fields["d"].string_value = "\x00"
    assert sorted(_fields(document)) == sorted(
        [
            "fields['a\\x00']",
            "fields['b'].string_value",
            "fields['c'].struct_value.fields['d'].string_value",
        ]
    )


def test_a_request_that_is_no_message_is_left_alone() -> None:
    # Handlers of raw bytes (the test probe, health) have nothing to walk.
    assert _fields(b"\x00") == []
