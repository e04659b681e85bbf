"""The authorization matrix's suggestion and department cells: the world they
need (a city-wide department the spare officer handles for, a routing entry
sending governance suggestions to it, and per target a suggestion of its
officer, a department at its community and a routing entry at its grid), and
one call per RPC."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
import sqlalchemy as sa
from google.protobuf import field_mask_pb2
from officer.v1 import (
    department_service_pb2,
    department_service_pb2_grpc,
    suggestion_service_pb2,
    suggestion_service_pb2_grpc,
)

from tests.integration.bearer import auth

pb = suggestion_service_pb2
dpb = department_service_pb2
NONEXISTENT_SUGGESTION = "suggestions/01ARZ3NDEKTSV4RRFFQ69G5FAV"
NONEXISTENT_DEPARTMENT = "departments/no-such-department"
NONEXISTENT_RULE = "routingRules/01ARZ3NDEKTSV4RRFFQ69G5FAV"
CITY_DEPARTMENT = "departments/matrix-city"
# Routed by the city-wide entry; never routed (waits for a reviewer).
ROUTED = pb.SUGGESTION_CATEGORY_GOVERNANCE
UNROUTED = pb.SUGGESTION_CATEGORY_EPIDEMIC


@dataclass(frozen=True)
class SuggestionWorld:
    handler: str
    suggestions: dict[str, str]
    departments: dict[str, str]
    rules: dict[str, str]


def suggestion(grid: str, category: Any = ROUTED) -> Any:
    return pb.Suggestion(
        grid=f"grids/{grid}", category=category, title="授权矩阵", body="authorization matrix"
    )


def build(
    channel: grpc.Channel,
    engine: sa.Engine,
    actors: dict[str, str],
    grids: dict[str, str],
    officers: dict[str, str],
    handler: str,
) -> SuggestionWorld:
    with engine.connect() as connection:
        city = connection.execute(
            sa.text("SELECT scope_node FROM role_binding WHERE user_id = :user"),
            {"user": actors["city_admin"]},
        ).scalar_one()
    admin = auth(actors["city_admin"])
    departments = department_service_pb2_grpc.DepartmentServiceStub(channel)  # type: ignore[no-untyped-call]
    suggestions = suggestion_service_pb2_grpc.SuggestionServiceStub(channel)  # type: ignore[no-untyped-call]

    def department(department_id: str, node: str) -> str:
        return str(
            departments.CreateDepartment(
                dpb.CreateDepartmentRequest(
                    department_id=department_id,
                    department=dpb.Department(
                        display_name="授权矩阵",
                        scope_node=f"scopeNodes/{node}",
                        handlers=[f"users/{handler}"],
                    ),
                ),
                metadata=admin,
            ).department.name
        )

    def rule(node: str, category: Any) -> str:
        return str(
            departments.CreateRoutingRule(
                dpb.CreateRoutingRuleRequest(
                    routing_rule=dpb.RoutingRule(
                        category=category, scope_node=node, department=CITY_DEPARTMENT
                    )
                ),
                metadata=admin,
            ).routing_rule.name
        )

    department("matrix-city", city)
    rule(f"scopeNodes/{city}", ROUTED)
    real = {relation: grid for relation, grid in grids.items() if relation != "nonexistent"}
    return SuggestionWorld(
        handler=handler,
        suggestions={
            **{
                relation: suggestions.CreateSuggestion(
                    pb.CreateSuggestionRequest(suggestion=suggestion(grid)),
                    metadata=auth(officers[relation]),
                ).suggestion.name
                for relation, grid in real.items()
            },
            "nonexistent": NONEXISTENT_SUGGESTION,
        },
        departments={
            **{
                relation: department(f"matrix-{relation.replace('_', '-')}", grid[:12])
                for relation, grid in real.items()
            },
            "nonexistent": NONEXISTENT_DEPARTMENT,
        },
        rules={
            **{
                relation: rule(f"grids/{grid}", pb.SUGGESTION_CATEGORY_ENTERPRISE)
                for relation, grid in real.items()
            },
            "nonexistent": NONEXISTENT_RULE,
        },
    )


def suggestion_stub(cell: Any) -> Any:
    return cell.stub(suggestion_service_pb2_grpc.SuggestionServiceStub)


def _departments(cell: Any) -> Any:
    return cell.stub(department_service_pb2_grpc.DepartmentServiceStub)


# How many of the handler's steps come before the cell's own.
_BEFORE = {"": 0, "answer": 1, "close": 2, "rate": 3, "extension": 1}


def _fresh(cell: Any, category: Any = ROUTED, *, handled_to: str = "") -> str:
    """A suggestion of this cell's own, submitted by the target's officer and,
    when asked, taken by the handler to just before ``handled_to``."""
    if cell.relation == "nonexistent":
        return NONEXISTENT_SUGGESTION
    stub = suggestion_stub(cell)
    name = str(
        stub.CreateSuggestion(
            pb.CreateSuggestionRequest(suggestion=suggestion(cell.grid, category)),
            metadata=auth(cell.officer),
        ).suggestion.name
    )
    handler = auth(cell.world.suggestion_world.handler)
    if handled_to == "decide":
        stub.SignSuggestion(pb.SignSuggestionRequest(name=name), metadata=handler)
        stub.RequestSuggestionExtension(
            pb.RequestSuggestionExtensionRequest(name=name, working_days=2, reason="授权矩阵"),
            metadata=handler,
        )
        return name
    steps = ("sign", "answer", "close")
    for step in steps[: _BEFORE[handled_to]]:
        if step == "sign":
            stub.SignSuggestion(pb.SignSuggestionRequest(name=name), metadata=handler)
        elif step == "answer":
            stub.AnswerSuggestion(
                pb.AnswerSuggestionRequest(name=name, answer="答"), metadata=handler
            )
        else:
            stub.CloseSuggestion(pb.CloseSuggestionRequest(name=name), metadata=handler)
    return name


def _survivor(cell: Any) -> str:
    """A fresh suggestion to merge into; for a target that does not exist, a
    real one (what is refused is then the missing one)."""
    if cell.relation == "nonexistent":
        return str(cell.world.suggestion_world.suggestions["own"])
    return _fresh(cell)


def _create_rule_and_clean_up(cell: Any) -> bool:
    departments = _departments(cell)
    created = departments.CreateRoutingRule(
        dpb.CreateRoutingRuleRequest(
            routing_rule=dpb.RoutingRule(
                category=pb.SUGGESTION_CATEGORY_LEGAL,
                scope_node=f"grids/{cell.grid}",
                department=CITY_DEPARTMENT,
            )
        ),
        metadata=cell.metadata,
    )
    departments.DeleteRoutingRule(
        dpb.DeleteRoutingRuleRequest(name=created.routing_rule.name),
        metadata=auth(cell.world.actors["city_admin"]),
    )
    return True


def _delete_fresh_rule(cell: Any) -> bool:
    departments = _departments(cell)
    admin = auth(cell.world.actors["city_admin"])
    if cell.relation == "nonexistent":
        name = NONEXISTENT_RULE
    else:
        name = departments.CreateRoutingRule(
            dpb.CreateRoutingRuleRequest(
                routing_rule=dpb.RoutingRule(
                    category=pb.SUGGESTION_CATEGORY_PUBLIC_SAFETY,
                    scope_node=f"grids/{cell.grid}",
                    department=CITY_DEPARTMENT,
                )
            ),
            metadata=admin,
        ).routing_rule.name
    try:
        departments.DeleteRoutingRule(
            dpb.DeleteRoutingRuleRequest(name=name), metadata=cell.metadata
        )
        return True
    finally:
        # Whatever the actor could do, the next cell finds the grid's entry free.
        with contextlib.suppress(grpc.RpcError):
            departments.DeleteRoutingRule(dpb.DeleteRoutingRuleRequest(name=name), metadata=admin)


def _cell_id(cell: Any) -> str:
    """A department id of this cell's own."""
    return f"m-{cell.role}-{cell.relation}".replace("_", "-")


