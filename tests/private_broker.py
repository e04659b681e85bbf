"""A RabbitMQ node of the test's own, to kill and restart without touching the
shared broker (RELIABILITY.md: "Fault injection on one machine without Docker")."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# The Debian wrapper in /usr/sbin switches to the rabbitmq user, who cannot write
# the test's folder: run the server script itself.
_DEBIAN_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"
SERVER = _DEBIAN_SERVER if Path(_DEBIAN_SERVER).exists() else shutil.which("rabbitmq-server") or ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PrivateBroker:
    def __init__(self, folder: Path) -> None:
        if not SERVER:
            pytest.fail(
                "this test needs rabbitmq-server installed to run a private node", pytrace=False
            )
        self.folder = folder
        self.port = _free_port()
        self.dist_port = _free_port()
        self.name = f"officer-chaos-{self.port}@localhost"
        (folder / "enabled_plugins").write_text("[].\n")
        for directory in ("mnesia", "log"):
            (folder / directory).mkdir(exist_ok=True)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    def start(self, timeout: float = 90) -> None:
        environment = {
            **os.environ,
            "HOME": str(self.folder),
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.folder / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
            # Not the machine's config: it pins the shared node's listener.
            "RABBITMQ_CONFIG_FILE": str(self.folder / "no-config"),
            "ERL_CRASH_DUMP": str(self.folder / "erl_crash.dump"),
        }
        self.process = subprocess.Popen(
            [SERVER],
            env=environment,
            stdout=(self.folder / "server.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"private RabbitMQ node did not start:\n{log}")

    def kill(self) -> None:
        """SIGKILL, no goodbye: what a crash or an OOM kill looks like."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None


@contextmanager
def running_broker(folder: Path) -> Iterator[PrivateBroker]:
    """A started private node in ``folder`` (made if need be), killed when the
    block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    node = PrivateBroker(folder)
    node.start()
    try:
        yield node
    finally:
        node.kill()
