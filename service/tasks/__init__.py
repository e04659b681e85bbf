"""Key tasks (重点任务提醒, TaskService): one task per assignee, alerted,
reminded and escalated up the scope tree by the scheduler."""
