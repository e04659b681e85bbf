"""The registry mirror's writer for the bus consumer (adapters/registry_consumer.py):
each batch of the host's events is one transaction of the registry's use case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from service.platform.transactions import SqlTransactions
from service.registry import use_cases
from service.registry.rules import RegistryBatch


class MirrorWriter:
    def __init__(self, engine: Engine) -> None:
        self._transactions = SqlTransactions(engine)

    def apply(self, batch: RegistryBatch, now: datetime) -> None:
        self._transactions.run_now(lambda uow: use_cases.apply_batch(uow, batch=batch, now=now))
