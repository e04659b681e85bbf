"""The authorization matrix (tests/authz_matrix.toml) against a real server over
the small synthetic city, on SQLite and PostgreSQL: every cell is a test, and a
cell that reaches what it should not is a leak."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import (
    activity_service_pb2,
    activity_service_pb2_grpc,
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    policy_service_pb2,
    policy_service_pb2_grpc,
    task_service_pb2,
    task_service_pb2_grpc,
)

from service.devtools.host_sim import load_city
from service.platform.services import officer_servicer_classes
from service.platform.store import database, schema
from tests.conftest import scratch_database
from tests.integration import authz_suggestions
from tests.integration.authz_calls import (
    LISTS_BY_PARENT,
    NONEXISTENT_ACTIVITY,
    NONEXISTENT_ITEM,
    NONEXISTENT_NOTICE,
    NONEXISTENT_TASK,
    World,
    activity,
    all_names,
    list_outcome,
    notice,
    outcome,
    task,
)
from tests.integration.authz_suggestions import SuggestionWorld
from tests.integration.bearer import auth
from tests.integration.service_process import ServiceProcess
from tests.registry_events import apply_directly, unit_admin

MATRIX = tomllib.loads((Path(__file__).parents[1] / "authz_matrix.toml").read_text())
ROLES = [
    "officer",
    "grid_worker",
    "community_head",
    "street_liaison",
    "district_admin",
    "city_admin",
    "unit_admin",
]
RELATIONS = [
    "own",
    "sibling_grid",
    "other_community",
    "other_street",
    "other_district",
    "nonexistent",
]
NONEXISTENT_GRID = "320102098098098"
UNIT_ADMIN = "unit-admin-test"
# How each relation's grid stands to the actor's own grid (codes nest by prefix).
_RELATED: dict[str, Callable[[str, str], bool]] = {
    "sibling_grid": lambda grid, own: grid[:12] == own[:12] and grid != own,
    "other_community": lambda grid, own: grid[:9] == own[:9] and grid[:12] != own[:12],
    "other_street": lambda grid, own: grid[:6] == own[:6] and grid[:9] != own[:9],
    "other_district": lambda grid, own: grid[:6] != own[:6],
}


def _unit_admin(unit: str) -> bytes:
    return unit_admin(UNIT_ADMIN, unit)


def _choose(
    engine: sa.Engine,
) -> tuple[dict[str, str], dict[str, str], dict[str, str], str, str]:
    """Actors and, for each relation, a target grid with a plain officer serving it."""
    with engine.connect() as connection:
        bindings = connection.execute(
            sa.text("SELECT user_id, role, scope_node FROM role_binding")
        ).all()
        category: dict[str, str | None] = dict(
            connection.execute(sa.text("SELECT user_id, officer_category FROM host_user")).all()
        )
    roles: dict[str, set[str]] = defaultdict(set)
    heads: dict[str, int] = defaultdict(int)
    for user_id, role, _ in bindings:
        roles[user_id].add(role)
        heads[user_id] += role == "community_head"
    plain_officer: dict[str, str] = {}
    workers: dict[str, str] = {}
    holder: dict[tuple[str, str], str] = {}
    for user_id, role, scope in bindings:
        if role == "officer" and roles[user_id] == {"officer"}:
            plain_officer.setdefault(scope, user_id)
        if role == "grid_worker":
            workers.setdefault(scope, user_id)
        # The city's edge case heads two communities: not a plain community head.
        if role != "community_head" or heads[user_id] == 1:
            holder.setdefault((role, scope), user_id)
    grids = sorted(plain_officer)
    for own in grids:
        officer = plain_officer[own]
        if own not in workers or ("community_head", own[:12]) not in holder:
            continue
        if ("street_liaison", own[:9]) not in holder:
            continue

        targets = {"own": own}
        for relation, related in _RELATED.items():
            found = next(
                (
                    grid
                    for grid in grids
                    if related(grid, own) and category[plain_officer[grid]] != category[officer]
                ),
                None,
            )
            if found is None:
                break
            targets[relation] = found
        else:
            actors = {
                "officer": officer,
                "grid_worker": workers[own],
                "community_head": holder[("community_head", own[:12])],
                "street_liaison": holder[("street_liaison", own[:9])],
                "district_admin": f"admin-{own[:6]}",
                "city_admin": "admin-city",
                "unit_admin": UNIT_ADMIN,
            }
            officers = {relation: plain_officer[code] for relation, code in targets.items()}
            unit = f"{own[:6]}-{category[officer]}"
            used = set(actors.values()) | set(officers.values())
            spare = next(user for user in sorted(plain_officer.values()) if user not in used)
            return actors, targets, officers, unit, spare
    raise AssertionError("the small city has no grid with every relation around it")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with scratch_database(request.param, tmp_path_factory, "officer_authz") as url:
        yield from _world(url)


def _world(url: str) -> Iterator[World]:
    engine = database.create_engine(url)
    schema.migrate(engine)
    load_city(engine, size="small", seed=2020)
    actors, grids, officers, unit, spare = _choose(engine)
    apply_directly(engine, [_unit_admin(unit)], batch_size=1)
    engine.dispose()
    service = ServiceProcess("serve", "--listen", "127.0.0.1:0", "--database-url", url)
    try:
        port = service.wait_for("serving")["port"]
        notices = _publish_to_each(port, actors["city_admin"], grids)
        yield World(
            port,
            actors,
            {**grids, "nonexistent": NONEXISTENT_GRID},
            officers,
            spare,
            {**notices, "nonexistent": NONEXISTENT_NOTICE},
            _their_items(port, officers, notices),
            {
                **_task_for_each(port, actors["city_admin"], officers),
                "nonexistent": NONEXISTENT_TASK,
            },
            {**_activity_for_each(port, grids, officers), "nonexistent": NONEXISTENT_ACTIVITY},
            _suggestion_world(port, url, actors, grids, officers, spare),
        )
    finally:
        service.kill()


def _suggestion_world(
    port: int,
    url: str,
    actors: dict[str, str],
    grids: dict[str, str],
    officers: dict[str, str],
    handler: str,
) -> SuggestionWorld:
    engine = database.create_engine(url)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            return authz_suggestions.build(channel, engine, actors, grids, officers, handler)
    finally:
        engine.dispose()


def _publish_to_each(port: int, publisher: str, grids: dict[str, str]) -> dict[str, str]:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        policy = policy_service_pb2_grpc.PolicyServiceStub(channel)  # type: ignore[no-untyped-call]
        return {
            relation: policy.PublishNotice(
                policy_service_pb2.PublishNoticeRequest(notice=notice(grid)),
                metadata=auth(publisher),
            ).notice.name
            for relation, grid in grids.items()
        }


def _task_for_each(port: int, creator: str, officers: dict[str, str]) -> dict[str, str]:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        tasks = task_service_pb2_grpc.TaskServiceStub(channel)  # type: ignore[no-untyped-call]
        return {
            relation: tasks.CreateTask(
                task_service_pb2.CreateTaskRequest(task=task(officer)), metadata=auth(creator)
            ).task.name
            for relation, officer in officers.items()
        }


def _activity_for_each(
    port: int, grids: dict[str, str], officers: dict[str, str]
) -> dict[str, str]:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        activities = activity_service_pb2_grpc.ActivityServiceStub(channel)  # type: ignore[no-untyped-call]
        return {
            relation: activities.CreateActivity(
                activity_service_pb2.CreateActivityRequest(activity=activity(grids[relation])),
                metadata=auth(officer),
            ).activity.name
            for relation, officer in officers.items()
        }


def _their_items(port: int, officers: dict[str, str], notices: dict[str, str]) -> dict[str, str]:
    """For each target, the inbox item that brought its officer the target's notice."""
    found = {"nonexistent": NONEXISTENT_ITEM}
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        inbox = inbox_service_pb2_grpc.InboxServiceStub(channel)  # type: ignore[no-untyped-call]
        for relation, officer in officers.items():

            def page(token: str, officer: str = officer) -> Any:
                return inbox.ListInboxItems(
                    inbox_service_pb2.ListInboxItemsRequest(
                        parent=f"users/{officer}", page_token=token
                    ),
                    metadata=auth(officer),
                )

            found[relation] = next(
                item.name
                for item in all_names(page, "inbox_items")
                if item.subject == notices[relation]
            )
    return found


