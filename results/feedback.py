"""results: feedback rules (being written)."""


def after_transition(feedback, name, user, comment):
    return None
