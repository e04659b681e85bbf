"""Grid assignments (编网入格) with their history (AssignmentService)."""
