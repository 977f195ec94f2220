"""我的待办 of accountability: open 问责线索 (suggestions from the system's own data) waiting for
finance to open a case or dismiss them with a reason [004 第四十四—四十六条]."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perfapp.todo import TodoItem, provider
from results import accountability as rules
from results.models import AccountabilityCase

KIND = gettext_lazy("问责")


@provider
def accountability_todo(user) -> list[TodoItem]:
    """One item per kind of suggestion with open candidates (one count query per kind)."""
    if not rules.is_finance(user):
        return []
    url = reverse("results:accountability_suggestions")
    labels = dict(AccountabilityCase.Case.choices)
    return [
        TodoItem(
            title=_("问责线索待处理：%(kind)s") % {"kind": labels[kind]},
            url=f"{url}?kind={kind}",
            kind=str(KIND),
            count=n,
        )
        for kind, n in rules.counts(user).items()
        if n
    ]
