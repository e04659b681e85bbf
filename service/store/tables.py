"""Tables of the module's own data. Migrations in ``migrations/versions`` own the schema;
these classes must match them (a test compares the two)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class RequestRecord(SQLModel, table=True):
    """The first response to a mutation, kept under its ``request_id`` (AIP-155),
    so that a client retrying after a lost reply gets the same answer and the
    mutation happens once."""

    __tablename__ = "request_record"

    caller: str = Field(primary_key=True, max_length=64)
    method: str = Field(primary_key=True, max_length=128)
    request_id: str = Field(primary_key=True, max_length=64)
    # A repeat must be the same request: the id of a different one is refused.
    request_sha256: str = Field(max_length=64)
    response: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    create_time: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
