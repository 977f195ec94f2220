"""reminders_self of the evaluation stage (registered at start-up by evaluation.apps)."""
