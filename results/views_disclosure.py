"""Finance page of disclosure marks (信息公开 [003][004 第四十三条]).

The finance performance administrator of a region lists the finished evaluations of the region
(final external, accepted self-evaluations) with their mark, filters them, and marks or unmarks
several at once; each mark goes through results.disclosure.mark (audited). A 涉密 item is shown as
not disclosable and is never marked. Others get a 403, the same guard as the API
(results.api_accountability.DisclosureViewSet: finance_admin_of).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.guards import finance_admin_of
from accounts.models import Organization, Role
from accounts.scoping import scope_of
from evaluation.models import Evaluation
from perfapp.access import deny, require_business_role, require_writer
from results import disclosure
from results.forms_disclosure import DisclosureFilterForm, DisclosureState
from results.models import Disclosure

PAGE_SIZE = 50


def _require_finance_admin(request) -> None:
    require_business_role(request)
    scope = scope_of(request.user)
    if Role.FINANCE_ADMIN not in scope.roles or not scope.region_ids:
        deny(request, _("只有本级财政绩效管理人员可以管理评价结果公开。"))


def finished_evaluations(user):
    """The finished evaluations of the kinds the portal shows, in `user`'s regions, each with
    `is_disclosed` and `is_secret`."""
    return (
        Evaluation.objects.visible_to(user)
        .filter(
            status__in=disclosure.FINISHED,
            kind__in=disclosure.PUBLIC_KINDS,
            region_id__in=scope_of(user).region_ids or (),
        )
        .annotate(
            is_disclosed=Exists(Disclosure.objects.filter(evaluation=OuterRef("pk"), disclosed=True)),
            is_secret=Exists(disclosure.secret_targets()),
        )
    )


def _filtered(request):
    base = finished_evaluations(request.user)
    data = request.GET.copy()
    try:
        year = int(data.get("year") or 0)
    except ValueError:
        year = 0
    year = year or base.aggregate(y=Max("year"))["y"] or timezone.localdate().year - 1
    data["year"] = str(year)
    departments = Organization.objects.filter(pk__in=base.values("department_id")).order_by("code")
    form = DisclosureFilterForm(data, departments=departments)
    qs = base.filter(year=year)
    if form.is_valid():
        d = form.cleaned_data
        if d["department"]:
            qs = qs.filter(department=d["department"])
        if d["kind"]:
            qs = qs.filter(kind=d["kind"])
        if d["state"] == DisclosureState.DISCLOSED:
            qs = qs.filter(is_disclosed=True, is_secret=False)
        elif d["state"] == DisclosureState.UNDISCLOSED:
            qs = qs.filter(is_disclosed=False, is_secret=False)
        elif d["state"] == DisclosureState.SECRET:
            qs = qs.filter(is_secret=True)
        qs = disclosure.search(qs, d["q"])
    return qs, form, year


@require_GET
def disclosure_list(request):
    _require_finance_admin(request)
    qs, form, year = _filtered(request)
    qs = qs.select_related("project", "unit", "department").order_by(
        "department__code", "unit__code", "kind", "pk"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "results/disclosure_list.html",
        {
            "form": form,
            "year": year,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": list(page.object_list),
        },
    )


@require_POST
def disclosure_bulk(request):
    """Mark (action=disclose) or unmark (action=withdraw) the ticked evaluations."""
    _require_finance_admin(request)
    require_writer(request)
    back = request.POST.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("results:disclosure_list")
    action = request.POST.get("action")
    if action not in ("disclose", "withdraw"):
        messages.error(request, _("请选择公开或取消公开。"))
        return redirect(back)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    chosen = list(finished_evaluations(request.user).filter(pk__in=ids).order_by("pk"))
    if not chosen:
        messages.error(request, _("请勾选要公开或取消公开的评价结果。"))
        return redirect(back)
    for evaluation in chosen:
        if not finance_admin_of(evaluation, request.user):
            deny(request, _("只有本级财政绩效管理人员可以公开评价结果。"), evaluation)
    disclose = action == "disclose"
    secret = [e for e in chosen if e.is_secret and disclose]
    with transaction.atomic():
        done = [disclosure.mark(e, request.user, disclosed=disclose) for e in chosen if e not in secret]
    if done:
        text = _("已公开%(n)s项评价结果。") if disclose else _("已取消公开%(n)s项评价结果。")
        messages.success(request, text % {"n": len(done)})
    if secret:
        messages.warning(request, _("%(n)s项评价结果涉密，不予公开。") % {"n": len(secret)})
    return redirect(back)