CELLS = [
    (rpc, role, relation)
    for rpc, roles in MATRIX.items()
    for role in roles
    for relation in RELATIONS
]


@pytest.mark.parametrize(("rpc", "role", "relation"), CELLS, ids=["-".join(c) for c in CELLS])
def test_authorization_matrix_cell(world: World, rpc: str, role: str, relation: str) -> None:
    reached = outcome(world, rpc, role, relation)
    if relation in MATRIX[rpc][role]:
        assert reached is True, f"{rpc} by {role} on {relation} should be allowed: {reached}"
    else:
        # Denied and nonexistent look alike: PERMISSION_DENIED, never NOT_FOUND.
        assert reached in (False, grpc.StatusCode.PERMISSION_DENIED), (
            f"LEAK: {rpc} by {role} reached {relation} ({reached})"
        )


def _implemented_rpcs() -> set[str]:
    """Every RPC a servicer of this release overrides (the rest answer UNIMPLEMENTED)."""
    found: set[str] = set()
    for servicer in officer_servicer_classes():
        base = next(cls for cls in servicer.__mro__[1:] if cls.__name__.endswith("Servicer"))
        found.update(
            name
            for name, member in vars(base).items()
            if callable(member)
            and not name.startswith("_")
            and getattr(servicer, name) is not member
        )
    return found


