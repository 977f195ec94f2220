"""One mechanism for every lifecycle object's transitions (DESIGN.md §4 Transitions).

Models declare their transitions with django-fsm-2's `@transition(field=status, source, target,
permission=...)`, one explicit method each. `perform()` runs one of them: it locks the row, checks
the version the user saw, checks the guard (state and role), calls the method, bumps the version,
writes the TransitionLog row and the audit event, and queues notifications on commit — all in one
transaction. Pages and the API call the same function.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from perfapp import audit
from perfapp.models import EventKind, TransitionLog

#: Called with a list of changed lifecycle objects, inside the transaction that changed them: after
#: every perform() and save_edit(), and by code that changes such rows in bulk (generated warnings).
#: dashboards.hooks registers one here to mark the projects' summary rows stale.
CHANGE_HOOKS: list[Callable[[list], None]] = []


def changed(objs) -> None:
    """Tell the CHANGE_HOOKS that these objects changed (a no-op when nobody listens)."""
    objs = list(objs)
    if objs:
        for hook in CHANGE_HOOKS:
            hook(objs)


class WorkflowError(Exception):
    """A refused action, with a message for the user in Chinese."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


class StaleObject(WorkflowError):
    def __init__(self):
        super().__init__(_("该记录已被他人修改，请刷新后重试（您填写的内容已保留）。"), code="stale")


class TransitionRefused(WorkflowError):
    pass


class VersionedModel(models.Model):
    """Optimistic locking: every saved change bumps `version`; a form carries the version it saw."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def check_version(locked_obj, seen_version) -> None:
    if seen_version is None:
        return
    try:
        seen = int(seen_version)
    except (TypeError, ValueError):
        raise StaleObject()
    if locked_obj.version != seen:
        raise StaleObject()


def save_edit(obj, seen_version, user, fields: list[str] | None = None, request=None):
    """Save a user's edit of `obj` unless someone else changed it since it was loaded.

    The row is locked, its version compared with the one the form carried, and the version bumped.
    """
    model = type(obj)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)
        check_version(current, seen_version)
        obj.version = current.version + 1
        if fields is not None:
            obj.save(update_fields=[*fields, "version"])
        else:
            obj.save()
        audit.record(EventKind.UPDATED, user, obj, summary=_("修改 %(obj)s") % {"obj": obj}, request=request)
        changed([obj])
    return obj


def available_transitions(obj, user) -> list:
    """The transitions `user` may run on `obj` now (for buttons and the API)."""
    state_field = _state_field_name(obj)
    method = getattr(obj, f"get_available_user_{state_field}_transitions")
    return list(method(user))


def _state_field_name(obj) -> str:
    return getattr(obj, "state_field_name", "status")


def perform(obj, name: str, user, *, comment: str = "", seen_version=None, request=None, **kwargs):
    """Run transition `name` on `obj` as `user`. Returns the fresh object. Raises WorkflowError."""
    model = type(obj)
    state_field = _state_field_name(obj)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        if isinstance(locked, VersionedModel):
            check_version(locked, seen_version)
        method = getattr(locked, name, None)
        if method is None or not hasattr(method, "_django_fsm"):
            raise TransitionRefused(_("不存在的操作：%(name)s") % {"name": name}, code="unknown")
        if not can_proceed(method):
            raise TransitionRefused(
                _("当前状态（%(state)s）不允许此操作。")
                % {"state": getattr(locked, f"get_{state_field}_display")()},
                code="state",
            )
        if not has_transition_perm(method, user):
            raise TransitionRefused(_("您没有权限执行此操作。"), code="permission")
        source = getattr(locked, state_field)
        method(user=user, comment=comment, **kwargs)
        if isinstance(locked, VersionedModel):
            locked.version += 1
        locked.save()
        target = getattr(locked, state_field)
        TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            transition=name,
            source=source,
            target=target,
            actor=user,
            comment=comment,
        )
        audit.record(
            EventKind.TRANSITION,
            user,
            locked,
            summary=f"{locked}: {source} → {target}",
            data={"transition": name, "from": source, "to": target, "comment": comment},
            request=request,
        )
        after = getattr(locked, "after_transition", None)
        if after:
            after(name, user, source, target, comment)
        changed([locked])
    return locked


def history_of(obj):
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("actor")
