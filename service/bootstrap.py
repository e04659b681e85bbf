"""The composition root: the one place that wires adapters into the service."""

from __future__ import annotations

import structlog

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
