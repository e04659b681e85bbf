"""Activity reports and feeds (工作动态反映, 七.2): officers record their grid
work; supervisors read the feed and the monthly counts; the host follows by
domain events."""
