"""Ports every capability's use cases share: how a unit of work is run, who the
caller is, the stored first responses of mutations, and the directory of who
serves where. The store implements them (service/platform/store); a unit test
implements them with fakes (tests/unit/fakes.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from service.kernel.access import Caller
from service.kernel.roles import OfficerCategory, Role

T = TypeVar("T")
U_co = TypeVar("U_co", covariant=True)


class Transactions(Protocol[U_co]):
    """Runs work in a unit of work of its own, off the event loop: it commits
    when the work returns and rolls back, whole, when it raises."""

    async def read(self, work: Callable[[U_co], T]) -> T: ...
    async def write(self, work: Callable[[U_co], T]) -> T: ...
    async def blocking(self, work: Callable[[], T]) -> T:
        """Runs blocking work that is not a transaction (a broker round trip)."""
        ...


class Callers(Protocol):
    def load(self, user_id: str) -> Caller:
        """The user with their roles from the mirror (none when unknown or
        deleted), their assignments and every permission toggle in force."""
        ...


@dataclass(frozen=True)
class StoredResponse:
    request_sha256: str
    response: bytes


def fingerprint(request: bytes) -> str:
    """What a stored response remembers of its request, to tell a repeat from a reuse."""
    return hashlib.sha256(request).hexdigest()


@dataclass(frozen=True)
class RequestKey:
    """Whose request, to which method, under which id (None: not idempotent)."""

    caller: str
    method: str
    request_id: str | None


class RequestRecords(Protocol):
    """The first response of every mutation that carried a request id (AIP-155)."""

    def lock(self, key: RequestKey) -> None:
        """Held until the transaction ends: a retry racing the original waits for
        it, then finds its response."""
        ...

    def find(self, key: RequestKey) -> StoredResponse | None: ...
    def save(self, key: RequestKey, request: bytes, response: bytes, now: datetime) -> None: ...


class Directory(Protocol):
    """Who is where, from the registry mirror and the module's assignments. An
    officer serves a grid the host binds them to or the module assigns them to."""

    def node_exists(self, code: str) -> bool: ...
    def officers_beneath(
        self, nodes: Iterable[str], categories: Sequence[OfficerCategory]
    ) -> dict[str, str]:
        """Officer id → the first grid (by code) they serve beneath ``nodes``."""
        ...

    def role_holders(self, roles: Sequence[Role], nodes: Iterable[str]) -> dict[str, str]:
        """Holder id → the node of their binding, for bindings of ``roles`` beneath ``nodes``."""
        ...

    def users_in_reach(self, user_ids: Sequence[str], nodes: Iterable[str]) -> dict[str, str]:
        """Of ``user_ids``, those bound or assigned beneath ``nodes``, each with the
        first such node (by code)."""
        ...

    def officer_categories(self, user_ids: Sequence[str]) -> dict[str, str]: ...
    def holders_at(self, role: Role, nodes: Iterable[str]) -> Mapping[str, list[str]]:
        """Node → the live users bound to it in ``role``, by id."""
        ...

    def unit_admins_of(self, officer_id: str) -> list[str]:
        """The live unit admins of the officer's unit, by id."""
        ...


class SharedUnitOfWork(Protocol):
    """The ports every capability's unit of work has: who calls, the stored
    responses of mutations, and the directory."""

    @property
    def callers(self) -> Callers: ...
    @property
    def requests(self) -> RequestRecords: ...
    @property
    def directory(self) -> Directory: ...
