"""Officers' own quiet hours and days off (officers/{o}/availability) through
the gRPC API on both databases: the city's until an officer sets theirs, every
bad field named with nothing changed, and only the officer sets them. (Their
effect on reminders: test_tasks.py.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import field_mask_pb2
from officer.v1 import officer_service_pb2, officer_service_pb2_grpc
from sqlalchemy.engine import Engine

from tests.rpc_errors import field_violations, refused

OpenAs = Callable[[str], grpc.aio.Channel]
Availability = officer_service_pb2.OfficerAvailability


@dataclass(frozen=True)
class People:
    officer: str
    head: str  # of the officer's community
    stranger: str  # an officer of another street
    district_admin: str  # of the officer's district, and no officer


@pytest.fixture
def people(small_city_engine: Engine) -> People:
    with small_city_engine.connect() as connection:
        head, community = connection.execute(
            sa.text(
                "SELECT user_id, min(scope_node) FROM role_binding WHERE role = 'community_head' "
                "GROUP BY user_id HAVING count(*) = 1 ORDER BY min(scope_node) LIMIT 1"
            )
        ).one()

        def officer_where(condition: str) -> str:
            return str(
                connection.execute(
                    sa.text(
                        "SELECT min(b.user_id) FROM role_binding b WHERE b.role = 'officer' "
                        f"AND {condition} AND NOT EXISTS (SELECT 1 FROM role_binding o "
                        "WHERE o.user_id = b.user_id AND o.role <> 'officer')"
                    ),
                    {"community": f"{community}%", "street": f"{community[:9]}%"},
                ).scalar_one()
            )

        return People(
            officer=officer_where("b.scope_node LIKE :community"),
            head=head,
            stranger=officer_where("b.scope_node NOT LIKE :street"),
            district_admin=f"admin-{community[:6]}",
        )


def _officers(channel: grpc.aio.Channel) -> Any:
    return officer_service_pb2_grpc.OfficerServiceStub(channel)  # type: ignore[no-untyped-call]


async def _get(channel_as: OpenAs, by: str, officer: str) -> Availability:
    response = await _officers(channel_as(by)).GetOfficerAvailability(
        officer_service_pb2.GetOfficerAvailabilityRequest(name=f"officers/{officer}/availability")
    )
    availability: Availability = response.availability
    return availability


async def _update(
    channel_as: OpenAs, by: str, officer: str, mask: list[str] | None = None, **values: Any
) -> Availability:
    response = await _officers(channel_as(by)).UpdateOfficerAvailability(
        officer_service_pb2.UpdateOfficerAvailabilityRequest(
            availability=Availability(name=f"officers/{officer}/availability", **values),
            update_mask=field_mask_pb2.FieldMask(paths=mask or []),
        )
    )
    availability: Availability = response.availability
    return availability


async def test_the_citys_hours_apply_until_the_officer_sets_their_own_and_after_a_reset(
    people: People, channel_as: OpenAs
) -> None:
    city = await _get(channel_as, people.officer, people.officer)
    assert (city.quiet_hours, city.working_days_only, city.city_default) == (
        "22:00-07:00",
        True,
        True,
    )
    assert city.time_zone == "Asia/Shanghai"
    assert not city.HasField("update_time")

    # A night-shift police officer: asleep in the morning, reachable on any day.
    own = await _update(
        channel_as,
        people.officer,
        people.officer,
        ["quiet_hours", "working_days_only"],
        quiet_hours="08:00-15:30",
        working_days_only=False,
    )
    assert (own.quiet_hours, own.working_days_only, own.city_default) == (
        "08:00-15:30",
        False,
        False,
    )
    assert own.HasField("update_time")
    assert await _get(channel_as, people.head, people.officer) == own

    # One field at a time: the other stays as it was.
    later = await _update(
        channel_as, people.officer, people.officer, ["working_days_only"], working_days_only=True
    )
    assert (later.quiet_hours, later.working_days_only) == ("08:00-15:30", True)
    # No quiet hours at all is a choice of its own, not the city's.
    none = await _update(channel_as, people.officer, people.officer, ["quiet_hours"])
    assert (none.quiet_hours, none.city_default) == ("", False)

    reset = await _update(
        channel_as, people.officer, people.officer, ["city_default"], city_default=True
    )
    assert reset == city
    assert await _get(channel_as, people.officer, people.officer) == city


@pytest.mark.parametrize(
    ("mask", "values", "field"),
    [
        (["quiet_hours"], {"quiet_hours": "25:00-07:00"}, "availability.quiet_hours"),
        (["quiet_hours"], {"quiet_hours": "22:00"}, "availability.quiet_hours"),
        (["quiet_hours"], {"quiet_hours": "07:00-07:00"}, "availability.quiet_hours"),
        (["time_zone"], {"time_zone": "Europe/Paris"}, "update_mask"),
        (["city_default", "quiet_hours"], {"city_default": True}, "update_mask"),
        ([], {"quiet_hours": "20:00-06:00"}, "update_mask"),
    ],
)
async def test_a_bad_update_names_its_field_and_changes_nothing(
    people: People,
    channel_as: OpenAs,
    migrated_engine: Engine,
    mask: list[str],
    values: dict[str, Any],
    field: str,
) -> None:
    refusal = await refused(_update(channel_as, people.officer, people.officer, mask, **values))
    assert refusal.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refusal) == [field]
    with migrated_engine.connect() as connection:
        assert (
            connection.execute(sa.text("SELECT count(*) FROM officer_availability")).scalar() == 0
        )


async def test_a_malformed_name_is_invalid(people: People, channel_as: OpenAs) -> None:
    stub = _officers(channel_as(people.officer))
    for call, field in (
        (
            stub.GetOfficerAvailability(
                officer_service_pb2.GetOfficerAvailabilityRequest(name=f"officers/{people.officer}")
            ),
            "name",
        ),
        (
            stub.UpdateOfficerAvailability(
                officer_service_pb2.UpdateOfficerAvailabilityRequest(
                    availability=Availability(name=f"users/{people.officer}/availability")
                )
            ),
            "availability.name",
        ),
    ):
        refusal = await refused(call)
        assert refusal.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(refusal) == [field]


async def test_only_the_officer_sets_them_and_who_may_see_the_officer_sees_them(
    people: People, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    for by in (people.head, people.district_admin, people.stranger, "nobody-the-registry-knows"):
        refusal = await refused(
            _update(channel_as, by, people.officer, ["quiet_hours"], quiet_hours="20:00-06:00")
        )
        assert refusal.code() is grpc.StatusCode.PERMISSION_DENIED, by
    # Nor may one who is no officer set hours of their own.
    admin = people.district_admin
    refusal = await refused(
        _update(channel_as, admin, admin, ["quiet_hours"], quiet_hours="20:00-06:00")
    )
    assert refusal.code() is grpc.StatusCode.PERMISSION_DENIED
    with migrated_engine.connect() as connection:
        assert (
            connection.execute(sa.text("SELECT count(*) FROM officer_availability")).scalar() == 0
        )

    await _get(channel_as, people.head, people.officer)
    await _get(channel_as, people.district_admin, people.officer)
    for by in (people.stranger, "nobody-the-registry-knows"):
        refusal = await refused(_get(channel_as, by, people.officer))
        assert refusal.code() is grpc.StatusCode.PERMISSION_DENIED, by
