"""A user's terminal inbox (InboxService): list, stream, mark read, acknowledge."""
