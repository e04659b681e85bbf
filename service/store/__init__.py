"""Persistence: engines, tables, repositories and migrations (SQLite and PostgreSQL)."""
