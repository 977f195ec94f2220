"""`{% accountability_block project=… evaluation=… %}`: the accountability cases of a project or an
evaluation on its page [004 第四十四—四十六条], only those the user may see (visible_to); nothing
when there are none (experts never see any)."""

from django import template

from accounts.scoping import scope_of
from results.models import AccountabilityCase

register = template.Library()


@register.inclusion_tag("results/partials/accountability_block.html", takes_context=True)
def accountability_block(context, project=None, evaluation=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or scope_of(user).is_empty or (project is None and evaluation is None):
        return {"cases": []}
    qs = AccountabilityCase.objects.visible_to(user).select_related("unit").order_by("-decided_on", "-pk")
    qs = qs.filter(evaluation=evaluation) if evaluation is not None else qs.filter(project=project)
    return {"cases": list(qs[:50])}
