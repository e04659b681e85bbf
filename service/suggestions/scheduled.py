"""Supervision of suggestions made by the scheduler: 催办 to the department
when a deadline passes unmet, 督办 to the supervising admin (the district
admin over its grid, the top of the escalation chain) a further wait later.
Each is recorded on the suggestion, published to the host, and made once
however many replicas sweep (kernel/scheduler.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from contracts.messages import PushKind
from service.kernel.scheduler import DueStep, Handler
from service.suggestions import rules
from service.suggestions.ports import Step, Suggestion, UnitOfWork
from service.suggestions.rules import Action, Limits
from service.suggestions.use_cases import Context, push, record


def _due_text(suggestion: Suggestion, deadline: str, zone: ZoneInfo) -> str:
    due = suggestion.sign_due_time if deadline == "sign" else suggestion.close_due_time
    shown = due.astimezone(zone).strftime("%Y-%m-%d %H:%M") if due else "?"
    return f"{rules.DEADLINE_LABELS[deadline]}时限 {shown} 已过"


def _step(
    uow: UnitOfWork, suggestion: Suggestion, action: Action, note: str, context: Context
) -> None:
    step = Step(action, None, context.now, note, suggestion.state, suggestion.department)
    record(uow, suggestion, [step], context)


def handlers(*, via_broker: bool, zone: ZoneInfo) -> dict[str, Handler]:
    """The scheduler's handlers of the two supervision series, by kind."""

    def context(now: datetime) -> Context:
        return Context(now=now, zone=zone, limits=Limits(), via_broker=via_broker)

    def owed(uow: UnitOfWork, step: DueStep) -> Suggestion | None:
        suggestion = uow.suggestions.get(step.subject.removeprefix("suggestions/"), lock=True)
        if suggestion is None or not rules.unmet(step.step, suggestion.state):
            return None
        return suggestion

    def urge(uow: UnitOfWork, step: DueStep, now: datetime) -> tuple[str, ...]:
        suggestion = owed(uow, step)
        if suggestion is None or suggestion.department is None:
            return ()
        department = uow.departments.get(suggestion.department)
        if department is None:
            return ()
        why = _due_text(suggestion, step.step, zone)
        made = context(now)
        _step(uow, suggestion, Action.URGE, f"催办：{why}", made)
        push(
            uow,
            department.handlers,
            PushKind.SUGGESTION_URGED,
            suggestion,
            f"催办：{rules.short(suggestion.content.title)}",
            why,
            made,
        )
        return tuple(made.notified)

    def supervise(uow: UnitOfWork, step: DueStep, now: datetime) -> tuple[str, ...]:
        suggestion = owed(uow, step)
        if suggestion is None:
            return ()
        top = rules.supervising_tier(suggestion.content.grid)
        admins = uow.directory.holders_at(top.role, [top.node]).get(top.node, [])
        why = _due_text(suggestion, step.step, zone)
        made = context(now)
        if not admins:
            _step(uow, suggestion, Action.SUPERVISE, f"{top.describe()}无人在岗，跳过", made)
            return ()
        _step(uow, suggestion, Action.SUPERVISE, f"督办：上报{top.describe()}：{why}", made)
        push(
            uow,
            admins,
            PushKind.ESCALATION,
            suggestion,
            f"建议督办：{rules.short(suggestion.content.title)}",
            why,
            made,
        )
        return tuple(made.notified)

    return {rules.URGE: urge, rules.SUPERVISE: supervise}
