"""The composition root: the one place that wires adapters into the service."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

import structlog
from sqlalchemy.engine import Engine

from service.settings import Settings

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
    from adapters.registry_consumer import RegistryConsumer
    from service.store.registry import SqlRegistryWriter

    consumer = RegistryConsumer(settings.amqp_url, SqlRegistryWriter(engine))

    def run() -> None:
        try:
            consumer.run()
        except Exception:
            # The outage outlasted its bound: stop the whole process gracefully so
            # that its supervisor restarts it, rather than serve a stale mirror.
            log.critical("registry consumer gave up; stopping the service", exc_info=True)
            os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=run, name="registry-consumer", daemon=True)
    thread.start()

    def stop() -> None:
        consumer.stop()
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
