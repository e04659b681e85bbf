"""Activity reports through the gRPC API on both databases: reporting and every
refusal, who sees what, corrections and soft deletion with their revisions,
the feed's pages while reports keep arriving, and the monthly counts against a
recount of the rows after a shuffled mix of changes."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import field_mask_pb2
from officer.v1 import activity_service_pb2, common_pb2
from sqlalchemy.engine import Engine

from tests.integration.activity_city import (
    SHANGHAI,
    City,
    OpenAs,
    activity_stub,
    feed,
    new_activity,
    report_activity,
    small_city,
    stamp,
)
from tests.movable_clock import MovableClock
from tests.rpc_errors import error_info, field_violations, refused


def _rows(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    return small_city(small_city_engine)


async def test_an_officer_reports_and_the_co_officer_head_and_district_see_it(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    start = clock() - timedelta(days=2)
    created = await report_activity(
        channel_as, city.officer, new_activity(city.grid, start, co_officers=(city.neighbour,))
    )
    assert created.officer == f"officers/{city.officer}"
    assert created.reporter == f"users/{city.officer}"
    assert created.revision == 1
    assert created.officer_category != common_pb2.OFFICER_CATEGORY_UNSPECIFIED
    assert [r.change for r in created.revisions] == [activity_service_pb2.ACTIVITY_CHANGE_REPORTED]
    assert created.place.latitude == pytest.approx(32.06)

    for reader in (city.officer, city.neighbour, city.head, city.district_admin):
        got = await activity_stub(channel_as(reader)).GetActivity(
            activity_service_pb2.GetActivityRequest(name=created.name)
        )
        assert got.activity.summary == created.summary
    # The co-officer has it in their own record, as the officer does.
    assert await feed(channel_as, city.neighbour, f"officers/{city.neighbour}") == [created.name]
    assert await feed(channel_as, city.officer) == [created.name]
    assert created.name in await feed(channel_as, city.head, f"scopeNodes/{city.community}")
    assert created.name in await feed(channel_as, city.district_admin, f"grids/{city.grid}")
    # Another street's officer sees nothing of it, and cannot tell it exists.
    error = await refused(
        activity_stub(channel_as(city.stranger)).GetActivity(
            activity_service_pb2.GetActivityRequest(name=created.name)
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    assert await feed(channel_as, city.stranger) == []
    error = await refused(
        activity_stub(channel_as(city.stranger)).ListActivities(
            activity_service_pb2.ListActivitiesRequest(parent=f"scopeNodes/{city.community}")
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED


async def test_a_community_head_reports_for_an_officer_of_their_community_only(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    start = clock() - timedelta(hours=3)
    created = await report_activity(
        channel_as, city.head, new_activity(city.grid, start, officer=city.officer)
    )
    assert (created.officer, created.reporter) == (
        f"officers/{city.officer}",
        f"users/{city.head}",
    )
    error = await refused(
        activity_stub(channel_as(city.head)).CreateActivity(
            activity_service_pb2.CreateActivityRequest(
                activity=new_activity(city.stranger_grid, start, officer=city.stranger)
            )
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    # An officer reports only for themself.
    error = await refused(
        activity_stub(channel_as(city.neighbour)).CreateActivity(
            activity_service_pb2.CreateActivityRequest(
                activity=new_activity(city.grid, start, officer=city.officer)
            )
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED


async def test_every_bad_field_is_named_and_nothing_is_written(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    now = clock()
    bad = new_activity(city.grid, now + timedelta(hours=1))
    bad.summary = ""
    bad.outcome = "果" * 2001
    bad.end_time.CopyFrom(stamp(now + timedelta(hours=2)))
    bad.participant_count = -1
    bad.place.latitude = 91
    bad.place.longitude = float("nan")
    bad.attachments[0].sha256 = "XYZ"
    bad.co_officers.extend([f"officers/{city.officer}"])
    error = await refused(
        activity_stub(channel_as(city.officer)).CreateActivity(
            activity_service_pb2.CreateActivityRequest(activity=bad)
        )
    )
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(error)) == {
        "activity.summary",
        "activity.outcome",
        "activity.start_time",
        "activity.end_time",
        "activity.participant_count",
        "activity.place.latitude",
        "activity.place.longitude",
        "activity.attachments[0].sha256",
        "activity.co_officers",
    }
    cases: list[tuple[Callable[[activity_service_pb2.Activity], None], str]] = [
        (lambda a: a.start_time.CopyFrom(stamp(now - timedelta(days=31))), "activity.start_time"),
        (lambda a: a.end_time.CopyFrom(stamp(now - timedelta(days=3))), "activity.end_time"),
        (lambda a: setattr(a, "grid", f"grids/{city.stranger_grid}"), "activity.grid"),
        (lambda a: setattr(a, "grid", "grids/12"), "activity.grid"),
        (lambda a: setattr(a, "kind", 0), "activity.kind"),
        (lambda a: setattr(a, "kind", 99), "activity.kind"),
        (lambda a: a.co_officers.append("officers/nobody-at-all"), "activity.co_officers[0]"),
        (lambda a: a.co_officers.append("people/x"), "activity.co_officers[0]"),
        (lambda a: a.ClearField("start_time"), "activity.start_time"),
    ]
    for spoil, field in cases:
        activity = new_activity(city.grid, now - timedelta(days=2))
        spoil(activity)
        error = await refused(
            activity_stub(channel_as(city.officer)).CreateActivity(
                activity_service_pb2.CreateActivityRequest(activity=activity)
            )
        )
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, field
        assert field_violations(error) == [field]
    for table in ("activity", "activity_revision", "activity_count", "outbox"):
        assert _rows(migrated_engine, table) == 0, table


async def test_corrections_keep_revisions_and_move_counts_and_the_window_closes(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    start = clock() - timedelta(days=1)
    created = await report_activity(channel_as, city.officer, new_activity(city.grid, start))
    stub = activity_stub(channel_as(city.officer))
    corrected = await stub.UpdateActivity(
        activity_service_pb2.UpdateActivityRequest(
            activity=activity_service_pb2.Activity(
                name=created.name,
                kind=common_pb2.ACTIVITY_KIND_LEGAL_CONSULTATION,
                summary="ignored: not in the mask",
            ),
            update_mask=field_mask_pb2.FieldMask(paths=["kind"]),
            reason="类别填错",
        )
    )
    activity = corrected.activity
    assert activity.revision == 2
    assert activity.kind == common_pb2.ACTIVITY_KIND_LEGAL_CONSULTATION
    assert activity.summary == created.summary
    assert [(r.revision, r.change, list(r.changed_fields)) for r in activity.revisions] == [
        (1, activity_service_pb2.ACTIVITY_CHANGE_REPORTED, []),
        (2, activity_service_pb2.ACTIVITY_CHANGE_CORRECTED, ["kind"]),
    ]
    assert activity.revisions[0].activity.kind == common_pb2.ACTIVITY_KIND_DISPUTE_MEDIATION
    stats = await activity_stub(channel_as(city.head)).GetActivityStats(
        activity_service_pb2.GetActivityStatsRequest(
            parent=f"grids/{city.grid}", level=common_pb2.SCOPE_LEVEL_GRID
        )
    )
    assert [(c.kind, c.activity_count) for c in stats.counts] == [
        (common_pb2.ACTIVITY_KIND_LEGAL_CONSULTATION, 1)
    ]
    # After the window, the reporter is told to ask the head; the head may.
    clock.advance(timedelta(hours=73))
    outcome = activity_service_pb2.UpdateActivityRequest(
        activity=activity_service_pb2.Activity(name=created.name, outcome="回访：已履行协议"),
        update_mask=field_mask_pb2.FieldMask(paths=["outcome"]),
    )
    error = await refused(stub.UpdateActivity(outcome))
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(error).reason == "CORRECTION_WINDOW_CLOSED"
    by_head = await activity_stub(channel_as(city.head)).UpdateActivity(outcome)
    assert by_head.activity.revision == 3
    error = await refused(activity_stub(channel_as(city.neighbour)).UpdateActivity(outcome))
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    for paths in (["name"], ["officer"], [], ["revision"]):
        error = await refused(
            activity_stub(channel_as(city.head)).UpdateActivity(
                activity_service_pb2.UpdateActivityRequest(
                    activity=activity_service_pb2.Activity(name=created.name),
                    update_mask=field_mask_pb2.FieldMask(paths=paths),
                )
            )
        )
        assert field_violations(error) == ["update_mask"], paths


async def test_a_soft_deletion_leaves_feed_and_counts_and_stays_in_the_history(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    start = clock() - timedelta(days=1)
    created = await report_activity(channel_as, city.officer, new_activity(city.grid, start))
    kept = await report_activity(
        channel_as, city.officer, new_activity(city.grid, start - timedelta(hours=1))
    )
    stub = activity_stub(channel_as(city.officer))
    error = await refused(
        stub.DeleteActivity(activity_service_pb2.DeleteActivityRequest(name=created.name))
    )
    assert field_violations(error) == ["reason"]
    deleted = await stub.DeleteActivity(
        activity_service_pb2.DeleteActivityRequest(name=created.name, reason="重复上报")
    )
    assert deleted.activity.HasField("delete_time")
    assert [r.change for r in deleted.activity.revisions][-1] == (
        activity_service_pb2.ACTIVITY_CHANGE_DELETED
    )
    assert deleted.activity.revisions[-1].note == "重复上报"
    assert await feed(channel_as, city.head, f"scopeNodes/{city.community}") == [kept.name]
    stats = await activity_stub(channel_as(city.head)).GetActivityStats(
        activity_service_pb2.GetActivityStatsRequest(parent=f"grids/{city.grid}")
    )
    assert stats.total_count == 1
    got = await activity_stub(channel_as(city.head)).GetActivity(
        activity_service_pb2.GetActivityRequest(name=created.name)
    )
    assert got.activity.HasField("delete_time")
    for again in (
        stub.DeleteActivity(
            activity_service_pb2.DeleteActivityRequest(name=created.name, reason="再删")
        ),
        stub.UpdateActivity(
            activity_service_pb2.UpdateActivityRequest(
                activity=activity_service_pb2.Activity(name=created.name, outcome="x"),
                update_mask=field_mask_pb2.FieldMask(paths=["outcome"]),
            )
        ),
    ):
        error = await refused(again)
        assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
        assert error_info(error).reason == "ACTIVITY_DELETED"


async def test_feed_pages_skip_and_repeat_nothing_while_reports_arrive(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    now = clock()
    before = [
        (
            await report_activity(
                channel_as, city.officer, new_activity(city.grid, now - timedelta(hours=n))
            )
        ).name
        for n in range(1, 31)
    ]
    seen: list[str] = []
    written: list[str] = []
    stop = asyncio.Event()

    async def writer() -> None:
        n = 0
        while not stop.is_set():
            # Some newer than every page, some in the middle of the feed.
            start = clock() - timedelta(minutes=31 + n % 2 * 60 * 15 + n)
            written.append(
                (
                    await report_activity(
                        channel_as, city.neighbour, new_activity(city.neighbour_grid, start)
                    )
                ).name
            )
            n += 1

    async def reader() -> None:
        token = ""
        while True:
            page = await activity_stub(channel_as(city.head)).ListActivities(
                activity_service_pb2.ListActivitiesRequest(
                    parent=f"scopeNodes/{city.community}", page_size=4, page_token=token
                )
            )
            seen.extend(a.name for a in page.activities)
            token = page.next_page_token
            await asyncio.sleep(0.02)
            if not token:
                stop.set()
                return

    await asyncio.gather(writer(), reader())
    assert written, "the writer added reports while the reader paged"
    assert len(seen) == len(set(seen)), "a row was repeated across pages"
    assert set(before) <= set(seen), "a row that stood before paging was skipped"
    assert set(seen) <= set(before) | set(written)
    # The default page is what a phone shows.
    page = await activity_stub(channel_as(city.head)).ListActivities(
        activity_service_pb2.ListActivitiesRequest(parent=f"scopeNodes/{city.community}")
    )
    assert len(page.activities) == 20


def _recount(engine: Engine) -> Counter[tuple[str, str, str]]:
    """(grid, local month, kind) → standing activities, from the rows."""
    found: Counter[tuple[str, str, str]] = Counter()
    with engine.connect() as connection:
        for grid, start, kind in connection.execute(
            sa.text("SELECT grid, start_time, kind FROM activity WHERE delete_time IS NULL")
        ):
            moment = start if isinstance(start, datetime) else datetime.fromisoformat(start)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            found[(grid, moment.astimezone(SHANGHAI).strftime("%Y-%m"), kind)] += 1
    return found


async def test_counts_equal_a_recount_after_a_shuffled_mix_of_changes(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    rng = random.Random(11)
    kinds = [common_pb2.ACTIVITY_KIND_GRID_RESEARCH, common_pb2.ACTIVITY_KIND_RISK_SCREENING]
    people = [(city.officer, city.grid), (city.neighbour, city.neighbour_grid)]
    # Twenty days back from 2 November: October and November, counted by
    # Shanghai's months (a start at 20:00 UTC on 31 October is November there).
    clock.offset = datetime(2026, 11, 2, 3, 0, tzinfo=UTC) - datetime.now(UTC)
    made: list[tuple[str, str]] = []
    for _ in range(24):
        officer, grid = rng.choice(people)
        start = clock() - timedelta(hours=rng.randint(1, 24 * 20))
        activity = await report_activity(
            channel_as, officer, new_activity(grid, start, kind=rng.choice(kinds))
        )
        made.append((activity.name, officer))
    for name, officer in rng.sample(made, 10):
        stub = activity_stub(channel_as(officer))
        if rng.random() < 0.4:
            await stub.DeleteActivity(
                activity_service_pb2.DeleteActivityRequest(name=name, reason="录入有误")
            )
            continue
        start = clock() - timedelta(hours=rng.randint(1, 24 * 20))
        await stub.UpdateActivity(
            activity_service_pb2.UpdateActivityRequest(
                activity=activity_service_pb2.Activity(
                    name=name,
                    kind=rng.choice(kinds),
                    start_time=stamp(start),
                    end_time=stamp(start + timedelta(minutes=30)),
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["kind", "start_time", "end_time"]),
            )
        )
    stats = await activity_stub(channel_as(city.district_admin)).GetActivityStats(
        activity_service_pb2.GetActivityStatsRequest(level=common_pb2.SCOPE_LEVEL_GRID)
    )
    kind_names = {
        number: common_pb2.ActivityKind.Name(number).removeprefix("ACTIVITY_KIND_").lower()
        for number in kinds
    }
    counted = Counter(
        {
            (c.scope_node.removeprefix("grids/"), c.month, kind_names[c.kind]): c.activity_count
            for c in stats.counts
        }
    )
    assert counted == _recount(migrated_engine)
    assert stats.total_count == sum(counted.values())
    assert len({month for _, month, _ in counted}) == 2, "the mix spans two months"
    # The community rolls the grids up.
    community = await activity_stub(channel_as(city.head)).GetActivityStats(
        activity_service_pb2.GetActivityStatsRequest(level=common_pb2.SCOPE_LEVEL_COMMUNITY)
    )
    assert {c.scope_node for c in community.counts} == {f"scopeNodes/{city.community}"}
    assert community.total_count == stats.total_count


async def test_two_concurrent_reports_with_one_request_id_record_one(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    activity = new_activity(city.grid, clock() - timedelta(hours=2))
    first, second = await asyncio.gather(
        report_activity(channel_as, city.officer, activity, request_id="6f1c1d7e-activity-once"),
        report_activity(channel_as, city.officer, activity, request_id="6f1c1d7e-activity-once"),
    )
    assert first.name == second.name
    assert _rows(migrated_engine, "activity") == 1
    with migrated_engine.connect() as connection:
        assert (
            connection.execute(
                sa.text(
                    "SELECT sum(activity_count) FROM activity_count WHERE length(scope_node) = 15"
                )
            ).scalar_one()
            == 1
        )
