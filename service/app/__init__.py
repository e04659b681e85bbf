"""Use cases: one function per command, run inside the caller's transaction."""
