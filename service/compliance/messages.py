"""officer.v1 compliance messages from the use cases' results, and back."""

from __future__ import annotations

from collections.abc import Sequence

from officer.v1 import compliance_service_pb2 as pb

from service.compliance.figures import Parent
from service.compliance.ports import Excuse
from service.compliance.rules import Participation, Ratio, participation_total
from service.compliance.use_cases import CommunityCoverage, UnitParticipation
from service.kernel.errors import FieldViolation, InvalidArgument
from service.kernel.scope import ScopeLevel, level_length
from service.platform import names, wire


def parent(name: str, field: str = "parent") -> Parent:
    """`scopeNodes/{code}` or `units/{unit}`."""
    if name.startswith("units/"):
        return Parent(unit=names.parse(names.UNIT, name, field, "units/{unit}"))
    if name.startswith("scopeNodes/"):
        return Parent(node=names.parse(names.SCOPE_NODE, name, field, "scopeNodes/{code}"))
    raise InvalidArgument([FieldViolation(field, "must be scopeNodes/{code} or units/{unit}")])


def share(ratio: Ratio | None) -> pb.Share:
    if ratio is None:
        return pb.Share(text="—")
    return pb.Share(
        part=ratio.part, whole=ratio.whole, per_mille=ratio.per_mille(), text=ratio.percent_text()
    )


def excused_month(excuse: Excuse) -> pb.ExcusedMonth:
    return pb.ExcusedMonth(
        name=f"officers/{excuse.officer_id}/excusedMonths/{excuse.month}",
        reason=excuse.reason,
        excused_by=f"users/{excuse.set_by}",
        create_time=wire.timestamp(excuse.set_time),
    )


def _figures(name: str, display_name: str, figures: Participation) -> pb.ParticipationFigures:
    return pb.ParticipationFigures(
        name=name,
        display_name=display_name,
        staff_known=figures.known,
        party_members=share(figures.party_members),
        others=share(figures.others),
        meets_floors=bool(figures.meets),
    )


def _summed(name: str, units: Sequence[UnitParticipation]) -> pb.ParticipationFigures:
    figures = _figures(name, "", participation_total(u.participation for u in units))
    figures.unit_count = sum(1 for u in units if u.participation.known)
    figures.units_meeting = sum(1 for u in units if u.participation.meets)
    figures.units_unknown = sum(1 for u in units if not u.participation.known)
    return figures


def participation(
    found: Sequence[UnitParticipation], parent_name: str
) -> pb.GetParticipationResponse:
    by_district: dict[str, list[UnitParticipation]] = {}
    for unit in found:
        by_district.setdefault(unit.unit.district, []).append(unit)
    return pb.GetParticipationResponse(
        units=[
            _figures(f"units/{u.unit.unit_id}", u.unit.display_name, u.participation) for u in found
        ],
        districts=[
            _summed(f"scopeNodes/{district}", units)
            for district, units in sorted(by_district.items())
        ],
        total=_summed(parent_name, found),
    )


def _summed_coverage(node: str, found: Sequence[CommunityCoverage]) -> pb.CoverageFigures:
    return pb.CoverageFigures(
        node=node,
        grid_count=sum(c.grids for c in found),
        overdue_check_in_count=sum(c.overdue_check_ins for c in found),
        communities_missing_fields=sum(1 for c in found if c.missing_fields),
        uncovered_grid_count=sum(len(c.uncovered_grids) for c in found),
    )


def _by_prefix(found: Sequence[CommunityCoverage], length: int) -> list[pb.CoverageFigures]:
    groups: dict[str, list[CommunityCoverage]] = {}
    for community in found:
        groups.setdefault(community.community[:length], []).append(community)
    return [_summed_coverage(f"scopeNodes/{code}", rows) for code, rows in sorted(groups.items())]


def coverage(found: Sequence[CommunityCoverage], parent_name: str) -> pb.GetCoverageResponse:
    return pb.GetCoverageResponse(
        communities=[
            pb.CoverageFigures(
                node=f"scopeNodes/{c.community}",
                grid_count=c.grids,
                uncovered_grids=[f"grids/{grid}" for grid in c.uncovered_grids],
                missing_fields=list(c.missing_fields),
                overdue_check_in_count=c.overdue_check_ins,
                communities_missing_fields=int(bool(c.missing_fields)),
                uncovered_grid_count=len(c.uncovered_grids),
            )
            for c in found
        ],
        total=_summed_coverage(parent_name, found),
        streets=_by_prefix(found, level_length(ScopeLevel.STREET)),
        districts=_by_prefix(found, level_length(ScopeLevel.DISTRICT)),
    )
