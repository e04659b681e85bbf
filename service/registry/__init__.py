"""The mirror of the host's registries (users with roles, the grid tree, the
host's permission toggles) and its read views (GridService, OfficerService)."""
