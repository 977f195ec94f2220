"""todo_external of the evaluation stage (registered at start-up by evaluation.apps)."""
