"""Supervision of suggestions made by the scheduler: 催办 to the department
when a deadline passes unmet, 督办 to the supervising admin (the district
admin over its grid, the top of the escalation chain) a further wait later.
Each is recorded on the suggestion, published to the host, and made once
however many replicas sweep (kernel/scheduler.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from contracts.messages import PushKind
from service.kernel.pushes import Outgoing, Push, deliver
from service.kernel.scheduler import Batched, DueStep, Handler
from service.suggestions import rules
from service.suggestions.ports import Step, Suggestion, UnitOfWork
from service.suggestions.rules import Action, Limits
from service.suggestions.use_cases import Context, event, push, record


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

    def urge_all(
        uow: UnitOfWork, steps: Sequence[DueStep], now: datetime
    ) -> dict[str, tuple[str, ...]]:
        """The urges owed, with one read of the suggestions and their
        departments and one write of each kind of row for them all (a morning
        after a holiday may owe thousands). An urge changes no state, so the
        suggestions merged into one need not follow it."""
        found = uow.suggestions.get_many([s.subject.removeprefix("suggestions/") for s in steps])
        handlers = uow.departments.handlers_of(
            sorted({s.department for s in found.values() if s.department})
        )
        recorded: list[tuple[str, Step]] = []
        pushes: list[Push] = []
        events: list[Outgoing] = []
        notified: dict[str, tuple[str, ...]] = {}
        for due in steps:
            suggestion = found.get(due.subject.removeprefix("suggestions/"))
            if suggestion is None or not rules.unmet(due.step, suggestion.state):
                continue
            users = handlers.get(suggestion.department or "", ())
            if not users:
                continue
            why = _due_text(suggestion, due.step, zone)
            step = Step(
                Action.URGE, None, now, f"催办：{why}", suggestion.state, suggestion.department
            )
            recorded.append((suggestion.suggestion_id, step))
            pushes.extend(
                Push(
                    user_id=user,
                    kind=PushKind.SUGGESTION_URGED,
                    subject=due.subject,
                    title=f"催办：{rules.short(suggestion.content.title)}",
                    summary=why,
                    scope_node=suggestion.content.grid,
                )
                for user in users
            )
            if via_broker:
                events.append(event(suggestion, step))
            notified[due.step_id] = users
        if recorded:
            uow.suggestions.add_many_steps(recorded)
            deliver(uow, pushes, now, via_broker=via_broker)
            if events:
                uow.outbox.append(events, now)
        return notified

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

    return {rules.URGE: Batched(urge_all), rules.SUPERVISE: supervise}
