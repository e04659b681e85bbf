"""An ``officer-module`` command run as from a terminal, in a process of its own:
a command configures the process's logging for its output, which must not
outlive it in the test process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any


def run_command(url: str, *args: str) -> tuple[int, Any, str]:
    """The exit code, stdout (parsed when it is one JSON document) and stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", *args, "--database-url", url],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "160"},
    )
    out = done.stdout
    return done.returncode, json.loads(out) if out.strip().startswith("{") else out, done.stderr
