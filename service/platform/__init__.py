"""What every capability runs on: the server and its interceptors, identity,
error mapping, paging, idempotency, resource names, settings, logs and metrics,
and the composition root that wires the capabilities together."""
