"""Typed settings, read from the environment (``OFFICER_*``) and the command line."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///officer.sqlite3"


class Settings(BaseSettings):
    """Everything the service needs to start; nothing is read at import time."""

    model_config = SettingsConfigDict(env_prefix="OFFICER_", extra="ignore")

    listen: str = Field(
        default="127.0.0.1:50051", description="host:port for gRPC; port 0 picks a free one."
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite:///file or postgresql://user@host/db.",
    )
    amqp_url: str | None = Field(
        default=None, description="amqp://user:pass@host:5672/vhost; none is the embedded mode."
    )
    metrics_listen: str | None = Field(
        default=None, description="host:port for Prometheus metrics; none disables them."
    )
    shutdown_grace_seconds: float = Field(
        default=10.0, gt=0, description="How long in-flight calls may run on after SIGTERM."
    )
    max_message_bytes: int = Field(
        default=4 * 1024 * 1024, gt=0, description="Largest gRPC message accepted or sent."
    )
    max_concurrent_rpcs: int = Field(
        default=1000, gt=0, description="Calls beyond this are refused with RESOURCE_EXHAUSTED."
    )
    database_threads: int = Field(
        default=8, gt=0, description="Threads that run blocking database work for RPCs."
    )
    log_format: Literal["json", "console"] = "json"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @field_validator("listen", "metrics_listen")
    @classmethod
    def _host_and_port(cls, value: str | None) -> str | None:
        if value is None:
            return value
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError(f"expected host:port, got {value!r}")
        return value

    @property
    def embedded(self) -> bool:
        """No broker: pushes reach terminals through the inbox and the stream only."""
        return self.amqp_url is None


def split_host_port(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host.strip("[]"), int(port)
