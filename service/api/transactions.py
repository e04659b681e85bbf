"""Units of work for the use cases, over the servicers' database access."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from service.api.registry_servicers import StoreAccess
from service.app.ports import UnitOfWork
from service.store.unit_of_work import SqlUnitOfWork

T = TypeVar("T")


class UnitsOfWork:
    def __init__(self, store: StoreAccess) -> None:
        self._store = store

    async def read(self, work: Callable[[UnitOfWork], T]) -> T:
        return await self._store.read(lambda connection: work(SqlUnitOfWork(connection)))

    async def write(self, work: Callable[[UnitOfWork], T]) -> T:
        return await self._store.write(lambda connection: work(SqlUnitOfWork(connection)))
