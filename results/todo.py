"""我的待办 of result application (feedback to approve/send, rectification items to do/verify, proposals to confirm)."""
