"""results: rectification rules (being written)."""


def before_submit(item):
    return None


def before_send_back(item, comment):
    return None


def after_transition(item, name, user, comment):
    return None
