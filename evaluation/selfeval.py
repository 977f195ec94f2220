"""Rules of self-evaluations (自评) — filled in by the self-evaluation work."""


def before_submit(evaluation):
    raise NotImplementedError


def after_transition(evaluation, name, user, comment):
    return None
