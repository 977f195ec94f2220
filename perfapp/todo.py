"""我的待办: what waits for a user, gathered from every stage.

Each app registers a provider `(user) -> list[TodoItem]`; the home page and the API list them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

PROVIDERS: list[Callable] = []


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    kind: str  # label of the stage, e.g. "项目库"
    due: datetime.date | None = None
    count: int = 1


def provider(func: Callable) -> Callable:
    PROVIDERS.append(func)
    return func


def todo_for(user) -> list[TodoItem]:
    items: list[TodoItem] = []
    for func in PROVIDERS:
        items.extend(func(user))
    return sorted(items, key=lambda i: (i.due or datetime.date.max, i.kind, i.title))
