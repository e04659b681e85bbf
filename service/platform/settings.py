"""Typed settings, read from the environment (``OFFICER_*``) and the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.kernel.working_time import QuietHours

DEFAULT_DATABASE_URL = "sqlite:///officer.sqlite3"
# Database threads by default. PostgreSQL's threads wait on the network, and
# more of them overlap more queries. SQLite's do not wait: they run the query in
# this process and contend with each other and with the event loop for one
# interpreter, so that a street's feed served 233 calls/s with one thread, 200
# with two and 132 with eight. Two leave one to serve while the other waits for
# a writer's lock.
POSTGRESQL_THREADS = 8
SQLITE_THREADS = 2
# Signs and checks tokens in development only: production refuses to start with it.
DEVELOPMENT_HS256_SECRET = "officer-module-development-secret-do-not-deploy"  # noqa: S105


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
        default=1000,
        gt=0,
        description="Calls beyond this are refused with RESOURCE_EXHAUSTED (health and "
        "reflection never are).",
    )
    max_streams_per_caller: int = Field(
        default=8, gt=0, description="Open streams one caller may hold; more: RESOURCE_EXHAUSTED."
    )
    database_threads: int | None = Field(
        default=None,
        gt=0,
        description="Threads that run blocking database work for RPCs; by default "
        f"{POSTGRESQL_THREADS} on PostgreSQL and {SQLITE_THREADS} on SQLite.",
    )
    notice_reminder_hours: list[float] = Field(
        default=[24.0, 2.0],
        description="Read attestation: remind those who have not acknowledged this many "
        "hours before the deadline (JSON list, e.g. [24, 2]).",
    )
    task_remind_minutes: dict[str, float] = Field(
        default={"p1": 10, "p2": 60, "p3": 240, "p4": 1440},
        description="Key tasks: until acknowledged, remind every this many minutes, by "
        'priority (JSON, e.g. {"p1": 10, "p2": 60, "p3": 240, "p4": 1440}).',
    )
    task_ack_timeout_minutes: dict[str, float] = Field(
        default={"p1": 10, "p2": 60, "p3": 240, "p4": 1440},
        description="Key tasks: unacknowledged this many minutes, escalate; and wait as long "
        "again before each further tier (JSON by priority).",
    )
    task_due_reminder_hours: list[float] = Field(
        default=[24.0, 2.0],
        description="Key tasks: once acknowledged, remind this many hours before the due time.",
    )
    time_zone: str = Field(
        default="Asia/Shanghai",
        description="The city's time zone (IANA name): quiet hours and working days are local.",
    )
    task_quiet_hours: str = Field(
        default="22:00-07:00",
        description="Key tasks: hold back P2-P4 reminders and escalations during these local "
        "hours (HH:MM-HH:MM, may wrap past midnight; empty for none).",
    )
    task_working_days_only: bool = Field(
        default=True,
        description="Key tasks: hold back P2-P4 reminders and escalations on statutory days "
        "off (the Chinese calendar with its make-up working days) until the next working day.",
    )
    activity_backdating_days: int = Field(
        default=30,
        gt=0,
        le=366,
        description="Activities: how many days back a report may be dated.",
    )
    activity_correction_hours: float = Field(
        default=72,
        ge=0,
        description="Activities: how long a reporter may correct or delete a report alone; "
        "after that it is the community head's to do.",
    )
    suggestion_sign_working_days: int = Field(
        default=1,
        ge=1,
        le=30,
        description="Suggestions: sign for a normal one within this many working days of "
        "dispatch (from the next working day), where its department sets no limit.",
    )
    suggestion_urgent_sign_working_hours: int = Field(
        default=2,
        ge=1,
        le=72,
        description="Suggestions: sign for an urgent one within this many office hours.",
    )
    suggestion_close_working_days: int = Field(
        default=5,
        ge=1,
        le=60,
        description="Suggestions: close a normal one within this many working days.",
    )
    suggestion_urgent_close_working_days: int = Field(
        default=1,
        ge=1,
        le=30,
        description="Suggestions: close an urgent one within this many working days.",
    )
    suggestion_supervise_after_working_days: int = Field(
        default=5,
        ge=1,
        le=60,
        description="Suggestions: this many working days after a deadline passed unmet, "
        "the supervising admin is told (督办).",
    )
    suggestion_max_extension_working_days: int = Field(
        default=10,
        ge=1,
        le=60,
        description="Suggestions: extensions (延期) come to at most this many working days.",
    )
    activity_floor: int = Field(
        default=2,
        ge=1,
        le=31,
        description="Compliance: activities a month each officer owes (六.1).",
    )
    activity_reminder_day: int = Field(
        default=20,
        ge=0,
        le=28,
        description="Compliance: the day of the month (09:00 local) officers below the "
        "activity floor are reminded; 0: no monthly reminder.",
    )
    ranking_activity_points: int = Field(
        default=1,
        ge=0,
        le=100,
        description="Annual ranking (七.4): points per standing activity of the year.",
    )
    ranking_kind_points: int = Field(
        default=3,
        ge=0,
        le=100,
        description="Annual ranking (七.4): points per kind of work done at least once.",
    )
    ranking_task_on_time_points: int = Field(
        default=5,
        ge=0,
        le=100,
        description="Annual ranking (七.4): points per key task completed by its due time.",
    )
    ranking_suggestion_satisfied_points: int = Field(
        default=5,
        ge=0,
        le=100,
        description="Annual ranking (七.4): points per suggestion closed and rated satisfied.",
    )
    ranking_check_in_on_time_points: int = Field(
        default=2,
        ge=0,
        le=100,
        description="Annual ranking (七.4): points per check-in made within its ten days.",
    )
    proposal_weights: dict[str, int] = Field(
        default_factory=dict,
        description="Proposals: the preference-level terms of the objective a city tunes, "
        'as JSON, e.g. {"residence": 80, "preference": 30} (residence, workplace, '
        "residence_street, workplace_street, residence_grid, workplace_grid, preference, "
        "profession_fit; each 0-200, so that together they stay below keeping an "
        "assignment). Unnamed terms keep their defaults.",
    )
    proposal_rural_capacity: int = Field(
        default=3,
        ge=1,
        le=20,
        description="Proposals: how many grids of a village an officer living or working "
        "there may be proposed for, until enrollment records each officer's own capacity.",
    )
    notice_step_interval_seconds: float = Field(
        default=30.0, gt=0, description="How often reminders and escalations are looked for."
    )
    # The bus: the outbox relay's and the registry consumer's knobs.
    relay_window: int = Field(
        default=1000, gt=0, description="Outbox messages published and not yet confirmed, at most."
    )
    relay_fetch_batch: int = Field(
        default=1000, gt=0, description="Outbox rows read in one query, at most."
    )
    relay_mark_batch: int = Field(
        default=500, gt=0, description="Confirmed rows marked sent in one transaction, at most."
    )
    relay_poll_seconds: float = Field(
        default=1.0, gt=0, description="How often the relay looks for rows nobody woke it for."
    )
    relay_standby_retry_seconds: float = Field(
        default=5.0, gt=0, description="How often a standing-by relay tries to lead."
    )
    relay_drain_seconds: float = Field(
        default=5.0, ge=0, description="On stop, how long outstanding confirms are awaited."
    )
    consumer_batch_size: int = Field(
        default=500, gt=0, description="Registry messages applied in one transaction, at most."
    )
    consumer_prefetch: int = Field(
        default=1000, gt=0, description="Registry messages the broker sends ahead, at most."
    )
    consumer_linger_seconds: float = Field(
        default=0.05, gt=0, description="How long a batch waits for more messages."
    )
    broker_outage_seconds: float = Field(
        default=300.0, gt=0, description="A broker outage longer than this stops the service."
    )
    database_outage_seconds: float = Field(
        default=300.0, gt=0, description="A database outage longer than this stops the bus work."
    )
    log_format: Literal["json", "console"] = "json"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    environment: Literal["development", "production"] = Field(
        default="development",
        description="production refuses the development token secret and requires a key.",
    )
    auth_issuer: str = Field(default="community-platform", description="Expected JWT iss.")
    auth_audience: str = Field(default="officer-module", description="Expected JWT aud.")
    auth_max_token_lifetime_seconds: float = Field(
        default=86_400, gt=0, description="Tokens whose exp - iat is longer are refused."
    )
    auth_hs256_secret: SecretStr | None = Field(
        default=None, description="Shared secret for HS256 tokens (at least 32 bytes)."
    )
    auth_rs256_public_key_file: Path | None = Field(
        default=None, description="PEM public key for RS256 tokens; takes precedence."
    )
    tls_cert: Path | None = Field(default=None, description="PEM server certificate chain.")
    tls_key: Path | None = Field(default=None, description="PEM private key of the server.")
    tls_client_ca: Path | None = Field(
        default=None, description="PEM CA bundle; when set, clients must present a certificate."
    )

    @field_validator("listen", "metrics_listen")
    @classmethod
    def _host_and_port(cls, value: str | None) -> str | None:
        if value is None:
            return value
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError(f"expected host:port, got {value!r}")
        return value

    @field_validator("task_remind_minutes", "task_ack_timeout_minutes")
    @classmethod
    def _every_priority(cls, value: dict[str, float]) -> dict[str, float]:
        if sorted(value) != ["p1", "p2", "p3", "p4"]:
            raise ValueError(f"expected one value for each of p1, p2, p3, p4, got {sorted(value)}")
        if any(minutes <= 0 for minutes in value.values()):
            raise ValueError("every value must be positive")
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("task_quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        if value.strip():
            QuietHours.parse(value)
        return value

    @field_validator("task_due_reminder_hours", "notice_reminder_hours")
    @classmethod
    def _positive_hours(cls, value: list[float]) -> list[float]:
        if any(hours <= 0 for hours in value):
            raise ValueError("every offset must be positive")
        return value

    @model_validator(mode="after")
    def _secrets_and_tls_are_consistent(self) -> Self:
        secret = self.auth_hs256_secret.get_secret_value() if self.auth_hs256_secret else None
        if secret is not None and len(secret.encode()) < 32:
            raise ValueError("auth_hs256_secret must be at least 32 bytes")
        without_key = self.auth_rs256_public_key_file is None and secret in (
            None,
            DEVELOPMENT_HS256_SECRET,
        )
        if self.environment == "production" and without_key:
            raise ValueError(
                "production needs OFFICER_AUTH_HS256_SECRET (not the development one) "
                "or OFFICER_AUTH_RS256_PUBLIC_KEY_FILE"
            )
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("tls_cert and tls_key go together")
        if self.tls_client_ca is not None and self.tls_cert is None:
            raise ValueError("tls_client_ca (mutual TLS) needs tls_cert and tls_key")
        return self

    @property
    def token_secret(self) -> str:
        """The HS256 secret in force: the configured one, else (development only)
        the well-known development secret."""
        if self.auth_hs256_secret is not None:
            return self.auth_hs256_secret.get_secret_value()
        return DEVELOPMENT_HS256_SECRET

    @property
    def database_thread_count(self) -> int:
        if self.database_threads is not None:
            return self.database_threads
        # The URL's scheme names the backend (sqlite:// or sqlite+driver://).
        sqlite = self.database_url.split(":", 1)[0].split("+", 1)[0] == "sqlite"
        return SQLITE_THREADS if sqlite else POSTGRESQL_THREADS

    @property
    def embedded(self) -> bool:
        """No broker: pushes reach terminals through the inbox and the stream only."""
        return self.amqp_url is None


def split_host_port(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host.strip("[]"), int(port)
