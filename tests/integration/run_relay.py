"""The outbox relay as a process of its own, for tests that SIGKILL it:

    python -m tests.integration.run_relay <database url> <amqp url>

It logs JSON lines on stdout and stops gracefully on SIGTERM."""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

from adapters.relay import OutboxRelay
from service.platform.observability import configure_logging
from service.platform.store import database


def main(argv: Sequence[str]) -> int:
    database_url, amqp_url = argv
    configure_logging()
    engine = database.create_engine(database_url)
    relay = OutboxRelay(amqp_url, engine)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: relay.stop())
    try:
        relay.run()
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
