"""`officer-module` with the probe service added, for tests that run it as a process."""

from __future__ import annotations

import sys

from service import cli
from tests.integration.probe import probe_handler

if __name__ == "__main__":
    raise SystemExit(cli.main(sys.argv[1:], extra_handlers=[probe_handler()]))