def calls(listed: Callable[..., set[str]]) -> dict[str, Callable[[Any], bool]]:
    """The cells' calls; ``listed`` reads a list to its end (authz_calls._listed)."""

    def world(cell: Any) -> SuggestionWorld:
        found: SuggestionWorld = cell.world.suggestion_world
        return found

    return {
        "CreateSuggestion": lambda c: bool(
            suggestion_stub(c).CreateSuggestion(
                pb.CreateSuggestionRequest(suggestion=suggestion(c.grid)), metadata=c.metadata
            )
        ),
        "GetSuggestion": lambda c: bool(
            suggestion_stub(c).GetSuggestion(
                pb.GetSuggestionRequest(name=world(c).suggestions[c.relation]), metadata=c.metadata
            )
        ),
        "ListSuggestions": lambda c: (
            world(c).suggestions[c.relation]
            in listed(
                c,
                suggestion_stub(c).ListSuggestions,
                lambda token: pb.ListSuggestionsRequest(page_size=1000, page_token=token),
                "suggestions",
            )
        ),
        "UpdateSuggestion": lambda c: bool(
            suggestion_stub(c).UpdateSuggestion(
                pb.UpdateSuggestionRequest(
                    suggestion=pb.Suggestion(
                        name=_fresh(c, UNROUTED), category=pb.SUGGESTION_CATEGORY_OTHER
                    ),
                    update_mask=field_mask_pb2.FieldMask(paths=["category"]),
                ),
                metadata=c.metadata,
            )
        ),
        "RouteSuggestion": lambda c: bool(
            suggestion_stub(c).RouteSuggestion(
                pb.RouteSuggestionRequest(name=_fresh(c, UNROUTED), department=CITY_DEPARTMENT),
                metadata=c.metadata,
            )
        ),
        "SignSuggestion": lambda c: bool(
            suggestion_stub(c).SignSuggestion(
                pb.SignSuggestionRequest(name=_fresh(c)), metadata=c.metadata
            )
        ),
        "ReturnSuggestion": lambda c: bool(
            suggestion_stub(c).ReturnSuggestion(
                pb.ReturnSuggestionRequest(name=_fresh(c), reason="授权矩阵"), metadata=c.metadata
            )
        ),
        "AnswerSuggestion": lambda c: bool(
            suggestion_stub(c).AnswerSuggestion(
                pb.AnswerSuggestionRequest(name=_fresh(c, handled_to="answer"), answer="答"),
                metadata=c.metadata,
            )
        ),
        "CloseSuggestion": lambda c: bool(
            suggestion_stub(c).CloseSuggestion(
                pb.CloseSuggestionRequest(name=_fresh(c, handled_to="close")), metadata=c.metadata
            )
        ),
        "RateSuggestion": lambda c: bool(
            suggestion_stub(c).RateSuggestion(
                pb.RateSuggestionRequest(
                    name=_fresh(c, handled_to="rate"), satisfaction=pb.SATISFACTION_SATISFIED
                ),
                metadata=c.metadata,
            )
        ),
        "RequestSuggestionExtension": lambda c: bool(
            suggestion_stub(c).RequestSuggestionExtension(
                pb.RequestSuggestionExtensionRequest(
                    name=_fresh(c, handled_to="extension"), working_days=2, reason="授权矩阵"
                ),
                metadata=c.metadata,
            )
        ),
        "DecideSuggestionExtension": lambda c: bool(
            suggestion_stub(c).DecideSuggestionExtension(
                pb.DecideSuggestionExtensionRequest(
                    name=_fresh(c, handled_to="decide"), approve=True
                ),
                metadata=c.metadata,
            )
        ),
        "MergeSuggestion": lambda c: bool(
            suggestion_stub(c).MergeSuggestion(
                pb.MergeSuggestionRequest(name=_fresh(c), survivor=_survivor(c)),
                metadata=c.metadata,
            )
        ),
        # Reached: the relation's grid holds its officer's suggestion, and it is counted.
        "GetSuggestionStats": lambda c: (
            suggestion_stub(c)
            .GetSuggestionStats(
                pb.GetSuggestionStatsRequest(parent=f"grids/{c.grid}"), metadata=c.metadata
            )
            .total.received
            > 0
        ),
        "CreateDepartment": lambda c: bool(
            _departments(c).CreateDepartment(
                dpb.CreateDepartmentRequest(
                    department_id=_cell_id(c),
                    department=dpb.Department(
                        display_name="授权矩阵",
                        scope_node=f"scopeNodes/{c.grid[:12]}",
                        handlers=[f"users/{world(c).handler}"],
                    ),
                ),
                metadata=c.metadata,
            )
        ),
        "GetDepartment": lambda c: bool(
            _departments(c).GetDepartment(
                dpb.GetDepartmentRequest(name=world(c).departments[c.relation]),
                metadata=c.metadata,
            )
        ),
        "ListDepartments": lambda c: (
            world(c).departments[c.relation]
            in listed(
                c,
                _departments(c).ListDepartments,
                lambda token: dpb.ListDepartmentsRequest(page_size=1000, page_token=token),
                "departments",
            )
        ),
        "UpdateDepartment": lambda c: bool(
            _departments(c).UpdateDepartment(
                dpb.UpdateDepartmentRequest(
                    department=dpb.Department(
                        name=world(c).departments[c.relation], display_name="授权矩阵改"
                    ),
                    update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
                ),
                metadata=c.metadata,
            )
        ),
        "CreateRoutingRule": _create_rule_and_clean_up,
        "ListRoutingRules": lambda c: (
            world(c).rules[c.relation]
            in listed(
                c,
                _departments(c).ListRoutingRules,
                lambda token: dpb.ListRoutingRulesRequest(page_size=1000, page_token=token),
                "routing_rules",
            )
        ),
        "DeleteRoutingRule": _delete_fresh_rule,
    }
