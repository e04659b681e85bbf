"""Use cases of the departments that handle suggestions and of the routing
table that sends suggestions to them (managed with ``suggestion.route``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from service.kernel.access import Caller, Permission
from service.kernel.errors import AlreadyExists, FieldViolation, InvalidArgument, PermissionDenied
from service.kernel.ids import new_id
from service.kernel.scope import covers, resource_name
from service.suggestions import rules, views
from service.suggestions.ports import Department, RoutingRule, UnitOfWork
from service.suggestions.rules import Category, Limits, Route


def department_named(uow: UnitOfWork, department_id: str, field: str) -> Department:
    """The department a request names; INVALID_ARGUMENT naming ``field`` for none."""
    department = uow.departments.get(department_id)
    if department is None:
        raise InvalidArgument.field(field, "names no department")
    return department


def _check_handlers(uow: UnitOfWork, handlers: Sequence[str]) -> None:
    live = uow.departments.live_users(handlers)
    found = [
        FieldViolation(f"department.handlers[{index}]", "names no user the registry knows")
        for index, user in enumerate(handlers)
        if user not in live
    ]
    if found:
        raise InvalidArgument(found)


def create_department(
    uow: UnitOfWork,
    *,
    caller: Caller,
    department_id: str,
    display_name: str,
    scope_node: str,
    handlers: tuple[str, ...],
    limits: Limits,
    now: datetime,
) -> Department:
    rules.check_department_id(department_id)
    found = rules.department_violations(display_name, handlers, limits)
    if found:
        raise InvalidArgument(found)
    views.check_routes(caller, scope_node)
    if not uow.directory.node_exists(scope_node):
        raise PermissionDenied.outside_scope(resource_name(scope_node))
    _check_handlers(uow, handlers)
    department = Department(
        department_id, display_name, scope_node, tuple(sorted(handlers)), limits, now, now
    )
    if not uow.departments.insert(department):
        raise AlreadyExists(f"departments/{department_id} exists")
    return department


def update_department(
    uow: UnitOfWork,
    *,
    caller: Caller,
    department_id: str,
    display_name: str | None,
    handlers: tuple[str, ...] | None,
    limits: Limits | None,
    now: datetime,
) -> Department:
    """The fields given (not None) take their values."""
    department = uow.departments.get(department_id)
    if department is None:
        raise PermissionDenied.outside_scope(f"departments/{department_id}")
    views.check_routes(caller, department.scope_node)
    changed = replace(
        department,
        display_name=department.display_name if display_name is None else display_name,
        handlers=department.handlers if handlers is None else tuple(sorted(handlers)),
        limits=department.limits if limits is None else limits,
        update_time=now,
    )
    found = rules.department_violations(changed.display_name, changed.handlers, changed.limits)
    if found:
        raise InvalidArgument(found)
    if handlers is not None:
        _check_handlers(uow, handlers)
    uow.departments.update(changed)
    return changed


def create_rule(
    uow: UnitOfWork,
    *,
    caller: Caller,
    category: Category | None,
    scope_node: str,
    department_id: str,
    now: datetime,
) -> RoutingRule:
    views.check_routes(caller, scope_node)
    if not uow.directory.node_exists(scope_node):
        raise PermissionDenied.outside_scope(resource_name(scope_node))
    department = department_named(uow, department_id, "routing_rule.department")
    if not covers(department.scope_node, scope_node):
        raise InvalidArgument.field(
            "routing_rule.department",
            f"serves {resource_name(department.scope_node)}, which does not hold "
            f"{resource_name(scope_node)}",
        )
    rule = RoutingRule(Route(new_id(now), category, scope_node, department_id), caller.user_id, now)
    if not uow.departments.add_rule(rule):
        what = category.value if category else "every category"
        raise AlreadyExists(f"an entry for {what} at {resource_name(scope_node)} exists")
    return rule


def delete_rule(uow: UnitOfWork, *, caller: Caller, rule_id: str) -> None:
    rule = uow.departments.get_rule(rule_id)
    if rule is None or not caller.reach(Permission.SUGGESTION_ROUTE).covers_node(
        rule.route.scope_node
    ):
        raise PermissionDenied.outside_scope(f"routingRules/{rule_id}")
    uow.departments.drop_rule(rule_id)
