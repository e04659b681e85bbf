"""The authorization matrix (tests/authz_matrix.toml) against a real server over
the small synthetic city, on SQLite and PostgreSQL: every cell is a test, and a
cell that reaches what it should not is a leak."""

from __future__ import annotations

import tomllib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import (
    admin_service_pb2,
    admin_service_pb2_grpc,
    assignment_service_pb2,
    assignment_service_pb2_grpc,
    common_pb2,
    grid_service_pb2,
    grid_service_pb2_grpc,
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
    policy_service_pb2,
    policy_service_pb2_grpc,
)
from sqlalchemy.engine import make_url

from contracts import messages
from service.devtools.host_sim import load_city
from service.platform.identity import issue_token
from service.platform.settings import Settings
from service.platform.store import database, schema
from tests.integration.service_process import ServiceProcess
from tests.registry_events import apply_directly
from tests.servers import POSTGRES

MATRIX = tomllib.loads((Path(__file__).parents[1] / "authz_matrix.toml").read_text())
RELATIONS = [
    "own",
    "sibling_grid",
    "other_community",
    "other_street",
    "other_district",
    "nonexistent",
]
NONEXISTENT_GRID = "320102098098098"
NONEXISTENT_NOTICE = "notices/01ARZ3NDEKTSV4RRFFQ69G5FAV"
UNIT_ADMIN = "unit-admin-test"
# How each relation's grid stands to the actor's own grid (codes nest by prefix).
_RELATED: dict[str, Callable[[str, str], bool]] = {
    "sibling_grid": lambda grid, own: grid[:12] == own[:12] and grid != own,
    "other_community": lambda grid, own: grid[:9] == own[:9] and grid[:12] != own[:12],
    "other_street": lambda grid, own: grid[:6] == own[:6] and grid[:9] != own[:9],
    "other_district": lambda grid, own: grid[:6] != own[:6],
}


@dataclass
class World:
    port: int
    actors: dict[str, str]
    grids: dict[str, str]
    officers: dict[str, str]
    spare_officer: str
    # A notice the city admin published to each target grid.
    notices: dict[str, str]


def _unit_admin(unit: str) -> bytes:
    return messages.encode(
        messages.UserUpserted.model_validate(
            {
                "schema": "user.upserted.v1",
                "message_id": "unit-admin-1",
                "occurred_time": "2026-04-01T00:00:00Z",
                "user_id": UNIT_ADMIN,
                "version": 1,
                "display_name": "单位管理员",
                "roles": [{"role": "unit_admin", "unit": unit}],
            }
        )
    )


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
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('authz') / 'officer.sqlite3'}"
    else:
        server = make_url(database.normalize_url(POSTGRES.url()))
        name = f"officer_authz_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
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
        )
    finally:
        service.kill()
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def _publish_to_each(port: int, publisher: str, grids: dict[str, str]) -> dict[str, str]:
    token = issue_token(Settings(), publisher)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        policy = policy_service_pb2_grpc.PolicyServiceStub(channel)  # type: ignore[no-untyped-call]
        return {
            relation: policy.PublishNotice(
                policy_service_pb2.PublishNoticeRequest(notice=_notice(grid)),
                metadata=(("authorization", f"Bearer {token}"),),
            ).notice.name
            for relation, grid in grids.items()
        }


def _notice(grid: str) -> policy_service_pb2.Notice:
    return policy_service_pb2.Notice(
        title="授权矩阵",
        body="authorization matrix",
        kind=policy_service_pb2.NOTICE_KIND_NOTICE,
        audience=policy_service_pb2.Audience(scope_nodes=[f"grids/{grid}"]),
    )


