"""Home (我的待办), health check, notifications, jobs and the audit log pages."""

import datetime
import json
import os

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.scoping import scope_of
from perfapp import audit
from perfapp.documents import Sheet, xlsx_response
from perfapp.jobs import get_job_for_user
from perfapp.models import AuditEvent, EventKind, Job, Notification
from perfapp.todo import todo_for

AUDIT_PAGE_SIZE = 50
PAGE_SIZE = 20


def home(request):
    items = todo_for(request.user)
    notifications = Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:10]
    return render(
        request,
        "home.html",
        {"items": items, "notifications": notifications, "today": timezone.localdate()},
    )


@require_GET
def healthz(request):
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# ---------------------------------------------------------------------------------------------
# Notifications (消息中心)


@require_GET
def notification_list(request):
    qs = Notification.objects.filter(recipient=request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    unread_count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(
        request,
        "perfapp/notification_list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread_count": unread_count,
            "today": timezone.localdate(),
        },
    )


@require_POST
def notification_read(request, pk):
    """Mark one of the user's own messages read; with `open` go on to the page it points at."""
    try:
        note = Notification.objects.get(pk=pk, recipient=request.user)
    except Notification.DoesNotExist:
        raise Http404
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
    if request.POST.get("open") and note.url.startswith("/") and not note.url.startswith("//"):
        return redirect(note.url)
    return redirect(_safe_next(request, reverse("notification_list")))


@require_POST
def notification_read_all(request):
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, _("已将 %(count)s 条消息标为已读。") % {"count": count})
    return redirect(_safe_next(request, reverse("notification_list")))


# ---------------------------------------------------------------------------------------------
# Jobs (后台任务)


@require_GET
def job_list(request):
    qs = Job.objects.filter(created_by=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "perfapp/job_list.html", {"page": page})


@require_GET
def job_detail(request, pk):
    job = get_job_for_user(request.user, pk)
    return render(request, "perfapp/job_detail.html", {"job": job})


@require_GET
def job_status(request, pk):
    """The status fragment that job_detail polls every second while the job is unfinished."""
    job = get_job_for_user(request.user, pk)
    return render(request, "perfapp/partials/job_status.html", {"job": job})


@require_GET
def job_download(request, pk):
    job = get_job_for_user(request.user, pk)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404
    filename = (job.result or {}).get("filename") or os.path.basename(job.result_file.name)
    audit.record(
        EventKind.EXPORT,
        request.user,
        job,
        summary=_("下载任务结果：%(name)s") % {"name": filename},
        data={"kind": job.kind, "sha256": job.result_sha256},
        request=request,
    )
    return FileResponse(handle, as_attachment=True, filename=filename)


# ---------------------------------------------------------------------------------------------
# Audit log (审计日志) — audit_admin only [等保 2.0 三员分立: 安全审计员]


def can_browse_audit_log(user) -> tuple[bool, str]:
    """Only the audit administrator reads the audit trail — not the system or security admin whose
    actions it records, and no business role [等保 2.0 三员分立]."""
    if Role.AUDIT_ADMIN in scope_of(user).roles:
        return True, ""
    return False, _("只有安全审计员可以查看审计日志。")


def _require_audit_admin(request) -> None:
    allowed, reason = can_browse_audit_log(request.user)
    if not allowed:
        audit.record(
            EventKind.ACCESS_DENIED,
            request.user,
            summary=_("越权访问审计日志：%(path)s") % {"path": request.path},
            data={"path": request.path, "method": request.method},
            request=request,
        )
        raise PermissionDenied(reason)


