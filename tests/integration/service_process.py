"""`officer-module serve` run as a process, as an operator runs it, for the tests
that need a real process: a crash, a signal or an exit status is part of what they see."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from service.platform.identity import issue_token
from service.platform.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# The service runs with development settings: tokens signed with the development secret.
AUTH = (("authorization", f"Bearer {issue_token(Settings(), 'u100234')}"),)


class ServiceProcess:
    """A running `officer-module serve` (with the probe service) and its JSON log.

    A thread reads the log as it comes: a full pipe would block the service's
    next log line, and with it the service."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.serve_with_probe", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        self.lines: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            try:
                self.lines.append(json.loads(raw))
            except json.JSONDecodeError:
                self.lines.append({"event": "<not json>", "raw": raw.decode(errors="replace")})

    def wait_for(self, event: str, timeout: float = 30) -> dict[str, Any]:
        """Waits for a log line with this event, until the process ends or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((line for line in list(self.lines) if line.get("event") == event), None)
            if found is not None:
                return found
            if not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"no {event!r} log line; got {self.lines}")

    def finish(self, timeout: float = 30) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=timeout)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(
    processes: list[ServiceProcess], database_url: str, *options: str
) -> tuple[ServiceProcess, int]:
    """A migrated `serve` on a free port, once it logs that it serves."""
    service = ServiceProcess(
        "serve", "--migrate", "--listen", "127.0.0.1:0", "--database-url", database_url, *options
    )
    processes.append(service)
    return service, service.wait_for("serving")["port"]
