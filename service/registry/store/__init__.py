"""The registry mirror in the database: applying batches, snapshots, reads, and
the directory of who serves where."""
