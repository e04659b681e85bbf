"""The small city's people around one community, and the calls activity
tests make: shared by the tests of reports and of cases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import grpc
import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from officer.v1 import activity_service_pb2, activity_service_pb2_grpc, common_pb2
from sqlalchemy.engine import Engine

from service.devtools.host_sim import load_city
from tests.integration.city_queries import plain_officers

OpenAs = Callable[[str], grpc.aio.Channel]
SHANGHAI = ZoneInfo("Asia/Shanghai")
SHA = "0" * 64


@dataclass(frozen=True)
class City:
    head: str
    community: str
    officer: str  # a plain officer of ``grid``, in ``community``
    grid: str
    neighbour: str  # another plain officer of ``community``
    neighbour_grid: str
    stranger: str  # a plain officer of another street
    stranger_grid: str
    district_admin: str


def with_small_city(engine: Engine) -> Engine:
    """``engine``'s database with the small synthetic city (seed 2020) mirrored
    and its officers assigned: as made from its template (tests/conftest.py),
    else loaded now."""
    with engine.connect() as connection:
        empty = connection.execute(sa.text("SELECT count(*) FROM scope_node")).scalar_one() == 0
    if empty:
        load_city(engine, size="small", seed=2020)
    return engine


def small_city(small_city_engine: Engine) -> City:
    """One community head's people in the small city (the ``small_city_engine``
    fixture's database)."""
    with small_city_engine.connect() as connection:
        head, community = connection.execute(
            sa.text(
                "SELECT user_id, min(scope_node) FROM role_binding WHERE role = 'community_head' "
                "GROUP BY user_id HAVING count(*) = 1 ORDER BY min(scope_node) LIMIT 1"
            )
        ).one()
        plain = plain_officers(connection, community)
        grid, officer = plain[0]
        neighbour_grid, neighbour = next((g, u) for g, u in plain if u != officer)
        stranger_grid, stranger = next(
            (g, u) for g, u in plain_officers(connection, community[:6]) if g[:9] != grid[:9]
        )
    return City(
        head=head,
        community=community,
        officer=officer,
        grid=grid,
        neighbour=neighbour,
        neighbour_grid=neighbour_grid,
        stranger=stranger,
        stranger_grid=stranger_grid,
        district_admin=f"admin-{community[:6]}",
    )


def activity_stub(channel: grpc.aio.Channel) -> Any:
    return activity_service_pb2_grpc.ActivityServiceStub(channel)  # type: ignore[no-untyped-call]


def stamp(value: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def new_activity(
    grid: str,
    start: datetime,
    *,
    kind: common_pb2.ActivityKind = common_pb2.ACTIVITY_KIND_DISPUTE_MEDIATION,
    officer: str = "",
    co_officers: tuple[str, ...] = (),
) -> activity_service_pb2.Activity:
    return activity_service_pb2.Activity(
        officer=f"officers/{officer}" if officer else "",
        grid=f"grids/{grid}",
        kind=kind,
        subject_kind=common_pb2.SUBJECT_KIND_DISPUTE,
        summary="调解邻里漏水纠纷，双方达成协议。",
        start_time=stamp(start),
        end_time=stamp(start + timedelta(minutes=30)),
        participant_count=4,
        co_officers=[f"officers/{o}" for o in co_officers],
        place=activity_service_pb2.GeoPoint(latitude=32.06, longitude=118.79),
        outcome="当场化解",
        attachments=[
            common_pb2.Attachment(
                uri="https://files.example/1.jpg",
                display_name="现场.jpg",
                media_type="image/jpeg",
                size_bytes=1024,
                sha256=SHA,
            )
        ],
    )


async def report_activity(
    channel_as: OpenAs, by: str, activity: activity_service_pb2.Activity, request_id: str = ""
) -> activity_service_pb2.Activity:
    response = await activity_stub(channel_as(by)).CreateActivity(
        activity_service_pb2.CreateActivityRequest(activity=activity, request_id=request_id)
    )
    created: activity_service_pb2.Activity = response.activity
    return created


async def feed(
    channel_as: OpenAs, by: str, parent: str = "", page_size: int = 1000, **filters: Any
) -> list[str]:
    names: list[str] = []
    token = ""
    while True:
        page = await activity_stub(channel_as(by)).ListActivities(
            activity_service_pb2.ListActivitiesRequest(
                parent=parent, page_size=page_size, page_token=token, **filters
            )
        )
        names.extend(a.name for a in page.activities)
        token = page.next_page_token
        if not token:
            return names
