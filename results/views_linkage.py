"""Pages of the budget linkage (三个挂钩 [002 三(五)][000 #21][004 第四十条]).

Thin views: access checks, the rules of results.linkage, render. Every read goes through
visible_to(user): another unit's proposal is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Organization
from budgets.models import FiscalYear
from perfapp import audit
from perfapp.access import deny, require_business_role, require_writer
from perfapp.documents import Sheet, xlsx_response
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from results import linkage as rules
from results.forms_linkage import LinkageFilterForm, OverrideForm
from results.models import LinkageProposal

PAGE_SIZE = 50


def _year(request, qs) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or 0) or _default_year(qs)
    except ValueError:
        return _default_year(qs)


def _default_year(qs) -> int:
    return qs.aggregate(y=Max("year"))["y"] or timezone.localdate().year + 1


def _filtered(request):
    visible = LinkageProposal.objects.visible_to(request.user)
    year = _year(request, visible)
    departments = Organization.objects.filter(pk__in=visible.values("department_id")).order_by("code")
    data = request.GET.copy()
    data.setdefault("year", str(year))
    form = LinkageFilterForm(data, departments=departments)
    qs = visible.filter(year=year)
    if form.is_valid():
        d = form.cleaned_data
        if d["department"]:
            qs = qs.filter(department=d["department"])
        if d["grade"]:
            qs = qs.filter(grade_label="" if d["grade"] == "-" else d["grade"])
        if d["action"]:
            qs = qs.filter(proposed_action=d["action"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
    return qs, form, year


def _can_generate(user, year: int) -> bool:
    return any(rules.can_generate(fy, user) for fy in FiscalYear.objects.filter(year=year))


@require_GET
def linkage_list(request):
    require_business_role(request)
    qs, form, year = _filtered(request)
    qs = qs.select_related("project", "unit", "department").order_by(
        "department__code", "project__code", "pk"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.can_confirm = rules.can_confirm(row, request.user)
    return render(
        request,
        "results/linkage/list.html",
        {
            "form": form,
            "year": year,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": rows,
            "any_confirmable": any(r.can_confirm and r.status == "proposed" for r in rows),
            "can_generate": _can_generate(request.user, year),
            "query": request.GET.urlencode(),
        },
    )


@require_POST
def linkage_generate(request):
    require_writer(request)
    year = _year(request, LinkageProposal.objects.none())
    years = [fy for fy in FiscalYear.objects.filter(year=year) if rules.can_generate(fy, request.user)]
    if not years:
        deny(request, _("只有本地区财政绩效管理人员可以生成预算挂钩建议。"))
    n = sum(len(rules.propose(fy, request.user)) for fy in years)
    messages.success(request, _("已生成或更新%(year)s年度预算挂钩建议%(n)s条。") % {"year": year, "n": n})
    return redirect(f"{reverse('results:linkage_list')}?year={year}")


@require_POST
def linkage_confirm(request):
    require_writer(request)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    back = request.POST.get("next") or reverse("results:linkage_list")
    if not back.startswith("/"):
        back = reverse("results:linkage_list")
    proposals = list(LinkageProposal.objects.visible_to(request.user).filter(pk__in=ids))
    if not proposals:
        messages.error(request, _("请勾选要确认的挂钩建议。"))
        return redirect(back)
    try:
        done = rules.confirm(proposals, request.user)
    except rules.LinkageRefused as exc:
        deny(request, str(exc))
    except rules.LinkageError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, _("已确认%(n)s条挂钩建议，已计入下年度预算安排。") % {"n": len(done)})
    return redirect(back)


@require_http_methods(["GET", "POST"])
def linkage_override(request, pk):
    require_business_role(request)
    proposal = get_visible_or_404(
        LinkageProposal.objects.select_related("project", "unit", "department"), request.user, pk=pk
    )
    if not rules.can_confirm(proposal, request.user):
        deny(request, _("只有财政部门可以调整预算挂钩建议。"), proposal)
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                rules.override(proposal, request.user, d["action"], d["change"], d["reason"])
            except rules.LinkageRefused as exc:
                deny(request, str(exc), proposal)
            except rules.LinkageError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已调整确认：%(project)s") % {"project": proposal.project.name})
                return redirect(f"{reverse('results:linkage_list')}?year={proposal.year}")
    else:
        form = OverrideForm(
            initial={
                "action": proposal.action or proposal.proposed_action,
                "change": proposal.change if proposal.change is not None else proposal.proposed_change,
                "reason": proposal.override_reason,
            }
        )
    return render(request, "results/linkage/override.html", {"proposal": proposal, "form": form})


@require_GET
def linkage_summary(request):
    require_business_role(request)
    qs, form, year = _filtered(request)
    return render(
        request,
        "results/linkage/summary.html",
        {"form": form, "year": year, "summary": rules.summary(qs), "query": request.GET.urlencode()},
    )


SUMMARY_HEADERS = (
    _("分组"),
    _("项目数"),
    _("已确认"),
    _("基数（元）"),
    _("调整额（元）"),
    _("已确认调整额（元）"),
)
DETAIL_HEADERS = (
    _("项目编码"),
    _("项目名称"),
    _("主管部门"),
    _("单位"),
    _("评价等级"),
    _("基数（元）"),
    _("建议措施"),
    _("建议调整额（元）"),
    _("状态"),
    _("确认措施"),
    _("确认调整额（元）"),
    _("调整理由"),
    _("依据"),
)


@require_GET
def linkage_export(request):
    require_business_role(request)
    qs, _form, year = _filtered(request)
    s = rules.summary(qs)

    def groups(buckets):
        for b in buckets:
            yield (b["label"], b["count"], b["confirmed"], b["base"], b["change"], b["confirmed_change"])
        t = s["total"]
        yield (_("合计"), t["count"], t["confirmed"], t["base"], t["change"], t["confirmed_change"])

    def details():
        for p in qs.select_related("project", "unit", "department").order_by(
            "department__code", "project__code"
        ):
            yield (
                p.project.code,
                p.project.name,
                p.department.name,
                p.unit.name,
                p.grade_label or _("无评价"),
                p.base_amount,
                p.get_proposed_action_display(),
                p.proposed_change,
                p.get_status_display(),
                p.get_action_display() if p.action else "",
                p.change if p.change is not None else "",
                p.override_reason,
                "；".join(p.reasons),
            )

    audit.record(
        EventKind.EXPORT,
        request.user,
        None,
        summary=_("导出%(year)s年度预算挂钩汇总") % {"year": year},
        data={"filters": request.GET.dict()},
        request=request,
    )
    return xlsx_response(
        f"预算挂钩汇总_{year}.xlsx",
        [
            Sheet(_("按评价等级"), SUMMARY_HEADERS, groups(s["by_grade"]), (16, 8, 8, 18, 18, 18)),
            Sheet(_("按主管部门"), SUMMARY_HEADERS, groups(s["by_department"]), (24, 8, 8, 18, 18, 18)),
            Sheet(_("明细"), DETAIL_HEADERS, details(), (16, 30, 20, 20, 8, 16, 14, 16, 10, 14, 16, 30, 60)),
        ],
    )
