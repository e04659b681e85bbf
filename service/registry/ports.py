"""What the registry's use cases read of the mirror, and the views they return."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.kernel.access import Reach
from service.kernel.ports import SharedUnitOfWork
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


class RegistryWrites(Protocol):
    def apply(self, batch: RegistryBatch, now: datetime) -> None:
        """Upserts the batch's newer records and handles its snapshot events."""
        ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def registry(self) -> RegistryReads: ...
