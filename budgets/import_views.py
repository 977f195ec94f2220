"""Pages of allocation and expenditure imports: upload and list, batch status, templates.

Thin views: the rules (who may import, reading, validating, writing) are in budgets/imports.py.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.scoping import scope_of
from budgets import imports
from budgets.models import ImportBatch
from perfapp import audit

PAGE_SIZE = 20


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("数据类型"), choices=ImportBatch.Kind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=gettext_lazy("文件"),
        help_text=gettext_lazy("支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _require_import_role(user) -> None:
    allowed, reason = imports.can_import(user)
    if not allowed:
        raise PermissionDenied(reason)


@require_http_methods(["GET", "POST"])
def import_list(request):
    """The user's import batches, newest first, and the upload form."""
    _require_import_role(request.user)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            batch = imports.start_import(
                request.user,
                form.cleaned_data["kind"],
                form.cleaned_data["file"],
                # The same address perfapp.audit would take from this request.
                ip=audit.client_ip(request),
            )
            if batch.status == ImportBatch.Status.DONE:
                messages.success(request, _("导入成功，共 %(n)s 行。") % {"n": batch.row_count})
            elif batch.status == ImportBatch.Status.FAILED:
                messages.error(request, _("导入失败，未写入任何数据，请查看下方的错误说明。"))
            else:
                messages.info(request, _("文件较大，已转入后台导入，本页会自动显示进度。"))
            return redirect("budgets:import_detail", pk=batch.pk)
    else:
        form = ImportForm(initial={"kind": request.GET.get("kind") or ImportBatch.Kind.ALLOCATIONS})

    is_finance_admin = Role.FINANCE_ADMIN in scope_of(request.user).roles
    show_region = is_finance_admin and request.GET.get("scope") == "region"
    batches = imports.batches_visible_to(request.user)
    if not show_region:
        batches = batches.filter(uploaded_by=request.user)
    batches = batches.select_related("uploaded_by").defer("errors").order_by("-created_at", "-id")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "budgets/imports/list.html",
        {
            "form": form,
            "page_obj": page,
            "is_finance_admin": is_finance_admin,
            "show_region": show_region,
            "max_mb": round(settings.IMPORT_MAX_BYTES / (1024 * 1024), 1),
            "async_rows": settings.IMPORT_ASYNC_ROWS,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def import_detail(request, pk: int):
    """A batch's status, progress and errors; the htmx poll gets only the status fragment."""
    batch = imports.get_batch_for_user(request.user, pk)
    file_errors, cell_errors = imports.error_rows(batch.errors)
    context = {
        "batch": batch,
        "file_errors": file_errors,
        "cell_errors": cell_errors,
        "active": batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING),
    }
    if request.htmx:
        return render(request, "budgets/imports/partials/status.html", context)
    return render(request, "budgets/imports/detail.html", context)


@require_GET
def import_template(request, kind: str):
    """The .xlsx template of one kind: header row with Chinese column names and an example row."""
    _require_import_role(request.user)
    if kind not in ImportBatch.Kind.values:
        raise Http404
    name = _("%(kind)s导入模板.xlsx") % {"kind": ImportBatch.Kind(kind).label}
    response = HttpResponse(imports.build_template(kind), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
