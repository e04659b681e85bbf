"""Logs (structlog, JSON by default) and Prometheus metrics, configured once at start-up."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, Literal, TextIO

import structlog
from prometheus_client import Counter, Gauge, Histogram, start_http_server
from tenacity import RetryCallState

from service.platform.settings import split_host_port

RPC_TOTAL = Counter(
    "officer_rpc_total", "Completed RPCs by method and status code.", ["method", "code"]
)
RPC_DURATION = Histogram(
    "officer_rpc_duration_seconds",
    "RPC handling time by method.",
    ["method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
RPC_IN_FLIGHT = Gauge("officer_rpc_in_flight", "RPCs being handled now.")
DATABASE_UP = Gauge("officer_database_up", "1 while the database answers, else 0.")


def configure_logging(
    *,
    log_format: Literal["json", "console"] = "json",
    level: str = "info",
    stream: TextIO | None = None,
) -> None:
    """One JSON object per line on stdout (or ``stream``).

    Our own logs take structlog's direct path (a filtering bound logger writing
    to the stream): the per-RPC line is on the hot path, and the standard
    library's handler chain costs as much again. Libraries that log through the
    standard library (grpc, pika, sqlalchemy, alembic) reach the same stream
    through the same processors.
    """
    out = stream or sys.stdout
    level_number = logging.getLevelNamesMapping()[level.upper()]
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level_number),
        logger_factory=structlog.WriteLoggerFactory(file=out),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level_number)
    # Their INFO lines are per-connection noise; keep their warnings.
    for noisy in ("pika", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, level_number))


def log_retry(event: str, logger: Any = None) -> Callable[[RetryCallState], None]:
    """A tenacity ``before_sleep`` that logs one warning per retry with the error."""
    target = logger or structlog.get_logger("officer.retry")

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        target.warning(event, attempt=state.attempt_number, error=str(error))

    return before_sleep


def start_metrics_server(address: str) -> None:
    """Serves /metrics on its own thread (prometheus_client's HTTP server)."""
    host, port = split_host_port(address)
    start_http_server(port, addr=host)
