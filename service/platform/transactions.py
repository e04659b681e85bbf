"""Runs the use cases' units of work on the database threads, so that the event
loop never waits for SQL: the store's side of kernel.ports.Transactions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TypeVar

from sqlalchemy.engine import Engine

from service.platform.store.callers import CallerCache
from service.platform.store.database import READ_ONLY_OPTION
from service.platform.store.unit_of_work import SqlUnitOfWork

T = TypeVar("T")


class SqlTransactions:
    """Each call is one transaction on a connection of its own. Callers loaded
    are kept across transactions while they hold (store/callers.py)."""

    def __init__(self, engine: Engine, executor: Executor | None = None) -> None:
        self.engine = engine
        self.executor = executor
        self._callers = CallerCache()

    async def read(self, work: Callable[[SqlUnitOfWork], T]) -> T:
        """``work`` in a read-only transaction."""
        return await self._run(work, read_only=True)

    async def write(self, work: Callable[[SqlUnitOfWork], T]) -> T:
        """``work`` in a transaction that commits when it returns and rolls back,
        whole, when it raises."""
        return await self._run(work, read_only=False)

    async def blocking(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, work)

    def run_now(self, work: Callable[[SqlUnitOfWork], T], *, read_only: bool = False) -> T:
        """The same, on the calling thread (for code that is not on the event loop)."""
        with self.engine.connect() as connection:
            connection = connection.execution_options(**{READ_ONLY_OPTION: read_only})
            with connection.begin():
                return work(SqlUnitOfWork(connection, self._callers))

    async def _run(self, work: Callable[[SqlUnitOfWork], T], *, read_only: bool) -> T:
        return await self.blocking(lambda: self.run_now(work, read_only=read_only))
