"""Policy notices (政策法规推送): what a valid notice is, who it reaches, and
when its read attestation (学习确认) reminds and escalates.

No I/O: the store resolves audiences against the mirror, the API maps errors.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from service.kernel.attachments import Attachment, attachment_violations
from service.kernel.audience import Audience
from service.kernel.errors import FieldViolation, InvalidArgument
from service.kernel.scheduler import latest

MAX_TITLE_CHARS = 500
MAX_BODY_CHARS = 100_000
MAX_SUMMARY_CHARS = 120
MAX_REASON_CHARS = 500
MAX_AUDIENCE_ENTRIES = 1000


class NoticeKind(enum.StrEnum):
    POLICY = "policy"
    REGULATION = "regulation"
    MEETING_SPIRIT = "meeting_spirit"
    DECISION = "decision"
    NOTICE = "notice"


class NoticeState(enum.StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class NoticeContent:
    title: str
    body: str
    kind: NoticeKind
    attachments: tuple[Attachment, ...] = ()
    effective_time: datetime | None = None
    expire_time: datetime | None = None
    acknowledge_due_time: datetime | None = None

    @property
    def summary(self) -> str:
        """The first line of the body, shortened for an inbox list."""
        first = next((line.strip() for line in self.body.splitlines() if line.strip()), "")
        return first if len(first) <= MAX_SUMMARY_CHARS else first[: MAX_SUMMARY_CHARS - 1] + "…"


@dataclass(frozen=True)
class Notice:
    notice_id: str
    content: NoticeContent
    audience: Audience
    # The narrowest scope node above everything the notice reached: who may see it.
    anchor: str
    state: NoticeState
    publisher: str
    recipient_count: int
    revision: int
    create_time: datetime
    update_time: datetime

    @property
    def etag(self) -> str:
        return f'W/"{self.revision}-{self.state.value}"'


def content_violations(content: NoticeContent, now: datetime, prefix: str) -> list[FieldViolation]:
    """What is wrong with a notice's content, each naming its field under ``prefix``."""
    found: list[FieldViolation] = []

    def bad(field: str, description: str) -> None:
        found.append(FieldViolation(f"{prefix}.{field}", description))

    if not content.title.strip():
        bad("title", "required")
    elif len(content.title) > MAX_TITLE_CHARS:
        bad("title", f"at most {MAX_TITLE_CHARS} characters")
    if not content.body.strip():
        bad("body", "required")
    elif len(content.body) > MAX_BODY_CHARS:
        bad("body", f"at most {MAX_BODY_CHARS} characters")
    found.extend(attachment_violations(content.attachments, prefix))
    if (
        content.effective_time is not None
        and content.expire_time is not None
        and content.expire_time <= content.effective_time
    ):
        bad("expire_time", "must be after effective_time")
    if content.acknowledge_due_time is not None and content.acknowledge_due_time <= now:
        bad("acknowledge_due_time", "must be in the future")
    return found


def check_publish(content: NoticeContent, audience: Audience, now: datetime) -> None:
    violations = content_violations(content, now, "notice")
    if not (audience.scope_nodes or audience.roles or audience.recipients):
        violations.append(
            FieldViolation("notice.audience", "name scope nodes, roles or recipients")
        )
    entries = len(audience.scope_nodes) + len(audience.recipients)
    if entries > MAX_AUDIENCE_ENTRIES:
        violations.append(
            FieldViolation(
                "notice.audience", f"at most {MAX_AUDIENCE_ENTRIES} nodes and recipients"
            )
        )
    if violations:
        raise InvalidArgument(violations)


def check_reason(reason: str) -> None:
    if not reason.strip():
        raise InvalidArgument.field("reason", "say why; recipients are shown it")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidArgument.field("reason", f"at most {MAX_REASON_CHARS} characters")


# Read attestation (学习确认): remind those who have not acknowledged before the
# deadline, then escalate the laggards, as a push, to the first tiers of the
# escalation chain above them (their community heads and street liaisons).
ATTESTATION = "policy.attestation"
DEFAULT_REMINDER_OFFSETS = (timedelta(hours=24), timedelta(hours=2))
ESCALATION_STEP = "escalation"
ESCALATION_DEPTH = 2


def reminder_step(offset: timedelta) -> str:
    return f"reminder:{int(offset.total_seconds())}"


def attestation_plan(
    acknowledge_due_time: datetime, offsets: Iterable[timedelta]
) -> list[tuple[str, datetime]]:
    """A notice's steps and their times, in order: a reminder at each offset
    before the deadline, then the escalation at it."""
    steps = [(reminder_step(offset), acknowledge_due_time - offset) for offset in set(offsets)]
    steps.append((ESCALATION_STEP, acknowledge_due_time))
    return sorted(steps, key=lambda step: step[1])


def due_steps(
    acknowledge_due_time: datetime,
    offsets: Iterable[timedelta],
    now: datetime,
    done: Iterable[str],
) -> list[str]:
    """The reminder or escalation of a notice whose time has come and that was
    not made yet. Only the latest step whose time has come counts: one that
    passed entirely (the notice was published inside a later window, or the
    scheduler was down) is not sent late, and after the deadline only the
    escalation is (the scheduler's superseding rule, kernel/scheduler.py)."""
    plan = attestation_plan(acknowledge_due_time, offsets)
    made = set(done)
    last_made = max((index for index, (step, _) in enumerate(plan) if step in made), default=-1)
    due = [(step, at) for step, at in plan[last_made + 1 :] if at <= now]
    owed = latest(due, lambda step: step[1])
    return [owed[0]] if owed is not None else []
