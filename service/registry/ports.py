"""What the registry's use cases read of the mirror, and the views they return."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.kernel.access import Reach
from service.kernel.ports import SharedUnitOfWork
from service.kernel.working_time import OfficerHours, OwnHours
from service.registry.rules import RegistryBatch


@dataclass(frozen=True)
class NodeView:
    code: str
    level: str
    display_name: str
    parent: str | None
    rural: bool
    grid_type: str | None
    exclusive_kind: str | None
    version: int
    update_time: datetime


@dataclass(frozen=True)
class OfficerView:
    user_id: str
    display_name: str
    category: str
    unit: str | None
    party_member: bool
    phone_number: str
    id_number: str
    residence: str | None
    workplace: str | None
    grids: tuple[str, ...]
    version: int
    update_time: datetime


@dataclass(frozen=True)
class UnitView:
    unit_id: str
    display_name: str
    kind: str
    district: str
    party_staff: int | None
    other_staff: int | None
    version: int
    update_time: datetime


class RegistryReads(Protocol):
    def get_node(self, code: str) -> NodeView | None: ...
    def list_nodes(
        self,
        *,
        reach: Reach,
        levels: Iterable[str],
        with_path: bool = False,
        parent: str | None = None,
        under: str | None = None,
        grid_type: str | None = None,
        without_officers: bool = False,
        after: str = "",
        limit: int,
    ) -> list[NodeView]: ...
    def officers_of_grids(self, codes: list[str]) -> dict[str, list[str]]: ...
    def get_unit(self, unit_id: str) -> UnitView | None: ...
    def list_units(
        self, *, reach: Reach, district: str | None, kind: str | None, after: str, limit: int
    ) -> list[UnitView]: ...
    def get_officer(self, user_id: str) -> OfficerView | None: ...
    def list_officers(
        self,
        *,
        reach: Reach,
        parent: str | None = None,
        category: str | None = None,
        unit: str | None = None,
        after: str = "",
        limit: int,
    ) -> list[OfficerView]: ...


@dataclass(frozen=True)
class AvailabilityView:
    """When an officer may be disturbed: ``own`` is what is in force, theirs
    or (``city_default``) the city's."""

    user_id: str
    own: OwnHours
    city_default: bool
    update_time: datetime | None


class OfficerHoursRecords(OfficerHours, Protocol):
    def get(self, user_id: str) -> tuple[OwnHours, datetime] | None:
        """The officer's own hours and when they set them, if they did."""
        ...

    def put(self, user_id: str, own: OwnHours, now: datetime, fields: Sequence[str]) -> None:
        """Stores ``own`` for a new officer; for one who has hours, only its
        ``fields`` (quiet_hours, working_days_only), so that two devices each
        changing one field do not undo each other."""
        ...

    def drop(self, user_ids: Sequence[str]) -> None: ...


class RegistryWrites(Protocol):
    def apply(self, batch: RegistryBatch, now: datetime) -> None:
        """Upserts the batch's newer records and handles its snapshot events."""
        ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def registry(self) -> RegistryReads: ...
    @property
    def officer_hours(self) -> OfficerHoursRecords: ...
