"""Pages of the feedback letters [003 三(五)] and the rectification ledger [000 #17].

Thin views: access checks, the rules of results.feedback / results.rectification and
perfapp.workflow, render. Every read goes through visible_to(user): another unit's item is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.guards import finance_admin_of
from accounts.models import Organization, Role
from accounts.scoping import scope_of
from perfapp import audit
from perfapp.access import deny, require_business_role, require_writer
from perfapp.documents import Sheet, xlsx_response
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError, available_transitions, history_of, perform, save_edit
from results import feedback as fb_rules
from results import rectification as rules
from results.forms_feedback import (
    AuditItemForm,
    EvidenceForm,
    FeedbackFilterForm,
    MeasuresForm,
    RectificationFilterForm,
)
from results.models import Feedback, Rectification

PAGE_SIZE = 20
FEEDBACK_LABELS = {"approve": _("审批"), "send": _("发送")}
RECT_LABELS = {
    "start": _("开始整改"),
    "submit": _("报送整改结果"),
    "close": _("核实销号"),
    "send_back": _("退回"),
}


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


def _status_code(exc):
    return {"stale": 409, "permission": 403}.get(exc.code, 400)


# --- feedback --------------------------------------------------------------------------------------


@require_GET
def feedback_list(request):
    require_business_role(request)
    today = timezone.localdate()
    form = FeedbackFilterForm(request.GET or None)
    qs = Feedback.objects.visible_to(request.user).select_related("unit", "department").order_by("due", "pk")
    if form.is_valid():
        d = form.cleaned_data
        if d["year"]:
            qs = qs.filter(year=d["year"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["overdue"]:
            qs = fb_rules.overdue_filter(qs, d["overdue"] == "1", today)
    page, links = _page(request, qs)
    rows = list(page.object_list)
    for row in rows:
        row.overdue = fb_rules.is_overdue(row, today)
    can_generate = Role.FINANCE_ADMIN in scope_of(request.user).roles
    return render(
        request,
        "results/feedback/list.html",
        {
            "form": form if request.GET else FeedbackFilterForm(),
            "page": page,
            "page_links": links,
            "rows": rows,
            "can_generate": can_generate,
            "pending": fb_rules.pending_evaluations(request.user).count() if can_generate else 0,
        },
    )


@require_POST
def feedback_generate(request):
    require_writer(request)
    if Role.FINANCE_ADMIN not in scope_of(request.user).roles:
        deny(request, _("只有财政绩效管理人员可以生成反馈意见函。"))
    year = request.POST.get("year") or None
    try:
        made = fb_rules.generate_all(int(year) if year else None, request.user)
    except (ValueError, fb_rules.FeedbackError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已生成 %(n)s 份反馈意见函。") % {"n": len(made)})
    return redirect("results:feedback_list")


def _feedback(request, pk):
    qs = Feedback.objects.select_related(
        "evaluation__project", "unit", "department", "approved_by", "sent_by"
    )
    return get_visible_or_404(qs, request.user, pk=pk)


def _feedback_context(request, feedback, error=None):
    return {
        "feedback": feedback,
        "overdue": fb_rules.is_overdue(feedback),
        "actions": [
            (t.name, FEEDBACK_LABELS.get(t.name, t.name))
            for t in available_transitions(feedback, request.user)
        ],
        "history": history_of(feedback),
        "items": Rectification.objects.filter(evaluation_id=feedback.evaluation_id).order_by("pk"),
        "error": error,
    }


@require_GET
def feedback_detail(request, pk):
    require_business_role(request)
    feedback = _feedback(request, pk)
    return render(request, "results/feedback/detail.html", _feedback_context(request, feedback))


@require_POST
def feedback_transition(request, pk, name):
    require_business_role(request)
    feedback = _feedback(request, pk)
    if name not in FEEDBACK_LABELS:
        deny(request, _("不支持的操作。"), feedback)
    require_writer(request)
    try:
        perform(
            feedback, name, request.user, seen_version=request.POST.get("version") or None, request=request
        )
    except WorkflowError as exc:
        ctx = _feedback_context(request, _feedback(request, pk), error=exc.message)
        return render(request, "results/feedback/detail.html", ctx, status=_status_code(exc))
    messages.success(request, _("已%(action)s。") % {"action": FEEDBACK_LABELS[name]})
    return redirect("results:feedback_detail", pk=pk)


# --- rectification ---------------------------------------------------------------------------------


def _ledger(request):
    """The filtered, visible ledger and its filter form."""
    today = timezone.localdate()
    departments = Organization.objects.filter(
        pk__in=Rectification.objects.visible_to(request.user).values("department_id")
    ).order_by("code")
    form = RectificationFilterForm(request.GET or None, departments=departments)
    qs = (
        Rectification.objects.visible_to(request.user)
        .select_related("unit", "department", "project")
        .order_by("deadline", "pk")
    )
    if form.is_valid():
        d = form.cleaned_data
        if d["year"]:
            qs = qs.filter(year=d["year"])
        if d["department"]:
            qs = qs.filter(department=d["department"])
        if d["source"]:
            qs = qs.filter(source=d["source"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["overdue"]:
            qs = rules.overdue_filter(qs, d["overdue"] == "1", today)
    if not request.GET:
        form = RectificationFilterForm(departments=departments)
    return qs, form, today


@require_GET
def rectification_list(request):
    require_business_role(request)
    qs, form, today = _ledger(request)
    page, links = _page(request, qs)
    rows = list(page.object_list)
    for row in rows:
        row.overdue = rules.is_overdue(row, today)
    return render(
        request,
        "results/rectification/list.html",
        {
            "form": form,
            "page": page,
            "page_links": links,
            "rows": rows,
            "can_create": Role.FINANCE_ADMIN in scope_of(request.user).roles,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def rectification_export(request):
    require_business_role(request)
    qs, _form, today = _ledger(request)
    audit.record(
        EventKind.EXPORT,
        request.user,
        None,
        summary=_("导出整改台账"),
        data={"filters": request.GET.dict()},
        request=request,
    )
    return xlsx_response(
        f"整改台账_{today:%Y%m%d}.xlsx",
        [
            Sheet(
                _("整改台账"),
                rules.LEDGER_HEADERS,
                rules.ledger_rows(qs, today),
                (6, 6, 10, 20, 20, 24, 40, 40, 12, 12, 8, 8, 40),
            )
        ],
    )


@require_http_methods(["GET", "POST"])
def rectification_create(request):
    require_writer(request)
    if Role.FINANCE_ADMIN not in scope_of(request.user).roles:
        deny(request, _("只有财政绩效管理人员可以登记整改事项。"))
    units = Organization.objects.filter(
        kind=Organization.Kind.UNIT, region_id__in=scope_of(request.user).region_ids or []
    ).order_by("code")
    form = AuditItemForm(request.POST or None, units=units, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = rules.create_item(
                request.user,
                source=d["source"],
                unit=d["unit"],
                problem=d["problem"],
                requirement=d["requirement"],
                deadline=d["deadline"],
                year=d["year"],
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("整改事项已登记。"))
            return redirect("results:rectification_detail", pk=item.pk)
    return render(request, "results/rectification/form.html", {"form": form})


def _item(request, pk):
    qs = Rectification.objects.select_related("unit", "department", "project", "evaluation", "created_by")
    return get_visible_or_404(qs, request.user, pk=pk)


def _item_context(request, item, *, error=None, measures_form=None, evidence_form=None):
    from accounts.guards import unit_officer_of

    editable = item.status in (
        Rectification.Status.PENDING,
        Rectification.Status.IN_PROGRESS,
    ) and unit_officer_of(item, request.user)
    return {
        "item": item,
        "overdue": rules.is_overdue(item),
        "actions": [
            (t.name, RECT_LABELS.get(t.name, t.name)) for t in available_transitions(item, request.user)
        ],
        "history": history_of(item),
        "evidence": list(item.evidence.all()),
        "editable": editable,
        "measures_form": measures_form or MeasuresForm(initial={"measures": item.measures}),
        "evidence_form": evidence_form or EvidenceForm(),
        "is_finance_admin": finance_admin_of(item, request.user),
        "error": error,
    }


@require_GET
def rectification_detail(request, pk):
    require_business_role(request)
    item = _item(request, pk)
    return render(request, "results/rectification/detail.html", _item_context(request, item))


def _refused(request, pk, exc, **forms):
    ctx = _item_context(request, _item(request, pk), error=exc.message, **forms)
    return render(request, "results/rectification/detail.html", ctx, status=_status_code(exc))


@require_POST
def rectification_measures(request, pk):
    require_business_role(request)
    item = _item(request, pk)
    require_writer(request)
    ctx = _item_context(request, item)
    if not ctx["editable"]:
        deny(request, _("当前不能修改整改措施。"), item)
    form = MeasuresForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "results/rectification/detail.html",
            _item_context(request, item, measures_form=form),
            status=400,
        )
    item.measures = form.cleaned_data["measures"]
    try:
        save_edit(item, request.POST.get("version") or None, request.user, ["measures"], request=request)
    except WorkflowError as exc:
        return _refused(request, pk, exc, measures_form=form)
    messages.success(request, _("整改措施已保存。"))
    return redirect("results:rectification_detail", pk=pk)


@require_POST
def rectification_evidence(request, pk):
    require_business_role(request)
    item = _item(request, pk)
    require_writer(request)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "results/rectification/detail.html",
            _item_context(request, item, evidence_form=form),
            status=400,
        )
    upload = form.cleaned_data["file"]
    try:
        rules.check_evidence_size(upload.size)
        rules.add_evidence(item, request.user, upload.name, upload.read())
    except WorkflowError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("佐证材料已上传。"))
    return redirect("results:rectification_detail", pk=pk)


@require_GET
def rectification_evidence_download(request, pk, evidence_pk):
    """An evidence file of a visible item (another unit's: 404)."""
    from django.http import FileResponse, Http404

    require_business_role(request)
    item = _item(request, pk)
    evidence = item.evidence.filter(pk=evidence_pk).first()
    if evidence is None or not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@require_POST
def rectification_transition(request, pk, name):
    require_business_role(request)
    item = _item(request, pk)
    if name not in RECT_LABELS:
        deny(request, _("不支持的操作。"), item)
    require_writer(request)
    try:
        perform(
            item,
            name,
            request.user,
            comment=request.POST.get("comment", ""),
            seen_version=request.POST.get("version") or None,
            request=request,
        )
    except WorkflowError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("已%(action)s。") % {"action": RECT_LABELS[name]})
    return redirect("results:rectification_detail", pk=pk)