def object_type_labels() -> dict[str, str]:
    """Model label → its Chinese name, for the object type filter and column."""
    return {
        m._meta.label_lower: str(m._meta.verbose_name)
        for m in apps.get_models()
        if not m.__name__.startswith("Historical")
    }


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("事件类型"), required=False)
    actor = forms.CharField(label=gettext_lazy("操作人账号"), required=False, max_length=150)
    date_from = forms.DateField(
        label=gettext_lazy("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    object_type = forms.ChoiceField(label=gettext_lazy("对象类型"), required=False)
    q = forms.CharField(label=gettext_lazy("关键字"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部"))] + list(EventKind.choices)
        labels = object_type_labels()
        self.fields["object_type"].choices = [("", _("全部"))] + sorted(
            labels.items(), key=lambda item: item[0]
        )
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data

    def filter(self, qs):
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["actor"]:
            qs = qs.filter(actor_name__icontains=data["actor"].strip())
        # Bounds as aware datetimes (not at__date) so the index on `at` is used.
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            qs = qs.filter(at__gte=datetime.datetime.combine(data["date_from"], datetime.time.min, tz))
        if data["date_to"]:
            end = data["date_to"] + datetime.timedelta(days=1)
            qs = qs.filter(at__lt=datetime.datetime.combine(end, datetime.time.min, tz))
        if data["object_type"]:
            qs = qs.filter(object_type=data["object_type"])
        if data["q"]:
            text = data["q"].strip()
            qs = qs.filter(Q(summary__icontains=text) | Q(object_id=text) | Q(actor_name__icontains=text))
        return qs


@require_GET
def audit_log(request):
    _require_audit_admin(request)
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.order_by("-id")
    if form.is_bound:
        qs = form.filter(qs)
    page = Paginator(qs, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = object_type_labels()
    for event in page:
        event.object_label = labels.get(event.object_type, event.object_type)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "perfapp/audit_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )


@require_POST
def audit_verify(request):
    """Walk the whole chain now and show the first break, or that it is intact."""
    _require_audit_admin(request)
    problem = audit.verify()
    context = {
        "problem": problem,
        "checked_at": timezone.localtime(),
        "event_count": AuditEvent.objects.count(),
    }
    if request.htmx:
        return render(request, "perfapp/partials/audit_verify_result.html", context)
    if problem is None:
        messages.success(
            request,
            _("审计日志完整：共 %(count)s 条记录，哈希链校验通过。") % {"count": context["event_count"]},
        )
    else:
        messages.error(request, _("审计日志校验未通过：%(problem)s") % {"problem": problem})
    return redirect(_safe_next(request, reverse("audit_log")))


@require_GET
def audit_export(request):
    """The filtered audit log as .xlsx, streamed; the export itself becomes an EXPORT event."""
    _require_audit_admin(request)
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.order_by("id")
    if form.is_bound:
        if not form.is_valid():
            messages.error(request, _("筛选条件有误，请修改后再导出。"))
            return redirect(f"{reverse('audit_log')}?{request.GET.urlencode()}")
        qs = form.filter(qs)
    filters = {k: v for k, v in request.GET.items() if v}
    audit.record(
        EventKind.EXPORT,
        request.user,
        summary=_("导出审计日志"),
        data={"filters": filters, "rows": qs.count()},
        request=request,
    )
    labels = object_type_labels()
    kinds = dict(EventKind.choices)

    def rows():
        for e in qs.iterator(chunk_size=2000):
            yield [
                e.pk,
                timezone.localtime(e.at),
                str(kinds.get(e.kind, e.kind)),
                e.actor_name,
                labels.get(e.object_type, e.object_type),
                e.object_id,
                e.summary,
                e.ip,
                _json(e.data),
                e.prev_hash,
                e.hash,
            ]

    headers = [
        _("编号"),
        _("时间"),
        _("事件类型"),
        _("操作人账号"),
        _("对象类型"),
        _("对象编号"),
        _("摘要"),
        _("IP 地址"),
        _("详情"),
        _("前一条哈希"),
        _("本条哈希"),
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return xlsx_response(
        f"{_('审计日志')}-{stamp}.xlsx",
        [Sheet(_("审计日志"), headers, rows(), widths=(8, 20, 12, 14, 14, 10, 50, 16, 40, 20, 20))],
    )


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True) if data else ""
