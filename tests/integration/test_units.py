"""Units mirrored from the host, read through UnitService on SQLite and
PostgreSQL: staff counts as sent (unknown stays unknown), within reach."""

from __future__ import annotations

from collections.abc import Callable

import grpc
import pytest
from officer.v1 import unit_service_pb2, unit_service_pb2_grpc
from sqlalchemy.engine import Engine

from tests.registry_events import apply_directly, unit_admin
from tests.rpc_errors import field_violations

pb = unit_service_pb2
OpenAs = Callable[[str], grpc.aio.Channel]


@pytest.fixture
def city(small_city_engine: Engine) -> None:
    body = unit_admin("unit-admin-court", "320102-judge")
    apply_directly(small_city_engine, [body], batch_size=1)


def _units(channel_as: OpenAs, user: str) -> unit_service_pb2_grpc.UnitServiceStub:
    return unit_service_pb2_grpc.UnitServiceStub(channel_as(user))  # type: ignore[no-untyped-call]


async def _all(stub: unit_service_pb2_grpc.UnitServiceStub, **filters: object) -> list[pb.Unit]:
    found, token = [], ""
    while True:
        page = await stub.ListUnits(pb.ListUnitsRequest(page_size=4, page_token=token, **filters))  # type: ignore[arg-type]
        found.extend(page.units)
        token = page.next_page_token
        if not token:
            return found


async def test_a_district_admin_reads_the_districts_units_with_their_staff(
    city: None, channel_as: OpenAs
) -> None:
    stub = _units(channel_as, "admin-320102")
    listed = await _all(stub)
    assert [u.name for u in listed] == [
        f"units/320102-{c}"
        for c in ("judge", "law_society", "lawyer", "other_staff", "police", "prosecutor")
    ]
    court = (await stub.GetUnit(pb.GetUnitRequest(name="units/320102-judge"))).unit
    assert (court.kind, court.district) == (pb.UNIT_KIND_COURT, "scopeNodes/320102")
    # The synthetic city's unit at exactly 80.0 %: 16 party members enrolled of 20.
    assert (court.staff_known, court.party_member_staff, court.other_staff) == (True, 20, 3)
    unknown = (await stub.GetUnit(pb.GetUnitRequest(name="units/320102-lawyer"))).unit
    assert (unknown.staff_known, unknown.party_member_staff) == (False, 0)
    police = await _all(stub, kind=pb.UNIT_KIND_PUBLIC_SECURITY)
    assert [u.name for u in police] == ["units/320102-police"]
    everything = await _all(_units(channel_as, "admin-city"))
    assert len(everything) == 18


async def test_a_unit_admin_sees_their_unit_only_and_others_are_denied(
    city: None, channel_as: OpenAs
) -> None:
    stub = _units(channel_as, "unit-admin-court")
    assert [u.name for u in await _all(stub)] == ["units/320102-judge"]
    for name in ("units/320102-police", "units/no-such-unit"):
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await stub.GetUnit(pb.GetUnitRequest(name=name))
        assert denied.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as outside:
        await _units(channel_as, "admin-320102").GetUnit(
            pb.GetUnitRequest(name="units/320111-judge")
        )
    assert outside.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as street:
        await _units(channel_as, "admin-city").ListUnits(
            pb.ListUnitsRequest(parent="scopeNodes/320102001")
        )
    assert field_violations(street.value) == ["parent"]
