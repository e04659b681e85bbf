"""Notice rules and the push bodies the outbox carries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contracts import messages
from service.kernel.ids import new_id, new_ids
from service.kernel.pushes import GridScreenPush, Push, _screen_message, _user_message
from service.kernel.scope import anchor
from service.policy.rules import (
    ESCALATION_STEP,
    NoticeContent,
    NoticeKind,
    due_steps,
    reminder_step,
)

DUE = datetime(2026, 5, 1, 16, tzinfo=UTC)
OFFSETS = [timedelta(hours=24), timedelta(hours=2)]


@pytest.mark.parametrize(
    ("now", "done", "owed"),
    [
        (DUE - timedelta(hours=30), [], []),
        (DUE - timedelta(hours=23), [], [reminder_step(timedelta(hours=24))]),
        (DUE - timedelta(hours=23), [reminder_step(timedelta(hours=24))], []),
        # Published inside the last window: only the latest reminder is owed.
        (DUE - timedelta(hours=1), [], [reminder_step(timedelta(hours=2))]),
        (DUE - timedelta(hours=1), [reminder_step(timedelta(hours=24))], ["reminder:7200"]),
        (DUE, [], [ESCALATION_STEP]),
        (DUE + timedelta(days=3), ["reminder:7200"], [ESCALATION_STEP]),
        (DUE + timedelta(days=3), [ESCALATION_STEP], []),
    ],
)
def test_due_steps(now: datetime, done: list[str], owed: list[str]) -> None:
    assert due_steps(DUE, OFFSETS, now, done) == owed


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["320102001001001"], "320102001001001"),
        (["320102001001001", "320102001001002"], "320102001001"),
        (["320102001001001", "320102001002001"], "320102001"),
        (["320102001", "320102002001001"], "320102"),
        (["320102001", "320104001"], "320100"),
        (["320100", "320102001"], "320100"),
    ],
)
def test_anchor_is_the_narrowest_node_above_every_code(codes: list[str], expected: str) -> None:
    assert anchor(codes) == expected


def test_ids_sort_by_time_and_fan_outs_keep_their_order() -> None:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    later = new_id(now + timedelta(milliseconds=1))
    batch = new_ids(now, 1000)
    assert batch == sorted(batch)
    assert len(set(batch)) == 1000
    assert all(len(i) == 26 for i in batch)
    assert max(batch) < later


def test_the_summary_is_the_first_line_shortened() -> None:
    body = "\n\n  " + "长" * 200 + "\n第二行"
    summary = NoticeContent("t", body, NoticeKind.NOTICE).summary
    assert len(summary) == 120
    assert summary.endswith("…")


def test_push_bodies_match_their_published_schemas() -> None:
    now = datetime(2026, 5, 1, 9, tzinfo=UTC)
    push = Push(
        user_id="u100234",
        kind=messages.PushKind.NOTICE,
        subject="notices/01J9ZQ6W0000000000000000AA",
        title="通知",
        summary="摘要",
        acknowledgement_required=True,
        acknowledge_due_time=DUE,
    )
    user = _user_message("01J9ZQ6W8K5R3T2Y1X0V9B8N7M", push, now)
    parsed = messages.TerminalPush.model_validate_json(user.body)
    assert parsed.message_id == user.message_id == "push-01J9ZQ6W8K5R3T2Y1X0V9B8N7M"
    assert parsed.acknowledge_due_time == DUE
    assert parsed.occurred_time == now
    assert user.routing_key == "user.u100234"
    assert user.message_type == "terminal.push.v1"
    screen = _screen_message(
        GridScreenPush("320102001001001", messages.PushKind.NOTICE, push.subject, "通知", ""), now
    )
    assert messages.GridPush.model_validate_json(screen.body).grid == "grids/320102001001001"
    assert screen.routing_key == "grid.320102001001001"


def test_ids_are_crockford_base32_of_the_time_then_the_randomness() -> None:
    from service.kernel.ids import _encode

    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    value = (1_767_225_600_000 << 80) | 0xDEADBEEF
    spelled = "".join(alphabet[(value >> shift) & 31] for shift in range(125, -1, -5))
    assert _encode(value) == spelled
    assert new_id(datetime(2026, 1, 1, tzinfo=UTC))[:10] == spelled[:10]
