"""The composition root: the one place that wires adapters into the service."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

import structlog
from sqlalchemy.engine import Engine

from service.platform.settings import Settings

log = structlog.get_logger(__name__)


def prepare_broker(settings: Settings) -> None:
    """With a broker configured, make sure our exchanges and queues exist.
    Without one (the embedded mode) there is nothing to do."""
    if settings.amqp_url is None:
        log.info("embedded mode: no broker; pushes reach terminals through the inbox")
        return
    from adapters.topology import declare_on_broker

    declare_on_broker(settings.amqp_url)
    log.info("broker topology declared")


def start_registry_consumer(settings: Settings, engine: Engine) -> Callable[[], None]:
    """Starts mirroring the host registries on a thread of its own (pika connections
    belong to one thread). Returns the function that stops it. Without a broker
    there is nothing to consume, and the returned function does nothing."""
    if settings.amqp_url is None:
        return lambda: None
    from adapters.registry_consumer import ConsumerSettings, RegistryConsumer
    from service.platform.mirror import MirrorWriter

    consumer = RegistryConsumer(
        settings.amqp_url,
        MirrorWriter(engine),
        settings=ConsumerSettings(
            batch_size=settings.consumer_batch_size,
            prefetch=settings.consumer_prefetch,
            linger_seconds=settings.consumer_linger_seconds,
            database_outage_seconds=settings.database_outage_seconds,
            broker_outage_seconds=settings.broker_outage_seconds,
        ),
    )
    # Rather than serve a stale mirror, the service stops when the consumer gives up.
    return _run_on_thread("registry consumer", consumer.run, consumer.stop)


@dataclass(frozen=True)
class RelayHandle:
    """What the service holds of the outbox relay."""

    # Tells the relay that a transaction just committed outbox rows; thread-safe.
    wake: Callable[[], None]
    stop: Callable[[], None]


def start_outbox_relay(settings: Settings, engine: Engine) -> RelayHandle:
    """Starts publishing the outbox on a thread of its own; with several replicas
    one publishes and the others stand by. Without a broker the pushes reach
    terminals through the inbox only, and the handle's functions do nothing."""
    if settings.amqp_url is None:
        return RelayHandle(wake=lambda: None, stop=lambda: None)
    from adapters.relay import OutboxRelay, RelaySettings

    relay = OutboxRelay(
        settings.amqp_url,
        engine,
        settings=RelaySettings(
            window=settings.relay_window,
            fetch_batch=settings.relay_fetch_batch,
            mark_batch=settings.relay_mark_batch,
            poll_seconds=settings.relay_poll_seconds,
            standby_retry_seconds=settings.relay_standby_retry_seconds,
            drain_seconds=settings.relay_drain_seconds,
            broker_outage_seconds=settings.broker_outage_seconds,
            database_outage_seconds=settings.database_outage_seconds,
        ),
    )
    # Rather than pile up unsent pushes, the service stops when the relay gives up.
    stop = _run_on_thread("outbox relay", relay.run, relay.stop)
    return RelayHandle(wake=relay.wake, stop=stop)


def _run_on_thread(
    what: str, run: Callable[[], None], request_stop: Callable[[], None]
) -> Callable[[], None]:
    """Runs ``run`` on a daemon thread named after ``what``; returns the function
    that stops it.

    ``run`` raises only once an outage has outlasted its bound: then the whole
    process stops gracefully, so that its supervisor restarts it."""

    def guarded() -> None:
        try:
            run()
        except Exception:
            log.critical(f"{what} gave up; stopping the service", exc_info=True)
            os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=guarded, name=what.replace(" ", "-"), daemon=True)
    thread.start()

    def stop() -> None:
        request_stop()
        thread.join(timeout=30)

    return stop


def snapshot_requester(settings: Settings, engine: Engine) -> Callable[[str], str] | None:
    """How the AdminService asks the host for a registry snapshot: None without a broker."""
    amqp_url = settings.amqp_url
    if amqp_url is None:
        return None
    from adapters.resync import request_resync

    def request(requested_by: str) -> str:
        return request_resync(engine, amqp_url, requested_by=requested_by)

    return request
