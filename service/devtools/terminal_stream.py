"""The sample terminal without a broker: it streams ``InboxService.StreamInboxItems``
and, when the stream breaks, resumes from the cursor of the last item printed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
import structlog
from officer.v1 import inbox_service_pb2, inbox_service_pb2_grpc

from service.devtools.sample_terminal import (
    POLL_SECONDS,
    Item,
    Printer,
    SeenIds,
    check_options,
)

log = structlog.get_logger(__name__)

# Stream reconnect backoff (the server restarting, a network blip).
RECONNECT_MIN_SECONDS = 0.5
RECONNECT_MAX_SECONDS = 30.0
# Codes after which reconnecting may help: the server went away or is full.
# CANCELLED is here because a server shutting down cancels the streams that
# outlast its grace period (our own cancels are told apart before this is
# consulted). Anything else (UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
# for a cursor of another inbox, UNIMPLEMENTED) will not get better by itself.
_TRANSIENT = frozenset(
    {
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.CANCELLED,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.ABORTED,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
    }
)


def item_from_stream(response: inbox_service_pb2.StreamInboxItemsResponse) -> Item:
    item = response.inbox_item
    kind = inbox_service_pb2.InboxItemKind.Name(item.kind)
    return Item(
        source="stream",
        schema="officer.v1.InboxItem",
        # INBOX_ITEM_KIND_NOTICE_AMENDED -> notice_amended, the PushKind of AMQP.
        kind=kind.removeprefix("INBOX_ITEM_KIND_").lower(),
        title=item.title,
        message_id=item.message_id,
        cursor=response.cursor,
        subject=item.subject,
        resource=item.name,
    )


class _Stream:
    """One StreamInboxItems call, iterated on a thread of its own so that the
    main thread stays free to notice a signal and cancel the call."""

    def __init__(self, call: Any, on_item: Callable[[Item, str], bool]) -> None:
        self.call = call
        self.on_item = on_item
        self.error: grpc.RpcError | None = None
        self.enough = False
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="inbox-stream", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for response in self.call:
                if not self.on_item(item_from_stream(response), response.cursor):
                    self.enough = True
                    self.call.cancel()
                    break
        except grpc.RpcError as exc:
            self.error = exc
        finally:
            self.done.set()

    def wait(self, stop: threading.Event) -> None:
        while not self.done.wait(POLL_SECONDS):
            if stop.is_set():
                self.call.cancel()
        self._thread.join()


@dataclass
class _Progress:
    cursor: str
    printed: int = 0


def run_stream(
    target: str,
    *,
    user_id: str,
    token: Callable[[], str],
    printer: Printer,
    stop: threading.Event,
    resume_cursor: str = "",
    max_items: int | None = None,
) -> int:
    """Prints the user's inbox stream until stopped; the exit status.

    ``token`` mints a bearer token per call, so that a session outliving one
    token's lifetime reconnects with a fresh one."""
    check_options(user_id, ())
    parent = f"users/{user_id}"
    seen = SeenIds()
    progress = _Progress(cursor=resume_cursor)

    def on_item(item: Item, cursor: str) -> bool:
        # The stream promises no duplicates; the check is for a server that
        # replays after a resume from an older cursor. Costs nothing.
        if seen.add(item.message_id):
            printer.item(item)
            progress.printed += 1
        progress.cursor = cursor
        return max_items is None or progress.printed < max_items

    printer.listening(mode="stream", target=target, parent=parent, resume_cursor=resume_cursor)
    backoff = RECONNECT_MIN_SECONDS
    while not stop.is_set():
        printed_before = progress.printed
        with grpc.insecure_channel(target) as channel:
            # grpcio-tools' stubs are untyped; the request and response are typed.
            stub = inbox_service_pb2_grpc.InboxServiceStub(channel)  # type: ignore[no-untyped-call]
            request = inbox_service_pb2.StreamInboxItemsRequest(
                parent=parent, resume_cursor=progress.cursor
            )
            call = stub.StreamInboxItems(
                request, metadata=(("authorization", f"Bearer {token()}"),)
            )
            stream = _Stream(call, on_item)
            stream.wait(stop)
        if stream.enough or stop.is_set():
            break
        error = stream.error
        if error is not None and error.code() not in _TRANSIENT:
            log.error("stream refused", code=error.code().name, details=error.details())
            return 1
        # A stream that made progress before it broke is retried at once; one
        # that keeps failing backs off, so a server that is down is not hammered.
        if progress.printed > printed_before:
            backoff = RECONNECT_MIN_SECONDS
        # Resume after the last item printed: nothing missed, nothing shown twice.
        log.warning(
            "stream ended, resuming",
            code=error.code().name if error is not None else "OK",
            resume_cursor=progress.cursor,
            in_seconds=backoff,
        )
        if stop.wait(backoff):
            break
        backoff = min(backoff * 2, RECONNECT_MAX_SECONDS)
    log.info("stopped", printed=progress.printed, cursor=progress.cursor)
    return 0