def _outcome(world: World, rpc: str, role: str, relation: str) -> bool | grpc.StatusCode:
    """True when the call reaches the target; False when a list leaves it out;
    the status code when the call is refused."""
    channel = grpc.insecure_channel(f"127.0.0.1:{world.port}")
    token = issue_token(Settings(), world.actors[role])
    metadata = (("authorization", f"Bearer {token}"),)
    grid = world.grids[relation]
    officer = world.officers.get(relation, "of-nobody")
    grids = grid_service_pb2_grpc.GridServiceStub(channel)  # type: ignore[no-untyped-call]
    officers = officer_service_pb2_grpc.OfficerServiceStub(channel)  # type: ignore[no-untyped-call]
    assignments = assignment_service_pb2_grpc.AssignmentServiceStub(channel)  # type: ignore[no-untyped-call]
    admin = admin_service_pb2_grpc.AdminServiceStub(channel)  # type: ignore[no-untyped-call]
    policy = policy_service_pb2_grpc.PolicyServiceStub(channel)  # type: ignore[no-untyped-call]
    inbox = inbox_service_pb2_grpc.InboxServiceStub(channel)  # type: ignore[no-untyped-call]
    notice = world.notices[relation]
    try:
        if rpc == "GetGrid":
            grids.GetGrid(grid_service_pb2.GetGridRequest(name=f"grids/{grid}"), metadata=metadata)
        elif rpc == "GetScopeNode":
            grids.GetScopeNode(
                grid_service_pb2.GetScopeNodeRequest(name=f"scopeNodes/{grid[:12]}"),
                metadata=metadata,
            )
        elif rpc == "GetOfficer":
            officers.GetOfficer(
                officer_service_pb2.GetOfficerRequest(name=f"officers/{officer}"),
                metadata=metadata,
            )
        elif rpc == "ListGrids":
            listed = _all_pages(
                lambda token: (
                    grids.ListGrids(
                        grid_service_pb2.ListGridsRequest(page_size=1000, page_token=token),
                        metadata=metadata,
                    ).grids
                )
            )
            return f"grids/{grid}" in listed
        elif rpc == "ListOfficers":
            listed = _all_pages(
                lambda token: (
                    officers.ListOfficers(
                        officer_service_pb2.ListOfficersRequest(page_size=1000, page_token=token),
                        metadata=metadata,
                    ).officers
                )
            )
            return f"officers/{officer}" in listed
        elif rpc == "AssignOfficer":
            assignments.AssignOfficer(
                assignment_service_pb2.AssignOfficerRequest(
                    officer=f"officers/{world.spare_officer}",
                    grids=[f"grids/{grid}"],
                    reason="authorization matrix",
                ),
                metadata=metadata,
            )
        elif rpc == "SetPermissionGrant":
            admin.SetPermissionGrant(
                admin_service_pb2.SetPermissionGrantRequest(
                    permission_grant=admin_service_pb2.PermissionGrant(
                        permission="task.assign",
                        role=common_pb2.ROLE_GRID_WORKER,
                        scope_node=f"scopeNodes/{grid[:12]}",
                        enabled=False,
                    )
                ),
                metadata=metadata,
            )
        elif rpc == "PublishNotice":
            policy.PublishNotice(
                policy_service_pb2.PublishNoticeRequest(notice=_notice(grid)), metadata=metadata
            )
        elif rpc == "GetNotice":
            policy.GetNotice(policy_service_pb2.GetNoticeRequest(name=notice), metadata=metadata)
        elif rpc == "ListNotices":
            listed = _all_pages(
                lambda token: (
                    policy.ListNotices(
                        policy_service_pb2.ListNoticesRequest(page_size=1000, page_token=token),
                        metadata=metadata,
                    ).notices
                )
            )
            return notice in listed
        elif rpc == "GetNoticeStats":
            policy.GetNoticeStats(
                policy_service_pb2.GetNoticeStatsRequest(name=notice), metadata=metadata
            )
        elif rpc == "ListInboxItems":
            inbox.ListInboxItems(
                inbox_service_pb2.ListInboxItemsRequest(parent=f"users/{officer}"),
                metadata=metadata,
            )
        else:
            raise AssertionError(f"the matrix names {rpc}, which this test cannot call")
    except grpc.RpcError as error:
        code: grpc.StatusCode = error.code()
        return code
    finally:
        channel.close()
    return True


def _all_pages(fetch: object) -> set[str]:
    names: set[str] = set()
    page = fetch("")  # type: ignore[operator]
    names.update(item.name for item in page)
    return names


CELLS = [
    (rpc, role, relation)
    for rpc, roles in MATRIX.items()
    for role in roles
    for relation in RELATIONS
]


@pytest.mark.parametrize(("rpc", "role", "relation"), CELLS, ids=["-".join(c) for c in CELLS])
def test_authorization_matrix_cell(world: World, rpc: str, role: str, relation: str) -> None:
    outcome = _outcome(world, rpc, role, relation)
    if relation in MATRIX[rpc][role]:
        assert outcome is True, f"{rpc} by {role} on {relation} should be allowed: {outcome}"
    else:
        # Denied and nonexistent look alike: PERMISSION_DENIED, never NOT_FOUND.
        assert outcome in (False, grpc.StatusCode.PERMISSION_DENIED), (
            f"LEAK: {rpc} by {role} reached {relation} ({outcome})"
        )
