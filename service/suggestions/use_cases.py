"""Suggestion use cases that change the record: submit, route, sign for,
return, answer, close, rate (and reopen), recategorize, ask for and decide an
extension, merge. The departments and routing table are departments.py's.

Each runs inside the caller's unit of work: the suggestion, its steps, the
pushes to the submitter and the handlers, and the domain events commit
together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from contracts.messages import PushKind
from service.kernel import escalation
from service.kernel.access import Caller
from service.kernel.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PermissionDenied,
)
from service.kernel.events import domain_event
from service.kernel.ids import new_id
from service.kernel.pushes import Outgoing, Push, deliver
from service.kernel.roles import Role
from service.kernel.scheduler import PlannedStep
from service.kernel.scope import covers, resource_name
from service.kernel.working_time import OfficeHours, WorkingCalendar
from service.suggestions import documents, rules, views
from service.suggestions.departments import department_named
from service.suggestions.ports import Department, Step, Suggestion, UnitOfWork
from service.suggestions.rules import (
    Action,
    Category,
    Content,
    Limits,
    Satisfaction,
    State,
    WorkingTime,
)


@dataclass(frozen=True)
class Context:
    """What every change needs besides the unit of work and the caller."""

    now: datetime
    # The city's zone, in which working days and office hours are counted.
    zone: ZoneInfo
    # The module's limits, where a department sets none.
    limits: Limits
    via_broker: bool
    office: OfficeHours = field(default_factory=OfficeHours)
    # 督办: this many working days after a deadline passes unmet.
    supervise_after_days: int = rules.SUPERVISE_AFTER_WORKING_DAYS
    # 延期: at most this many working days in all.
    max_extension_days: int = rules.MAX_EXTENSION_WORKING_DAYS
    # Whom the change pushed to (their streams are woken once it commits).
    notified: list[str] = field(default_factory=list)


def _working_time(uow: UnitOfWork, context: Context) -> WorkingTime:
    """The statutory calendar with the days city admins set over it."""
    days = uow.calendar_days.set_by_admins(context.now.date() - timedelta(days=1))
    return WorkingTime(context.zone, WorkingCalendar().with_days(days), context.office)


def _name(suggestion: Suggestion) -> str:
    return f"suggestions/{suggestion.suggestion_id}"


def record(
    uow: UnitOfWork,
    suggestion: Suggestion,
    steps: Sequence[Step],
    context: Context,
) -> None:
    """The steps, and an event to the host for each; the suggestions merged
    into it follow it."""
    uow.suggestions.add_steps(suggestion.suggestion_id, steps)
    uow.suggestions.follow(suggestion)
    if not context.via_broker:
        return
    uow.outbox.append([event(suggestion, step) for step in steps], context.now)


def event(suggestion: Suggestion, step: Step) -> Outgoing:
    """The domain event that tells the host of ``step``."""
    return domain_event(
        documents.EVENT_TYPES[step.action],
        subject=_name(suggestion),
        actor=f"users/{step.actor}" if step.actor else "system",
        data=documents.event_data(suggestion, step),
        now=step.time,
    )


def push(
    uow: UnitOfWork,
    users: Sequence[str],
    kind: PushKind,
    suggestion: Suggestion,
    title: str,
    summary: str,
    context: Context,
) -> None:
    """Each of ``users`` once, noted in the context (to wake their streams)."""
    if users:
        context.notified.extend(users)
        deliver(
            uow,
            [
                Push(
                    user_id=user,
                    kind=kind,
                    subject=_name(suggestion),
                    title=title,
                    summary=summary,
                    scope_node=suggestion.content.grid,
                )
                for user in dict.fromkeys(users)
            ],
            context.now,
            via_broker=context.via_broker,
        )


def _tell_submitter(
    uow: UnitOfWork, suggestion: Suggestion, what: str, summary: str, context: Context
) -> None:
    """The submitter hears of every step but their own (12345: 每个环节告知),
    and so do the submitters of the near-duplicates merged into it."""
    push(
        uow,
        [suggestion.submitter, *uow.suggestions.merged_submitters(suggestion.suggestion_id)],
        PushKind.SUGGESTION_REPLY,
        suggestion,
        f"您的建议“{rules.short(suggestion.content.title)}”{what}",
        summary,
        context,
    )


def _tell_department(
    uow: UnitOfWork,
    department: Department,
    kind: PushKind,
    suggestion: Suggestion,
    what: str,
    context: Context,
) -> None:
    push(
        uow,
        department.handlers,
        kind,
        suggestion,
        f"{what}：{rules.short(suggestion.content.title)}",
        rules.short(suggestion.content.body, rules.SUMMARY_CHARS),
        context,
    )


def _tell_reviewers(uow: UnitOfWork, suggestion: Suggestion, why: str, context: Context) -> None:
    """The nearest tier of the chain above the grid that has holders routes it by hand."""
    reached = escalation.nearest_held(uow.directory, suggestion.content.grid)
    push(
        uow,
        reached.holders,
        PushKind.SUGGESTION_UNROUTED,
        suggestion,
        f"建议待分派：{rules.short(suggestion.content.title)}",
        why,
        context,
    )


def _dispatch(
    uow: UnitOfWork,
    suggestion: Suggestion,
    department: Department,
    context: Context,
    *,
    fresh_clock: bool = False,
) -> Suggestion:
    """With ``department`` now. The deadlines run from the first dispatch, so
    a return and a re-routing do not stop them; a reopening starts them again."""
    dispatched = replace(
        suggestion,
        state=State.DISPATCHED,
        department=department.department_id,
        sign_time=None,
        update_time=context.now,
    )
    if fresh_clock or suggestion.dispatch_time is None:
        time = _working_time(uow, context)
        sign_due, close_due = rules.deadlines(
            context.now, suggestion.content.urgency, department.limits.over(context.limits), time
        )
        _supervise(uow, dispatched, sign_due, close_due, time, context)
        dispatched = replace(
            dispatched,
            dispatch_time=context.now,
            sign_due_time=sign_due,
            close_due_time=close_due,
            answer_time=None,
            close_time=None,
        )
    return dispatched


def _supervise(
    uow: UnitOfWork,
    suggestion: Suggestion,
    sign_due: datetime,
    close_due: datetime,
    time: WorkingTime,
    context: Context,
) -> None:
    """The supervision steps of a clock that starts now (a reopening drops
    those of the clock before)."""
    subject = _name(suggestion)
    for kind in (rules.URGE, rules.SUPERVISE):
        uow.due_steps.cancel(subject, kind, context.now)
    # A moved deadline plans only what is still to come and still unmet: an
    # urge made stays made, a deadline met is not urged.
    uow.due_steps.schedule(
        [
            PlannedStep(kind, subject, step, due)
            for kind, step, due in rules.supervision_plan(
                sign_due, close_due, context.supervise_after_days, time
            )
            if due > context.now and rules.unmet(step, suggestion.state)
        ],
        context.now,
    )


def _route_by_table(
    uow: UnitOfWork, suggestion: Suggestion, context: Context
) -> tuple[Suggestion, Step] | None:
    content = suggestion.content
    route = rules.choose_route(
        uow.departments.rules_over(content.grid), content.grid, content.category
    )
    if route is None:
        return None
    department = uow.departments.get(route.department)
    if department is None:
        return None
    routed = _dispatch(uow, suggestion, department, context)
    note = f"按分派规则 routingRules/{route.rule_id} 转交 {department.display_name}"
    step = Step(Action.ROUTE, None, context.now, note, routed.state, routed.department)
    _tell_department(
        uow, department, PushKind.SUGGESTION_DISPATCHED, routed, "新建议待签收", context
    )
    _tell_submitter(uow, routed, f"已转交{department.display_name}办理", note, context)
    return routed, step


def _check_submitter(uow: UnitOfWork, caller: Caller, content: Content) -> None:
    if not any(binding.role is Role.OFFICER for binding in caller.bindings):
        raise PermissionDenied("only officers submit suggestions")
    if caller.user_id not in uow.directory.users_in_reach([caller.user_id], [content.grid]):
        raise PermissionDenied(
            f"you submit suggestions only about a grid you serve, not grids/{content.grid}"
        )
    found: list[FieldViolation] = []
    if content.related_activity is not None and (
        uow.suggestions.activity_officers(content.related_activity) & {caller.user_id} == set()
    ):
        found.append(FieldViolation("suggestion.related_activity", "names no activity of yours"))
    if found:
        raise InvalidArgument(found)


def submit(uow: UnitOfWork, *, caller: Caller, content: Content, context: Context) -> Suggestion:
    """Recorded, and routed at once when the routing table has an entry for
    it; else the nearest reviewers are asked to route it."""
    rules.check(content)
    _check_submitter(uow, caller, content)
    suggestion = Suggestion(
        suggestion_id=new_id(context.now),
        submitter=caller.user_id,
        content=content,
        state=State.SUBMITTED,
        create_time=context.now,
        update_time=context.now,
    )
    uow.suggestions.insert(suggestion)
    steps = [Step(Action.SUBMIT, caller.user_id, context.now, "", State.SUBMITTED, None)]
    routed = _route_by_table(uow, suggestion, context)
    if routed is None:
        _tell_reviewers(uow, suggestion, "没有适用的分派规则，请人工分派", context)
    else:
        suggestion, step = routed
        uow.suggestions.update(suggestion)
        steps.append(step)
    record(uow, suggestion, steps, context)
    return suggestion


def route(
    uow: UnitOfWork,
    *,
    caller: Caller,
    suggestion_id: str,
    department_id: str,
    note: str,
    context: Context,
) -> Suggestion:
    """A reviewer over its grid dispatches it by hand to a department serving it."""
    rules.check_text(note, "note", required=False)
    suggestion = views.changeable(uow, caller, suggestion_id)
    if not views.reviews(caller, suggestion.content.grid):
        raise PermissionDenied(f"routing {_name(suggestion)} needs suggestion.review over its grid")
    department = department_named(uow, department_id, "department")
    if not covers(department.scope_node, suggestion.content.grid):
        raise InvalidArgument.field(
            "department",
            f"serves {resource_name(department.scope_node)}, not the suggestion's grid",
        )
    rules.next_state(suggestion.state, Action.ROUTE)
    routed = _dispatch(uow, suggestion, department, context)
    uow.suggestions.update(routed)
    record(
        uow,
        routed,
        [Step(Action.ROUTE, caller.user_id, context.now, note, routed.state, routed.department)],
        context,
    )
    kind_of_work = "退回后重新分派的建议待签收" if suggestion.return_count else "新建议待签收"
    _tell_department(uow, department, PushKind.SUGGESTION_DISPATCHED, routed, kind_of_work, context)
    _tell_submitter(uow, routed, f"已转交{department.display_name}办理", note, context)
    return routed


def _handled(
    uow: UnitOfWork, caller: Caller, suggestion_id: str, action: Action
) -> tuple[Suggestion, State]:
    suggestion = views.changeable(uow, caller, suggestion_id)
    if not views.handles(uow, caller, suggestion.department):
        raise PermissionDenied(
            f"only the handlers of the department {_name(suggestion)} is with act on it"
        )
    return suggestion, rules.next_state(suggestion.state, action)


def _step(
    uow: UnitOfWork,
    caller: Caller,
    after: Suggestion,
    action: Action,
    note: str,
    context: Context,
) -> Suggestion:
    uow.suggestions.update(after)
    step = Step(action, caller.user_id, context.now, note, after.state, after.department)
    record(uow, after, [step], context)
    return after


def sign(
    uow: UnitOfWork, *, caller: Caller, suggestion_id: str, note: str, context: Context
) -> Suggestion:
    rules.check_text(note, "note", required=False)
    suggestion, state = _handled(uow, caller, suggestion_id, Action.SIGN)
    signed = replace(suggestion, state=state, sign_time=context.now, update_time=context.now)
    _tell_submitter(uow, signed, "已签收，正在办理", note, context)
    return _step(uow, caller, signed, Action.SIGN, note, context)


def return_(
    uow: UnitOfWork, *, caller: Caller, suggestion_id: str, reason: str, context: Context
) -> Suggestion:
    """Back to the reviewers for routing, counted; the deadlines keep running."""
    rules.check_text(reason, "reason", required=True)
    suggestion, state = _handled(uow, caller, suggestion_id, Action.RETURN)
    returned = replace(
        suggestion,
        state=state,
        department=None,
        sign_time=None,
        return_count=suggestion.return_count + 1,
        update_time=context.now,
    )
    _tell_submitter(uow, returned, "被承办部门退回，正在重新分派", reason, context)
    _tell_reviewers(uow, returned, f"承办部门退回：{reason}", context)
    return _step(uow, caller, returned, Action.RETURN, reason, context)


def answer(
    uow: UnitOfWork, *, caller: Caller, suggestion_id: str, text: str, context: Context
) -> Suggestion:
    rules.check_text(text, "answer", required=True, limit=rules.MAX_BODY_CHARS)
    suggestion, state = _handled(uow, caller, suggestion_id, Action.ANSWER)
    answered = replace(
        suggestion, state=state, answer=text, answer_time=context.now, update_time=context.now
    )
    _tell_submitter(
        uow, answered, "已收到部门回复", rules.short(text, rules.SUMMARY_CHARS), context
    )
    return _step(uow, caller, answered, Action.ANSWER, text, context)


def close(
    uow: UnitOfWork, *, caller: Caller, suggestion_id: str, note: str, context: Context
) -> Suggestion:
    rules.check_text(note, "note", required=False)
    suggestion, state = _handled(uow, caller, suggestion_id, Action.CLOSE)
    closed = replace(suggestion, state=state, close_time=context.now, update_time=context.now)
    # Closed in time or late, there is nothing left to urge or supervise.
    for kind in (rules.URGE, rules.SUPERVISE):
        uow.due_steps.cancel(_name(closed), kind, context.now)
    _tell_submitter(uow, closed, "已办结，请评价", note, context)
    return _step(uow, caller, closed, Action.CLOSE, note, context)


def rate(
    uow: UnitOfWork,
    *,
    caller: Caller,
    suggestion_id: str,
    satisfaction: Satisfaction,
    comment: str,
    context: Context,
) -> Suggestion:
    """The submitter's 回访; the first dissatisfied rating reopens it (重办)
    with the department it was with, its clock started again."""
    rules.check_text(comment, "comment", required=False)
    suggestion = views.changeable(uow, caller, suggestion_id)
    if caller.user_id != suggestion.submitter:
        raise PermissionDenied(f"only the submitter rates {_name(suggestion)}")
    state = rules.next_state(suggestion.state, Action.RATE)
    rated = replace(
        suggestion,
        state=state,
        satisfaction=satisfaction,
        rating_comment=comment,
        update_time=context.now,
    )
    steps = [Step(Action.RATE, caller.user_id, context.now, comment, state, rated.department)]
    department = uow.departments.get(rated.department) if rated.department else None
    if rules.reopens(satisfaction, suggestion.reopened) and department is not None:
        rated = replace(_dispatch(uow, rated, department, context, fresh_clock=True), reopened=True)
        steps.append(
            Step(Action.REOPEN, caller.user_id, context.now, comment, rated.state, rated.department)
        )
        _tell_department(
            uow, department, PushKind.SUGGESTION_DISPATCHED, rated, "不满意，重办", context
        )
    uow.suggestions.update(rated)
    record(uow, rated, steps, context)
    return rated


def recategorize(
    uow: UnitOfWork,
    *,
    caller: Caller,
    suggestion_id: str,
    category: Category,
    reason: str,
    context: Context,
) -> Suggestion:
    """A reviewer, or its submitter before it is signed for. One the table
    routes elsewhere now moves there, and both departments are told."""
    rules.check_text(reason, "reason", required=False)
    suggestion = views.changeable(uow, caller, suggestion_id)
    if category is suggestion.content.category:
        return suggestion
    submitter_may = caller.user_id == suggestion.submitter and suggestion.state in (
        State.SUBMITTED,
        State.DISPATCHED,
        State.RETURNED,
    )
    if not (submitter_may or views.reviews(caller, suggestion.content.grid)):
        raise PermissionDenied(
            f"the category of {_name(suggestion)} is a reviewer's to change once it is signed for"
        )
    rules.next_state(suggestion.state, Action.RECATEGORIZE)
    changed = replace(
        suggestion,
        content=replace(suggestion.content, category=category),
        update_time=context.now,
    )
    note = f"{suggestion.content.category.value} → {category.value}" + (
        f"：{reason}" if reason else ""
    )
    steps = [
        Step(
            Action.RECATEGORIZE,
            caller.user_id,
            context.now,
            note,
            changed.state,
            changed.department,
        )
    ]
    old = uow.departments.get(suggestion.department) if suggestion.department else None
    content = changed.content
    found = rules.choose_route(uow.departments.rules_over(content.grid), content.grid, category)
    if found is not None and found.department != suggestion.department:
        routed = _route_by_table(uow, replace(changed, department=None), context)
        if routed is not None:
            changed, step = routed
            steps.append(step)
            if old is not None:
                _tell_department(
                    uow, old, PushKind.SUGGESTION_WITHDRAWN, changed, "建议已改派他处", context
                )
    uow.suggestions.update(changed)
    record(uow, changed, steps, context)
    return changed


def _supervisors(uow: UnitOfWork, suggestion: Suggestion) -> list[str]:
    """The supervising admins: the district admins over its grid (the top of
    the escalation chain)."""
    top = rules.supervising_tier(suggestion.content.grid)
    return uow.directory.holders_at(top.role, [top.node]).get(top.node, [])


def ask_extension(
    uow: UnitOfWork,
    *,
    caller: Caller,
    suggestion_id: str,
    working_days: int,
    reason: str,
    context: Context,
) -> Suggestion:
    """The department asks for more time (延期) before the close deadline."""
    rules.check_text(reason, "reason", required=True)
    suggestion, state = _handled(uow, caller, suggestion_id, Action.ASK_EXTENSION)
    rules.check_extension(
        working_days,
        pending=suggestion.pending_extension,
        extended=suggestion.extended_days,
        close_due=suggestion.close_due_time,
        now=context.now,
        maximum=context.max_extension_days,
    )
    asked = replace(
        suggestion,
        state=state,
        pending_extension=rules.Extension(working_days, reason, caller.user_id, context.now),
        update_time=context.now,
    )
    note = f"申请延期{working_days}个工作日：{reason}"
    push(
        uow,
        _supervisors(uow, asked),
        PushKind.SUGGESTION_EXTENSION,
        asked,
        f"延期申请待审批：{rules.short(asked.content.title)}",
        note,
        context,
    )
    return _step(uow, caller, asked, Action.ASK_EXTENSION, note, context)


def decide_extension(
    uow: UnitOfWork,
    *,
    caller: Caller,
    suggestion_id: str,
    approve: bool,
    note: str,
    context: Context,
) -> Suggestion:
    """A supervising admin grants the extension (the close deadline moves, and
    its supervision with it) or refuses it (a reason is owed)."""
    rules.check_text(note, "note", required=not approve)
    suggestion = views.changeable(uow, caller, suggestion_id)
    views.check_routes(caller, suggestion.content.grid)
    action = Action.GRANT_EXTENSION if approve else Action.DENY_EXTENSION
    state = rules.next_state(suggestion.state, action)
    extension = suggestion.pending_extension
    if extension is None:
        raise FailedPrecondition(
            f"{_name(suggestion)} has no extension waiting", reason="NO_EXTENSION_PENDING"
        )
    decided = replace(suggestion, state=state, pending_extension=None, update_time=context.now)
    department = uow.departments.get(suggestion.department) if suggestion.department else None
    if approve and suggestion.close_due_time is not None and suggestion.sign_due_time:
        time = _working_time(uow, context)
        close_due = rules.extended_close(suggestion.close_due_time, extension.working_days, time)
        decided = replace(
            decided,
            close_due_time=close_due,
            extended_days=suggestion.extended_days + extension.working_days,
        )
        _supervise(uow, decided, suggestion.sign_due_time, close_due, time, context)
        shown = close_due.astimezone(context.zone).strftime("%Y-%m-%d %H:%M")
        _tell_submitter(uow, decided, "的办理期限已延长", f"办结时限延至 {shown}", context)
    what = f"延期{extension.working_days}个工作日" + ("已批准" if approve else "未批准")
    if department is not None:
        _tell_department(uow, department, PushKind.SUGGESTION_EXTENSION, decided, what, context)
    return _step(uow, caller, decided, action, f"{what}：{note}" if note else what, context)


def merge(
    uow: UnitOfWork,
    *,
    caller: Caller,
    suggestion_id: str,
    survivor_id: str,
    note: str,
    context: Context,
) -> Suggestion:
    """A reviewer over both merges a near-duplicate into a suggestion of the
    same community; it follows the survivor from then on."""
    rules.check_text(note, "note", required=False)
    if survivor_id == suggestion_id:
        raise InvalidArgument.field("survivor", "is the suggestion itself")
    merged = views.changeable(uow, caller, suggestion_id)
    survivor = views.changeable(uow, caller, survivor_id)
    content = merged.content
    if not (views.reviews(caller, content.grid) and views.reviews(caller, survivor.content.grid)):
        raise PermissionDenied("merging needs suggestion.review over both suggestions' grids")
    if content.grid[:12] != survivor.content.grid[:12]:
        raise InvalidArgument.field("survivor", "is of another community")
    rules.next_state(merged.state, Action.MERGE)
    if survivor.state is State.RATED:
        rules.next_state(survivor.state, Action.MERGE)
    for kind in (rules.URGE, rules.SUPERVISE):
        uow.due_steps.cancel(_name(merged), kind, context.now)
    old = uow.departments.get(merged.department) if merged.department else None
    followed = replace(
        merged,
        merged_into=survivor_id,
        state=survivor.state,
        department=survivor.department,
        pending_extension=None,
        update_time=context.now,
    )
    uow.suggestions.update(followed)
    text = f"并入 {_name(survivor)}" + (f"：{note}" if note else "")
    step = Step(
        Action.MERGE, caller.user_id, context.now, text, followed.state, followed.department
    )
    record(uow, followed, [step], context)
    push(
        uow,
        [merged.submitter],
        PushKind.SUGGESTION_REPLY,
        followed,
        f"您的建议“{rules.short(content.title)}”已与同类建议合并办理",
        text,
        context,
    )
    if old is not None and old.department_id != survivor.department:
        _tell_department(uow, old, PushKind.SUGGESTION_WITHDRAWN, followed, "建议已合并", context)
    return followed
