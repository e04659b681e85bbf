"""Suggestions and departments between officer.v1 messages and the
suggestions' own values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from officer.v1 import department_service_pb2, suggestion_service_pb2

from service.kernel.errors import InvalidArgument
from service.kernel.scope import resource_name
from service.platform import names, wire
from service.suggestions.ports import Department, RoutingRule, Step, Suggestion, SuggestionFilter
from service.suggestions.rules import (
    Category,
    Content,
    Counts,
    Limits,
    Satisfaction,
    State,
    Urgency,
    rate,
)

pb = suggestion_service_pb2


def suggestion_id(name: str, field: str = "name") -> str:
    return names.parse(names.SUGGESTION, name, field, "suggestions/{suggestion}")


def department_id(name: str, field: str = "name") -> str:
    return names.parse(names.DEPARTMENT, name, field, "departments/{department}")


def rule_id(name: str, field: str = "name") -> str:
    return names.parse(names.ROUTING_RULE, name, field, "routingRules/{routing_rule}")


def category(number: int, field: str) -> Category:
    return wire.required_enum(
        pb.SuggestionCategory, number, "SUGGESTION_CATEGORY_", field, Category
    )


def optional_category(number: int, field: str) -> Category | None:
    return wire.optional_enum(
        pb.SuggestionCategory, number, "SUGGESTION_CATEGORY_", field, Category
    )


def satisfaction(number: int) -> Satisfaction:
    return wire.required_enum(
        pb.Satisfaction, number, "SATISFACTION_", "satisfaction", Satisfaction
    )


def content(message: suggestion_service_pb2.Suggestion) -> Content:
    related = (
        names.parse(
            names.ACTIVITY,
            message.related_activity,
            "suggestion.related_activity",
            "activities/{activity}",
        )
        if message.related_activity
        else None
    )
    return Content(
        grid=names.parse(names.GRID, message.grid, "suggestion.grid", "grids/{code}"),
        category=category(message.category, "suggestion.category"),
        urgency=wire.optional_enum(
            pb.SuggestionUrgency,
            message.urgency,
            "SUGGESTION_URGENCY_",
            "suggestion.urgency",
            Urgency,
        )
        or Urgency.NORMAL,
        title=message.title,
        body=message.body,
        attachments=wire.attachments(message.attachments),
        related_activity=related,
    )


def list_filter(request: suggestion_service_pb2.ListSuggestionsRequest) -> SuggestionFilter:
    under = submitter = None
    if request.parent.startswith("officers/"):
        submitter = names.parse(names.OFFICER, request.parent, "parent", "officers/{officer}")
    else:
        under = names.optional_node_or_grid(request.parent, "parent")
    states = frozenset(
        wire.required_enum(pb.SuggestionState, number, "SUGGESTION_STATE_", f"states[{i}]", State)
        for i, number in enumerate(request.states)
    )
    return SuggestionFilter(
        under=under,
        submitter=submitter,
        states=states,
        category=optional_category(request.category, "category"),
        department=department_id(request.department, "department") if request.department else None,
    )


def _enum(prefix: str, value: Any) -> str:
    return f"{prefix}{value.value.upper()}"


def step(view: Step) -> suggestion_service_pb2.SuggestionStep:
    return pb.SuggestionStep(
        action=_enum("SUGGESTION_ACTION_", view.action),
        actor=f"users/{view.actor}" if view.actor else "",
        create_time=wire.timestamp(view.time),
        note=view.note,
        state=_enum("SUGGESTION_STATE_", view.state),
        department=f"departments/{view.department}" if view.department else "",
    )


_TIMES = (
    "dispatch_time",
    "sign_due_time",
    "close_due_time",
    "sign_time",
    "answer_time",
    "close_time",
)


def suggestion(view: Suggestion, history: Sequence[Step] = ()) -> suggestion_service_pb2.Suggestion:
    content = view.content
    message = pb.Suggestion(
        name=f"suggestions/{view.suggestion_id}",
        submitter=f"officers/{view.submitter}",
        grid=f"grids/{content.grid}",
        title=content.title,
        body=content.body,
        attachments=[wire.attachment(a) for a in content.attachments],
        state=_enum("SUGGESTION_STATE_", view.state),
        create_time=wire.timestamp(view.create_time),
        update_time=wire.timestamp(view.update_time),
        category=_enum("SUGGESTION_CATEGORY_", content.category),
        urgency=_enum("SUGGESTION_URGENCY_", content.urgency),
        related_activity=(
            f"activities/{content.related_activity}" if content.related_activity else ""
        ),
        department=f"departments/{view.department}" if view.department else "",
        answer=view.answer,
        satisfaction=_enum("SATISFACTION_", view.satisfaction) if view.satisfaction else None,
        rating_comment=view.rating_comment,
        return_count=view.return_count,
        reopened=view.reopened,
        history=[step(s) for s in history],
    )
    for field in _TIMES:
        value = getattr(view, field)
        if value is not None:
            getattr(message, field).CopyFrom(wire.timestamp(value))
    extension = view.pending_extension
    if extension is not None:
        message.pending_extension.CopyFrom(
            pb.SuggestionExtension(
                working_days=extension.working_days,
                reason=extension.reason,
                requester=f"users/{extension.requester}",
                create_time=wire.timestamp(extension.time),
            )
        )
    message.extended_working_days = view.extended_days
    if view.merged_into is not None:
        message.merged_into = f"suggestions/{view.merged_into}"
    return message


# --- departments ---------------------------------------------------------------

dpb = department_service_pb2


def limits(message: department_service_pb2.HandlingLimits) -> Limits:
    return Limits(
        message.sign_working_days,
        message.urgent_sign_working_hours,
        message.close_working_days,
        message.urgent_close_working_days,
    )


def handlers(message: department_service_pb2.Department) -> tuple[str, ...]:
    return tuple(
        names.parse(names.USER, name, f"department.handlers[{index}]", "users/{user}")
        for index, name in enumerate(message.handlers)
    )


def department_node(message: department_service_pb2.Department) -> str:
    return names.parse(
        names.SCOPE_NODE, message.scope_node, "department.scope_node", "scopeNodes/{code}"
    )


_DEPARTMENT_FIELDS = ("display_name", "handlers", "limits")


def department_changes(
    message: department_service_pb2.Department, paths: Sequence[str]
) -> dict[str, Any]:
    if not paths:
        raise InvalidArgument.field("update_mask", "name at least one field to change")
    unknown = sorted(set(paths) - set(_DEPARTMENT_FIELDS))
    if unknown:
        raise InvalidArgument.field(
            "update_mask",
            f"cannot change {', '.join(unknown)}; changeable: {', '.join(_DEPARTMENT_FIELDS)}",
        )
    return {
        "display_name": message.display_name if "display_name" in paths else None,
        "handlers": handlers(message) if "handlers" in paths else None,
        "limits": limits(message.limits) if "limits" in paths else None,
    }


def department(view: Department) -> department_service_pb2.Department:
    return dpb.Department(
        name=f"departments/{view.department_id}",
        display_name=view.display_name,
        scope_node=f"scopeNodes/{view.scope_node}",
        handlers=[f"users/{user}" for user in view.handlers],
        limits=dpb.HandlingLimits(
            sign_working_days=view.limits.sign_working_days,
            urgent_sign_working_hours=view.limits.urgent_sign_working_hours,
            close_working_days=view.limits.close_working_days,
            urgent_close_working_days=view.limits.urgent_close_working_days,
        ),
        create_time=wire.timestamp(view.create_time),
        update_time=wire.timestamp(view.update_time),
    )


def routing_rule(view: RoutingRule) -> department_service_pb2.RoutingRule:
    route = view.route
    return dpb.RoutingRule(
        name=f"routingRules/{route.rule_id}",
        category=_enum("SUGGESTION_CATEGORY_", route.category) if route.category else None,
        scope_node=resource_name(route.scope_node),
        department=f"departments/{route.department}",
        creator=f"users/{view.creator}",
        create_time=wire.timestamp(view.create_time),
    )


def counts(row: Counts, *, by_department: bool) -> suggestion_service_pb2.SuggestionCounts:
    message = pb.SuggestionCounts(
        received=row.received,
        dispatched=row.dispatched,
        sign_due=row.sign_due,
        signed_on_time=row.signed_on_time,
        close_due=row.close_due,
        closed_on_time=row.closed_on_time,
        rated=row.rated,
        satisfied=row.satisfied,
        returns=row.returns,
        on_time_sign_rate=rate(row.signed_on_time, row.sign_due),
        on_time_close_rate=rate(row.closed_on_time, row.close_due),
        satisfaction_rate=rate(row.satisfied, row.rated),
    )
    if row.key:
        if by_department:
            message.department = f"departments/{row.key}"
        else:
            message.scope_node = resource_name(row.key)
    return message
