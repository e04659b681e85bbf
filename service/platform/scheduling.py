"""What the scheduler's loop makes in this release: each capability's handler of
the due steps it plans, by the kind it plans them under."""

from __future__ import annotations

import os
import socket

from service.kernel.scheduler import Handler
from service.policy import attestation
from service.policy.rules import ATTESTATION


def due_step_handlers(*, via_broker: bool) -> dict[str, Handler]:
    return {ATTESTATION: attestation.handler(via_broker=via_broker)}


def replica_name() -> str:
    """Recorded with each step made: which process made it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]
