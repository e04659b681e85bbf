"""Use cases: one function per command or query, each in one unit of work."""
