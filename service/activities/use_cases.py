"""Activity use cases that change the record (工作动态反映, 七.2): report,
correct, delete, and the steps of a dispute's or risk's case (mediate,
resolve, escalate).

Each runs inside the caller's unit of work: the activity, its revision, the
monthly counts and the domain event commit together or not at all, so the
counts the 2-a-month rule reads (六.1) never disagree with the records, and
the host is told of exactly the changes that happened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from contracts.messages import PushKind
from service.activities import documents, views
from service.activities.ports import Activity, CountChange, Profile, Revision, UnitOfWork
from service.activities.rules import (
    Case,
    CaseState,
    Change,
    Content,
    Windows,
    case_after_correction,
    check,
    check_reason,
    escalation_title,
    is_case,
    month_of,
    next_case_state,
)
from service.kernel.access import Caller
from service.kernel.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PermissionDenied,
)
from service.kernel.escalation import nearest_held, tiers_above
from service.kernel.events import domain_event
from service.kernel.ids import new_id
from service.kernel.pushes import Push, deliver


def _counted(activity: Activity, zone: ZoneInfo, delta: int) -> CountChange:
    content = activity.content
    return CountChange(content.grid, month_of(activity.start_time, zone), content.kind, delta)


def _record(
    uow: UnitOfWork,
    activity: Activity,
    change: Change,
    *,
    actor: str,
    note: str,
    changed_fields: Sequence[str],
    zone: ZoneInfo,
    via_broker: bool,
) -> None:
    """The revision, and the event that tells the host of it."""
    uow.activities.add_revision(
        Revision(
            activity.revision,
            change,
            actor,
            activity.update_time,
            note,
            tuple(changed_fields),
            activity,
        )
    )
    if via_broker:
        data = {
            **documents.document(activity, zone),
            "change": change.value,
            "changed_fields": list(changed_fields),
            "note": note,
        }
        uow.outbox.append(
            [
                domain_event(
                    f"activity.{change.value}",
                    subject=f"activities/{activity.activity_id}",
                    actor=f"users/{actor}",
                    data=data,
                    now=activity.update_time,
                )
            ],
            activity.update_time,
        )


def _check_people(uow: UnitOfWork, officer: str, content: Content) -> Profile:
    """The officer and co-officers are officers the registry knows, and the
    officer serves the grid (by the host's binding or the module's assignment)."""
    profiles = uow.activities.profiles([officer, *content.co_officers])
    found = [
        FieldViolation(f"activity.co_officers[{index}]", "names no officer")
        for index, co_officer in enumerate(content.co_officers)
        if co_officer not in profiles
    ]
    if officer in profiles and officer not in uow.directory.users_in_reach(
        [officer], [content.grid]
    ):
        found.append(FieldViolation("activity.grid", "not a grid the officer serves"))
    if found:
        raise InvalidArgument(found)
    return profiles[officer]


def report(
    uow: UnitOfWork,
    *,
    caller: Caller,
    officer: str,
    content: Content,
    now: datetime,
    windows: Windows,
    zone: ZoneInfo,
    via_broker: bool,
) -> Activity:
    """The officer themself, or a community head over the grid for them."""
    check(content, now, windows, officer=officer)
    if officer != caller.user_id and not caller.heads(content.grid):
        raise PermissionDenied(
            "you may report only your own activities, or, as community head, "
            "those of your community's officers"
        )
    if not caller.bindings or officer not in uow.activities.profiles([officer]):
        raise PermissionDenied.outside_scope(f"officers/{officer}")
    profile = _check_people(uow, officer, content)
    activity = Activity(
        activity_id=new_id(now),
        officer=officer,
        reporter=caller.user_id,
        content=content,
        officer_category=profile.category,
        unit=profile.unit,
        revision=1,
        create_time=now,
        update_time=now,
        case=Case(CaseState.REPORTED) if is_case(content) else None,
    )
    uow.activities.insert(activity)
    uow.activities.count([_counted(activity, zone, +1)])
    _record(
        uow,
        activity,
        Change.REPORTED,
        actor=caller.user_id,
        note="",
        changed_fields=(),
        zone=zone,
        via_broker=via_broker,
    )
    return activity


def _changeable(
    uow: UnitOfWork, caller: Caller, activity_id: str, now: datetime, windows: Windows
) -> Activity:
    activity = uow.activities.get(activity_id, lock=True)
    if activity is None:
        raise PermissionDenied.outside_scope(f"activities/{activity_id}")
    views.check_may_change(caller, activity, now, windows)
    return activity


def correct(
    uow: UnitOfWork,
    *,
    caller: Caller,
    activity_id: str,
    given: Mapping[str, Any],
    reason: str,
    now: datetime,
    windows: Windows,
    zone: ZoneInfo,
    via_broker: bool,
) -> Activity:
    """The fields given take their values; a correction that changes nothing
    records nothing. A change of grid, kind or month moves the count."""
    check_reason(reason, required=False)
    activity = _changeable(uow, caller, activity_id, now, windows)
    old = activity.content
    content = replace(old, **given)
    changed = tuple(sorted(path for path in given if getattr(content, path) != getattr(old, path)))
    if not changed:
        return activity
    check(content, now, windows, officer=activity.officer, changed=frozenset(changed))
    if content.grid != old.grid and not (
        caller.user_id in (activity.officer, activity.reporter) or caller.heads(content.grid)
    ):
        raise PermissionDenied.outside_scope(f"grids/{content.grid}")
    _check_people(uow, activity.officer, content)
    corrected = replace(
        activity,
        content=content,
        revision=activity.revision + 1,
        update_time=now,
        case=case_after_correction(activity.case, content, f"activities/{activity_id}"),
    )
    uow.activities.update(corrected)
    before, after = _counted(activity, zone, -1), _counted(corrected, zone, +1)
    if (before.grid, before.month, before.kind) != (after.grid, after.month, after.kind):
        uow.activities.count([before, after])
    _record(
        uow,
        corrected,
        Change.CORRECTED,
        actor=caller.user_id,
        note=reason,
        changed_fields=changed,
        zone=zone,
        via_broker=via_broker,
    )
    return corrected


def delete(
    uow: UnitOfWork,
    *,
    caller: Caller,
    activity_id: str,
    reason: str,
    now: datetime,
    windows: Windows,
    zone: ZoneInfo,
    via_broker: bool,
) -> Activity:
    """Soft: it leaves the feed and the counts, and stays in the history."""
    check_reason(reason, required=True)
    activity = _changeable(uow, caller, activity_id, now, windows)
    deleted = replace(activity, update_time=now, delete_time=now)
    uow.activities.update(deleted)
    uow.activities.count([_counted(activity, zone, -1)])
    _record(
        uow,
        deleted,
        Change.DELETED,
        actor=caller.user_id,
        note=reason,
        changed_fields=(),
        zone=zone,
        via_broker=via_broker,
    )
    return deleted


def _following(
    uow: UnitOfWork, caller: Caller, activity_id: str, step: Change
) -> tuple[Activity, int | None]:
    """The activity, locked, and the depth of the tier the caller acts from."""
    activity = uow.activities.get(activity_id, lock=True)
    if activity is None:
        raise PermissionDenied.outside_scope(f"activities/{activity_id}")
    return activity, views.check_may_follow(caller, activity, step)


def _step(
    uow: UnitOfWork,
    activity: Activity,
    case: Case,
    step: Change,
    *,
    actor: str,
    note: str,
    now: datetime,
    zone: ZoneInfo,
    via_broker: bool,
) -> Activity:
    moved = replace(activity, case=case, revision=activity.revision + 1, update_time=now)
    uow.activities.update(moved)
    _record(
        uow,
        moved,
        step,
        actor=actor,
        note=note,
        changed_fields=(),
        zone=zone,
        via_broker=via_broker,
    )
    return moved


def follow(
    uow: UnitOfWork,
    *,
    caller: Caller,
    activity_id: str,
    step: Change,
    note: str,
    now: datetime,
    zone: ZoneInfo,
    via_broker: bool,
) -> Activity:
    """Takes a case up for mediation or resolves it; it stays with the tier
    that follows it. Resolving needs a note of how."""
    check_reason(note, required=step is Change.CASE_RESOLVED, field="note")
    activity, _ = _following(uow, caller, activity_id, step)
    state = next_case_state(activity.case, step, f"activities/{activity_id}")
    assert activity.case is not None  # next_case_state refuses work without a case
    return _step(
        uow,
        activity,
        replace(activity.case, state=state),
        step,
        actor=caller.user_id,
        note=note,
        now=now,
        zone=zone,
        via_broker=via_broker,
    )


@dataclass(frozen=True)
class Escalated:
    activity: Activity
    # Who the push went to.
    notified: tuple[str, ...]


def escalate(
    uow: UnitOfWork,
    *,
    caller: Caller,
    activity_id: str,
    note: str,
    now: datetime,
    zone: ZoneInfo,
    via_broker: bool,
) -> Escalated:
    """Up the chain from the caller's tier: a push to each holder of the next
    tier that has any. The record names whom it went to and the tiers skipped."""
    check_reason(note, required=True, field="note")
    activity, depth = _following(uow, caller, activity_id, Change.CASE_ESCALATED)
    state = next_case_state(activity.case, Change.CASE_ESCALATED, f"activities/{activity_id}")
    assert depth is not None  # only a tier's holder escalates
    content = activity.content
    reached = nearest_held(uow.directory, content.grid, above=depth, excluding=caller.user_id)
    tier, holders, skipped = reached.tier, reached.holders, reached.skipped
    if tier is None:
        raise FailedPrecondition(
            "no one holds a tier of the escalation chain above you for this grid: "
            + "、".join(t.describe() for t in skipped),
            reason="NO_TIER_ABOVE",
        )
    sender = tiers_above(content.grid)[depth]
    summary = f"{sender.describe()} users/{caller.user_id} 上报：{note}"
    deliver(
        uow,
        [
            Push(
                user_id=user,
                kind=PushKind.ESCALATION,
                subject=f"activities/{activity_id}",
                title=escalation_title(content),
                summary=summary,
                scope_node=tier.node,
            )
            for user in holders
        ],
        now,
        via_broker=via_broker,
    )
    record = "；".join(
        [f"上报{tier.describe()}：{note}", *(f"{t.describe()}无人在岗，跳过" for t in skipped)]
    )
    moved = _step(
        uow,
        activity,
        Case(state, tier.depth),
        Change.CASE_ESCALATED,
        actor=caller.user_id,
        note=record,
        now=now,
        zone=zone,
        via_broker=via_broker,
    )
    return Escalated(moved, tuple(holders))
