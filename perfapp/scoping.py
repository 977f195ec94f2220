"""One `visible_to(user)` for every scoped model.

A scoped model carries the keys scoping needs (`unit_id`, `department_id`, `region_id`) so that
visibility is one indexed filter. Its queryset subclasses ScopedQuerySet and may name different
fields, or how an expert reaches it (`expert_path`, the path to a Project).
"""

from django.db import models
from django.http import Http404

from accounts.scoping import scope_of


class ScopedQuerySet(models.QuerySet):
    unit_field = "unit_id"
    department_field = "department_id"
    region_field = "region_id"
    #: Path from this model to budgets.Project ("" when it is the Project); None: experts see none.
    expert_path: str | None = None

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        q = models.Q(pk__in=[])
        if scope.region_ids is not None:
            q |= models.Q(**{f"{self.region_field}__in": scope.region_ids})
        if scope.department_ids:
            q |= models.Q(**{f"{self.department_field}__in": scope.department_ids})
        if scope.unit_ids:
            q |= models.Q(**{f"{self.unit_field}__in": scope.unit_ids})
        if scope.expert_user_id is not None and self.expert_path is not None:
            prefix = f"{self.expert_path}__" if self.expert_path else ""
            q |= models.Q(
                **{
                    f"{prefix}expert_assignments__expert_id": scope.expert_user_id,
                    f"{prefix}expert_assignments__active": True,
                }
            )
            return self.filter(q).distinct()
        return self.filter(q)


def get_visible_or_404(queryset_or_model, user, **lookup):
    """The object if `user` may see it, else 404 — never 403, so ids of others' objects leak nothing."""
    qs = queryset_or_model
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs.objects.all()
    try:
        return qs.visible_to(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404
