"""Reading grids and officers: filters, paging, masking and bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import (
    common_pb2,
    grid_service_pb2,
    grid_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from tests.rpc_errors import field_violations

CITY_ADMIN, DISTRICT_ADMIN = "admin-city", "admin-320102"


@pytest.fixture
def city(small_city_engine: Engine) -> None:
    """The small city, mirrored (the database is made from its template)."""


Stubs = tuple[grid_service_pb2_grpc.GridServiceStub, officer_service_pb2_grpc.OfficerServiceStub]


@pytest.fixture
def as_user(city: object, channel_as: Callable[[str], grpc.aio.Channel]) -> Callable[[str], Stubs]:
    def stubs(user_id: str) -> Stubs:
        channel = channel_as(user_id)
        return (
            grid_service_pb2_grpc.GridServiceStub(channel),  # type: ignore[no-untyped-call]
            officer_service_pb2_grpc.OfficerServiceStub(channel),  # type: ignore[no-untyped-call]
        )

    return stubs


async def test_pages_cover_everything_once_in_order(
    as_user: Callable[[str], Stubs], migrated_engine: Engine
) -> None:
    grids, _ = as_user(CITY_ADMIN)
    names: list[str] = []
    token = ""
    while True:
        page = await grids.ListGrids(
            grid_service_pb2.ListGridsRequest(page_size=50, page_token=token)
        )
        names += [grid.name for grid in page.grids]
        token = page.next_page_token
        if not token:
            break
    with migrated_engine.connect() as connection:
        grids_held = connection.execute(
            sa.text("SELECT count(*) FROM scope_node WHERE level = 'grid' AND deleted = :no"),
            {"no": False},
        ).scalar_one()
    assert len(names) == grids_held
    assert names == sorted(set(names))


async def test_a_token_from_another_filter_is_refused(as_user: Callable[[str], Stubs]) -> None:
    grids, _ = as_user(CITY_ADMIN)
    page = await grids.ListGrids(grid_service_pb2.ListGridsRequest(page_size=10))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await grids.ListGrids(
            grid_service_pb2.ListGridsRequest(
                page_size=10, page_token=page.next_page_token, grid_type=common_pb2.GRID_TYPE_RURAL
            )
        )
    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == ["page_token"]


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (grid_service_pb2.ListGridsRequest(page_size=-1), "page_size"),
        (grid_service_pb2.ListGridsRequest(page_token="garbage!"), "page_token"),
        (grid_service_pb2.ListGridsRequest(parent="districts/320102"), "parent"),
        (grid_service_pb2.GetGridRequest(name="grids/32010200"), "name"),
        (grid_service_pb2.GetScopeNodeRequest(name="scopeNodes/abc"), "name"),
    ],
    ids=["negative-page-size", "bad-token", "bad-parent", "short-grid-code", "bad-node-name"],
)
async def test_bad_input_names_the_field(
    as_user: Callable[[str], Stubs], request_: object, field: str
) -> None:
    grids, _ = as_user(CITY_ADMIN)
    method = {
        "ListGridsRequest": grids.ListGrids,
        "GetGridRequest": grids.GetGrid,
        "GetScopeNodeRequest": grids.GetScopeNode,
    }[type(request_).__name__]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await method(request_)
    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == [field]


async def test_filters_narrow_the_grid_list(as_user: Callable[[str], Stubs]) -> None:
    grids, _ = as_user(DISTRICT_ADMIN)
    exclusive = await grids.ListGrids(
        grid_service_pb2.ListGridsRequest(page_size=1000, grid_type=common_pb2.GRID_TYPE_EXCLUSIVE)
    )
    assert exclusive.grids
    assert {grid.grid_type for grid in exclusive.grids} == {common_pb2.GRID_TYPE_EXCLUSIVE}
    assert all(grid.name.startswith("grids/320102") for grid in exclusive.grids)
    unserved = await grids.ListGrids(
        grid_service_pb2.ListGridsRequest(page_size=1000, without_officers=True)
    )
    assert all(not grid.officers for grid in unserved.grids)
    community = exclusive.grids[0].community
    inside = await grids.ListGrids(grid_service_pb2.ListGridsRequest(parent=community))
    assert inside.grids
    assert {grid.community for grid in inside.grids} == {community}


async def test_a_grid_served_by_an_assignment_alone_is_served(
    as_user: Callable[[str], Stubs], migrated_engine: Engine
) -> None:
    """Grid.officers and without_officers count the same officers: those the
    host binds and those the module assigns."""
    grids, _ = as_user(CITY_ADMIN)
    unserved = await grids.ListGrids(
        grid_service_pb2.ListGridsRequest(page_size=1000, without_officers=True)
    )
    assert unserved.grids, "the small city has a grid nobody serves"
    grid = unserved.grids[0].name.removeprefix("grids/")
    with migrated_engine.begin() as connection:
        officer = connection.execute(
            sa.text("SELECT min(user_id) FROM host_user WHERE officer_category IS NOT NULL")
        ).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO grid_assignment (officer_id, grid_code, assigned_by, create_time, "
                "check_in_due_time) VALUES (:officer, :grid, 'test', :now, :now)"
            ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
            {"officer": officer, "grid": grid, "now": datetime.now(UTC)},
        )
    served = await grids.GetGrid(grid_service_pb2.GetGridRequest(name=f"grids/{grid}"))
    assert served.grid.officers == [f"officers/{officer}"]
    still_unserved = await grids.ListGrids(
        grid_service_pb2.ListGridsRequest(page_size=1000, without_officers=True)
    )
    assert f"grids/{grid}" not in {g.name for g in still_unserved.grids}


async def test_a_parent_outside_the_scope_is_denied(as_user: Callable[[str], Stubs]) -> None:
    grids, _ = as_user(DISTRICT_ADMIN)
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await grids.ListGrids(grid_service_pb2.ListGridsRequest(parent="scopeNodes/320111"))
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED


async def test_a_user_unknown_to_the_registry_reaches_nothing(
    as_user: Callable[[str], Stubs],
) -> None:
    grids, officers = as_user("stranger")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await grids.ListGrids(grid_service_pb2.ListGridsRequest())
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await officers.GetOfficer(officer_service_pb2.GetOfficerRequest(name="officers/of00005"))
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED


async def test_personal_data_is_masked_without_the_permission(
    as_user: Callable[[str], Stubs], migrated_engine: Engine
) -> None:
    request = officer_service_pb2.GetOfficerRequest(name="officers/of00005")
    _, as_admin = as_user(DISTRICT_ADMIN)  # holds personal_data.read
    officer = (await as_admin.GetOfficer(request)).officer
    assert officer.phone_number.isdigit()
    assert len(officer.id_number) == 18

    _, as_self = as_user("of00005")
    assert (await as_self.GetOfficer(request)).officer.phone_number == officer.phone_number

    community = officer.grids[0].removeprefix("grids/")[:12]
    with migrated_engine.connect() as connection:
        head = connection.execute(
            sa.text(
                "SELECT user_id FROM role_binding "
                "WHERE role = 'community_head' AND scope_node = :community"
            ),
            {"community": community},
        ).scalar_one()
    _, as_head = as_user(head)  # sees the officer, not their personal data
    seen = (await as_head.GetOfficer(request)).officer
    assert seen.phone_number == f"{officer.phone_number[:3]}****{officer.phone_number[-4:]}"
    assert seen.id_number == f"{officer.id_number[:6]}********{officer.id_number[-4:]}"


async def test_officer_filters(as_user: Callable[[str], Stubs]) -> None:
    _, officers = as_user(DISTRICT_ADMIN)
    judges = await officers.ListOfficers(
        officer_service_pb2.ListOfficersRequest(
            page_size=1000, category=common_pb2.OFFICER_CATEGORY_JUDGE
        )
    )
    assert judges.officers
    assert {o.category for o in judges.officers} == {common_pb2.OFFICER_CATEGORY_JUDGE}
    unit = judges.officers[0].unit
    same_unit = await officers.ListOfficers(
        officer_service_pb2.ListOfficersRequest(page_size=1000, unit=unit)
    )
    assert {o.unit for o in same_unit.officers} == {unit}


async def test_scope_nodes_show_the_path_down_to_the_callers_scope(
    as_user: Callable[[str], Stubs], migrated_engine: Engine
) -> None:
    with migrated_engine.connect() as connection:
        head, community = connection.execute(
            sa.text(
                "SELECT user_id, min(scope_node) FROM role_binding WHERE role = 'community_head' "
                "GROUP BY user_id HAVING count(*) = 1 ORDER BY user_id LIMIT 1"
            )
        ).one()
    grids, _ = as_user(head)
    listed = await grids.ListScopeNodes(grid_service_pb2.ListScopeNodesRequest())
    assert [node.name for node in listed.scope_nodes] == [
        f"scopeNodes/{code}" for code in ("320100", community[:6], community[:9], community)
    ]
    children = await grids.ListScopeNodes(
        grid_service_pb2.ListScopeNodesRequest(parent=f"scopeNodes/{community[:9]}")
    )
    assert [node.name for node in children.scope_nodes] == [f"scopeNodes/{community}"]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await grids.GetScopeNode(
            grid_service_pb2.GetScopeNodeRequest(name=f"scopeNodes/{community[:9]}999")
        )
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