def test_every_implemented_rpc_has_its_rows_in_the_matrix() -> None:
    implemented = _implemented_rpcs()
    assert implemented, "no servicer overrides anything: the check itself is broken"
    assert implemented - set(MATRIX) == set(), "implemented RPCs without matrix rows"
    assert set(MATRIX) - implemented == set(), "matrix rows for RPCs that are not implemented"
    for rpc, roles in MATRIX.items():
        assert set(roles) == set(ROLES), f"{rpc} names roles {sorted(roles)}"


def test_every_list_with_a_parent_follows_the_one_rule() -> None:
    # An inbox is one user's; the working calendar is the whole city's;
    # departments and the routing table are listed by reach, with no parent.
    # a proposal's lines are listed by their proposal.
    unscoped = {
        "ListInboxItems",
        "ListCalendarDays",
        "ListDepartments",
        "ListRoutingRules",
        "ListProposalLines",
        # a unit's enrollments are listed by their unit, not a node of the tree.
        "ListEnrollments",
        # an officer's excused months are listed by their officer.
        "ListExcusedMonths",
    }
    lists = {rpc for rpc in _implemented_rpcs() if rpc.startswith("List")} - unscoped
    assert lists == set(LISTS_BY_PARENT)


@pytest.mark.parametrize("rpc", sorted(LISTS_BY_PARENT))
def test_a_list_outside_the_callers_reach_is_denied_not_empty(world: World, rpc: str) -> None:
    # The community head's reach is their community; another district lies outside it.
    outside = f"scopeNodes/{world.grids['other_district'][:6]}"
    head = world.actors["community_head"]
    assert list_outcome(world, rpc, head, outside) is grpc.StatusCode.PERMISSION_DENIED
    # A user the registry does not know reaches nothing at all: denied too.
    assert list_outcome(world, rpc, "u-unknown-to-the-host", "") in (
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.INVALID_ARGUMENT,  # lists that need a parent say so first
    )
