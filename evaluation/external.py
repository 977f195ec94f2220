"""Rules of department and fiscal evaluations — filled in by the evaluation work."""


def before_finalize(evaluation, user):
    return None
