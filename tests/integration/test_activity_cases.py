"""The cases of disputes and risks through the gRPC API on both databases:
reported → mediating → resolved, or escalated up the chain the scope tree
gives, with a push to each holder of the tier reached, skipped tiers
recorded, and every refusal changing nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import field_mask_pb2
from officer.v1 import activity_service_pb2, common_pb2
from sqlalchemy.engine import Engine

from tests.integration.activity_city import (
    City,
    OpenAs,
    activity_stub,
    feed,
    new_activity,
    report_activity,
    small_city,
)
from tests.movable_clock import MovableClock
from tests.rpc_errors import error_info, field_violations, refused

pb = activity_service_pb2
# A number the enum does not have (proto3 enums are open on the wire).
_UNKNOWN_STATE: Any = 99


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    return small_city(small_city_engine)


def _holders(engine: Engine, role: str, node: str) -> list[str]:
    with engine.connect() as connection:
        return sorted(
            connection.execute(
                sa.text(
                    "SELECT user_id FROM role_binding WHERE role = :role AND scope_node = :node"
                ),
                {"role": role, "node": node},
            ).scalars()
        )


def _unbind(engine: Engine, role: str, node: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text("DELETE FROM role_binding WHERE role = :role AND scope_node = :node"),
            {"role": role, "node": node},
        )


def _escalations(engine: Engine, name: str) -> list[tuple[str, str, str]]:
    """(user, title, summary) of each escalation push about ``name``."""
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                sa.text(
                    "SELECT user_id, title, summary FROM inbox_item "
                    "WHERE kind = 'escalation' AND subject = :name ORDER BY user_id"
                ),
                {"name": name},
            )
        ]


async def _reported_dispute(channel_as: OpenAs, city: City, clock: MovableClock) -> pb.Activity:
    return await report_activity(
        channel_as, city.officer, new_activity(city.grid, clock() - timedelta(hours=2))
    )


async def _get(channel_as: OpenAs, by: str, name: str) -> pb.Activity:
    found: pb.Activity = (
        await activity_stub(channel_as(by)).GetActivity(pb.GetActivityRequest(name=name))
    ).activity
    return found


async def test_a_dispute_is_mediated_then_resolved_and_each_step_is_recorded(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    created = await _reported_dispute(channel_as, city, clock)
    assert (created.case.state, created.case.level, created.case.scope_node) == (
        pb.CASE_STATE_REPORTED,
        common_pb2.SCOPE_LEVEL_COMMUNITY,
        f"scopeNodes/{city.community}",
    )
    officer = activity_stub(channel_as(city.officer))
    await officer.MediateActivity(pb.MediateActivityRequest(name=created.name, note="约双方面谈"))
    resolved = (
        await officer.ResolveActivity(
            pb.ResolveActivityRequest(name=created.name, note="签订调解协议")
        )
    ).activity
    assert resolved.case.state == pb.CASE_STATE_RESOLVED
    assert resolved.revision == 3
    assert [(r.revision, r.change, r.actor, r.note) for r in resolved.revisions] == [
        (1, pb.ACTIVITY_CHANGE_REPORTED, f"users/{city.officer}", ""),
        (2, pb.ACTIVITY_CHANGE_CASE_MEDIATING, f"users/{city.officer}", "约双方面谈"),
        (3, pb.ACTIVITY_CHANGE_CASE_RESOLVED, f"users/{city.officer}", "签订调解协议"),
    ]
    assert resolved.revisions[1].activity.case.state == pb.CASE_STATE_MEDIATING
    # A resolved case takes no further step; the error says where it stands.
    for call in (
        officer.ResolveActivity(pb.ResolveActivityRequest(name=created.name, note="再次")),
        officer.MediateActivity(pb.MediateActivityRequest(name=created.name)),
        activity_stub(channel_as(city.head)).EscalateActivity(
            pb.EscalateActivityRequest(name=created.name, note="上报")
        ),
    ):
        error = await refused(call)
        assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
        assert error_info(error).reason == "CASE_STATE"
        assert error_info(error).metadata["state"] == "resolved"
    assert (await _get(channel_as, city.officer, created.name)).revision == 3


async def test_the_community_head_follows_open_cases_in_the_feed(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    open_one = await _reported_dispute(channel_as, city, clock)
    taken_up = await _reported_dispute(channel_as, city, clock)
    await activity_stub(channel_as(city.head)).MediateActivity(
        pb.MediateActivityRequest(name=taken_up.name, note="社区介入")
    )
    plain = await report_activity(
        channel_as,
        city.officer,
        new_activity(
            city.grid, clock() - timedelta(hours=1), kind=common_pb2.ACTIVITY_KIND_LEGAL_PUBLICITY
        ),
    )
    # Legal publicity about a dispute is a case too; about nothing, it is not.
    assert plain.case.state == pb.CASE_STATE_REPORTED
    community = f"scopeNodes/{city.community}"
    assert await feed(channel_as, city.head, community, case_state=pb.CASE_STATE_REPORTED) == [
        plain.name,
        open_one.name,
    ]
    assert await feed(channel_as, city.head, community, case_state=pb.CASE_STATE_MEDIATING) == [
        taken_up.name
    ]
    general = new_activity(
        city.grid, clock() - timedelta(hours=1), kind=common_pb2.ACTIVITY_KIND_LEGAL_PUBLICITY
    )
    general.ClearField("subject_kind")
    general = await report_activity(channel_as, city.officer, general)
    assert not general.HasField("case")
    error = await refused(
        activity_stub(channel_as(city.officer)).MediateActivity(
            pb.MediateActivityRequest(name=general.name)
        )
    )
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(error).reason == "NOT_A_CASE"
    error = await refused(
        activity_stub(channel_as(city.officer)).ListActivities(
            pb.ListActivitiesRequest(case_state=_UNKNOWN_STATE)
        )
    )
    assert field_violations(error) == ["case_state"]


async def test_escalation_climbs_the_chain_and_only_the_tier_reached_acts(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    street = city.community[:9]
    liaisons = [u for u in _holders(migrated_engine, "street_liaison", street) if u != city.head]
    assert liaisons, "the small city has a liaison on every street"
    created = await _reported_dispute(channel_as, city, clock)
    # The officer mediates, but does not escalate: that is the community head's.
    error = await refused(
        activity_stub(channel_as(city.officer)).EscalateActivity(
            pb.EscalateActivityRequest(name=created.name, note="我处理不了")
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED

    escalated = await activity_stub(channel_as(city.head)).EscalateActivity(
        pb.EscalateActivityRequest(name=created.name, note="涉及多个小区，需街道协调")
    )
    assert list(escalated.escalated_to) == [f"users/{u}" for u in liaisons]
    case = escalated.activity.case
    assert (case.state, case.level, case.scope_node) == (
        pb.CASE_STATE_ESCALATED,
        common_pb2.SCOPE_LEVEL_STREET,
        f"scopeNodes/{street}",
    )
    step = escalated.activity.revisions[-1]
    assert step.change == pb.ACTIVITY_CHANGE_CASE_ESCALATED
    assert step.actor == f"users/{city.head}"
    assert step.note == f"上报街道联络员（scopeNodes/{street}）：涉及多个小区，需街道协调"
    pushes = _escalations(migrated_engine, created.name)
    assert [user for user, _, _ in pushes] == liaisons
    assert all(title.startswith("矛盾纠纷上报：") for _, title, _ in pushes)
    assert all("涉及多个小区，需街道协调" in summary for _, _, summary in pushes)

    # Now the street follows it: the officer and the head look on.
    for below in (city.officer, city.head):
        error = await refused(
            activity_stub(channel_as(below)).ResolveActivity(
                pb.ResolveActivityRequest(name=created.name, note="已解决")
            )
        )
        assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    liaison = activity_stub(channel_as(liaisons[0]))
    mediating = await liaison.MediateActivity(
        pb.MediateActivityRequest(name=created.name, note="街道组织联调")
    )
    assert mediating.activity.case.level == common_pb2.SCOPE_LEVEL_STREET
    to_district = await liaison.EscalateActivity(
        pb.EscalateActivityRequest(name=created.name, note="需区级部门")
    )
    assert list(to_district.escalated_to) == [f"users/{city.district_admin}"]
    assert to_district.activity.case.level == common_pb2.SCOPE_LEVEL_DISTRICT
    # The district is the top: it resolves, it does not escalate.
    admin = activity_stub(channel_as(city.district_admin))
    error = await refused(
        admin.EscalateActivity(pb.EscalateActivityRequest(name=created.name, note="再上报"))
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    done = await admin.ResolveActivity(pb.ResolveActivityRequest(name=created.name, note="已化解"))
    assert done.activity.case.state == pb.CASE_STATE_RESOLVED
    assert [r.change for r in done.activity.revisions] == [
        pb.ACTIVITY_CHANGE_REPORTED,
        pb.ACTIVITY_CHANGE_CASE_ESCALATED,
        pb.ACTIVITY_CHANGE_CASE_MEDIATING,
        pb.ACTIVITY_CHANGE_CASE_ESCALATED,
        pb.ACTIVITY_CHANGE_CASE_RESOLVED,
    ]


async def test_a_tier_without_holders_is_skipped_and_the_skip_recorded(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    street, district = city.community[:9], city.community[:6]
    created = await _reported_dispute(channel_as, city, clock)
    _unbind(migrated_engine, "street_liaison", street)
    head = activity_stub(channel_as(city.head))
    escalated = await head.EscalateActivity(
        pb.EscalateActivityRequest(name=created.name, note="街道无人")
    )
    assert list(escalated.escalated_to) == [f"users/{city.district_admin}"]
    assert escalated.activity.case.scope_node == f"scopeNodes/{district}"
    assert escalated.activity.revisions[-1].note == (
        f"上报区委政法委（scopeNodes/{district}）：街道无人；"
        f"街道联络员（scopeNodes/{street}）无人在岗，跳过"
    )

    # With nobody above at all, the escalation is refused and nothing changes.
    other = await _reported_dispute(channel_as, city, clock)
    _unbind(migrated_engine, "district_admin", district)
    error = await refused(
        head.EscalateActivity(pb.EscalateActivityRequest(name=other.name, note="无人"))
    )
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(error).reason == "NO_TIER_ABOVE"
    unchanged = await _get(channel_as, city.head, other.name)
    assert (unchanged.revision, unchanged.case.state) == (1, pb.CASE_STATE_REPORTED)
    assert _escalations(migrated_engine, other.name) == []


async def test_bad_steps_are_refused_by_field_and_change_nothing(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    created = await _reported_dispute(channel_as, city, clock)
    head = activity_stub(channel_as(city.head))
    for call, field in (
        (head.ResolveActivity(pb.ResolveActivityRequest(name=created.name)), "note"),
        (head.EscalateActivity(pb.EscalateActivityRequest(name=created.name, note=" ")), "note"),
        (
            head.MediateActivity(pb.MediateActivityRequest(name=created.name, note="长" * 501)),
            "note",
        ),
        (head.MediateActivity(pb.MediateActivityRequest(name="activities/..")), "name"),
    ):
        error = await refused(call)
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(error) == [field]
    # Another street's officer cannot tell the case exists.
    error = await refused(
        activity_stub(channel_as(city.stranger)).MediateActivity(
            pb.MediateActivityRequest(name=created.name)
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    deleted = await activity_stub(channel_as(city.officer)).DeleteActivity(
        pb.DeleteActivityRequest(name=created.name, reason="重复")
    )
    error = await refused(head.MediateActivity(pb.MediateActivityRequest(name=created.name)))
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(error).reason == "ACTIVITY_DELETED"
    assert (await _get(channel_as, city.head, created.name)).revision == deleted.activity.revision


async def test_a_correction_opens_or_closes_a_case_only_while_nobody_took_it_up(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    general = new_activity(
        city.grid, clock() - timedelta(hours=1), kind=common_pb2.ACTIVITY_KIND_GRID_RESEARCH
    )
    general.ClearField("subject_kind")
    created = await report_activity(channel_as, city.officer, general)
    officer = activity_stub(channel_as(city.officer))

    async def correct_kind(kind: common_pb2.ActivityKind) -> pb.Activity:
        response = await officer.UpdateActivity(
            pb.UpdateActivityRequest(
                activity=pb.Activity(name=created.name, kind=kind),
                update_mask=field_mask_pb2.FieldMask(paths=["kind"]),
            )
        )
        corrected: pb.Activity = response.activity
        return corrected

    opened = await correct_kind(common_pb2.ACTIVITY_KIND_RISK_SCREENING)
    assert opened.case.state == pb.CASE_STATE_REPORTED
    closed = await correct_kind(common_pb2.ACTIVITY_KIND_GRID_RESEARCH)
    assert not closed.HasField("case")
    await correct_kind(common_pb2.ACTIVITY_KIND_RISK_SCREENING)
    await officer.MediateActivity(pb.MediateActivityRequest(name=created.name))
    error = await refused(correct_kind(common_pb2.ACTIVITY_KIND_GRID_RESEARCH))
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(error).reason == "CASE_UNDER_WAY"
    kept = await _get(channel_as, city.officer, created.name)
    assert (kept.kind, kept.case.state) == (
        common_pb2.ACTIVITY_KIND_RISK_SCREENING,
        pb.CASE_STATE_MEDIATING,
    )
