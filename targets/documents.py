"""Official forms of a target (DESIGN.md §3.2 "Official forms and disclosure"; 财预〔2015〕88号 附件).

- 项目支出绩效目标申报表 and 部门整体支出绩效目标申报表 in Excel, in the official layout: a header
  block (项目名称, 主管部门及代码, 实施单位, 项目属性, 项目期, 资金 in 万元), 总体目标 (实施期目标 |
  年度目标) and the indicator grid 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位.
  targets/imports.py reads the same layout back (LAYOUTS is shared), so export then import gives
  the same target.
- The PDF of a target (WeasyPrint, templates/targets/pdf/target.html): the unit and year in the
  page header, page numbers in the footer.
- A department's approved targets of a year as one workbook, one sheet per target; a large one is
  the job kind "targets_department_workbook".

Every download goes through visible_to(user) (another unit's target is a 404) and is audited as EXPORT.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.models import BUSINESS_ROLES, Organization
from accounts.scoping import scope_of
from budgets.models import Allocation, FundSource
from perfapp import audit
from perfapp.documents import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, render_pdf, safe_cell
from perfapp.jobs import job_kind, set_progress, start_job
from perfapp.models import EventKind, Job
from perfapp.scoping import get_visible_or_404
from targets.models import Comparator, Indicator, Level1, Target

TEN_THOUSAND = Decimal("10000")
#: Up to this many targets a department workbook is written at once; more go to a background job.
DEPARTMENT_SYNC_LIMIT = 40
COLUMNS = 9  # A … I

#: The indicator grid's columns (a file format: always these Chinese headers).
GRID_HEADERS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "分值",
    "上年实际值",
    "数据来源",
)
GRID_FIELDS = (
    "level1",
    "level2",
    "name",
    "comparator",
    "value",
    "unit",
    "weight",
    "last_year_actual",
    "data_source",
)
GRID_WIDTHS = (12, 16, 26, 9, 12, 12, 8, 12, 18)


@dataclass(frozen=True)
class Layout:
    """Where everything sits on one form. Coordinates are the top-left cells of merged ranges."""

    title: str
    #: (range, label) of fixed label cells; the import checks them to recognise the form.
    labels: tuple[tuple[str, str], ...]
    #: field → (range of its value cell, label shown in errors). Fields marked editable are read back.
    values: dict[str, tuple[str, str]]
    editable: tuple[str, ...]
    grid_row: int
    extra_merges: tuple[str, ...] = field(default_factory=tuple)


PROJECT_LAYOUT = Layout(
    title="项目支出绩效目标申报表",
    labels=(
        ("A3:A3", "项目名称"),
        ("A4:A4", "主管部门及代码"),
        ("E4:E4", "实施单位"),
        ("A5:A5", "项目属性"),
        ("E5:E5", "项目期"),
        ("A6:A8", "项目资金（万元）"),
        ("B6:C6", "实施期资金总额"),
        ("B7:C7", "其中：财政拨款"),
        ("B8:C8", "其他资金"),
        ("E6:F6", "年度资金总额"),
        ("E7:F7", "其中：财政拨款"),
        ("E8:F8", "其他资金"),
        ("A9:A10", "总体目标"),
        ("B9:E9", "实施期目标"),
        ("F9:I9", "年度目标"),
    ),
    values={
        "name": ("B3:I3", "项目名称"),
        "department": ("B4:D4", "主管部门及代码"),
        "unit": ("F4:I4", "实施单位"),
        "nature": ("B5:D5", "项目属性"),
        "period": ("F5:I5", "项目期"),
        "period_total": ("D6:D6", "实施期资金总额"),
        "period_fiscal": ("D7:D7", "实施期财政拨款"),
        "period_other": ("D8:D8", "实施期其他资金"),
        "amount": ("G6:I6", "年度资金总额"),
        "fiscal": ("G7:I7", "年度财政拨款"),
        "other": ("G8:I8", "年度其他资金"),
        "period_goal": ("B10:E10", "实施期目标"),
        "overall_goal": ("F10:I10", "年度目标"),
    },
    editable=("name", "amount", "fiscal", "other", "period_goal", "overall_goal"),
    grid_row=11,
)

DEPARTMENT_LAYOUT = Layout(
    title="部门整体支出绩效目标申报表",
    labels=(
        ("A3:A3", "部门（单位）名称"),
        ("E3:E3", "部门代码"),
        ("A4:A6", "年度预算资金（万元）"),
        ("B4:D4", "年度资金总额"),
        ("B5:D5", "其中：财政拨款"),
        ("B6:D6", "其他资金"),
        ("A7:A7", "年度总体目标"),
    ),
    values={
        "unit": ("B3:D3", "部门（单位）名称"),
        "code": ("F3:I3", "部门代码"),
        "amount": ("E4:I4", "年度资金总额"),
        "fiscal": ("E5:I5", "年度财政拨款"),
        "other": ("E6:I6", "年度其他资金"),
        "overall_goal": ("B7:I7", "年度总体目标"),
    },
    editable=("amount", "fiscal", "other", "overall_goal"),
    grid_row=8,
)

LAYOUTS = {
    Target.Kind.PROJECT: PROJECT_LAYOUT,
    Target.Kind.POLICY: PROJECT_LAYOUT,
    Target.Kind.DEPARTMENT: DEPARTMENT_LAYOUT,
}


def layout_of(target: Target) -> Layout:
    return LAYOUTS[target.kind]


def level1_labels() -> dict[str, str]:
    """Level-1 code → Chinese label (the file format, whatever the user's language)."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in Level1.choices}


def comparator_labels() -> dict[str, str]:
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in Comparator.choices}


def wan(amount: Decimal | None) -> Decimal | None:
    """元 → 万元, exactly (an amount in 元 has two decimals, so 万元 needs at most six)."""
    if amount is None:
        return None
    return (Decimal(amount) / TEN_THOUSAND).normalize()


# ---------------------------------------------------------------------------------------------
# The values a form shows
# ---------------------------------------------------------------------------------------------


def _other_allocated(project_id: int, year: int | None = None) -> Decimal:
    qs = Allocation.objects.filter(project_id=project_id, fund_source=FundSource.OTHER)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.aggregate(s=Sum("total_amount"))["s"] or Decimal("0")


def form_values(target: Target) -> dict:
    """The header values of the target's form (amounts in 元; written in 万元).

    The year's 其他资金 is the project's 其他 allocation of the year (never more than the amount);
    财政拨款 is the rest.
    """
    project = target.project
    other = min(_other_allocated(project.pk, target.year), target.amount) if project else Decimal("0")
    values = {
        "name": target.name,
        "amount": target.amount,
        "fiscal": target.amount - other,
        "other": other,
        "overall_goal": target.overall_goal,
        "period_goal": target.period_goal,
        "unit": target.unit.name,
        "code": target.unit.code,
    }
    if project is not None:
        period_other = min(_other_allocated(project.pk), project.total_amount)
        values.update(
            department=f"{target.department.name}（{target.department.code}）",
            nature=project.get_nature_display(),
            period=_("%(a)s—%(b)s年") % {"a": project.start_year, "b": project.end_year}
            if project.end_year != project.start_year
            else _("%(a)s年") % {"a": project.start_year},
            period_total=project.total_amount,
            period_fiscal=project.total_amount - period_other,
            period_other=period_other,
        )
    return values


MONEY_FIELDS = ("amount", "fiscal", "other", "period_total", "period_fiscal", "period_other")


def indicator_row(ind: Indicator, l1: dict[str, str], comp: dict[str, str]) -> list:
    value = ind.qualitative_value if ind.comparator == Comparator.QUALITATIVE else _num(ind.target_value)
    return [
        l1.get(ind.level1, ind.level1),
        ind.level2,
        ind.name,
        comp.get(ind.comparator, ind.comparator),
        value,
        ind.unit,
        _num(ind.weight),
        _num(ind.last_year_actual),
        ind.data_source,
    ]


def _num(value: Decimal | None):
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else value


# ---------------------------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------------------------


def write_form_sheet(ws, target: Target) -> None:
    """Write one target's 申报表 onto worksheet `ws` (openpyxl, normal mode: merged cells)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    layout = layout_of(target)
    thin = Side(style="thin", color="333333")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="center", wrap_text=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF1F6")
    last = get_column_letter(COLUMNS)

    for index, width in enumerate(GRID_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = layout.title
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = center
    ws.row_dimensions[1].height = 30
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = f"（{target.year}年度）"
    ws["A2"].alignment = center

    def place(rng: str, value, *, label=False, number=False):
        start = rng.split(":")[0]
        if rng.split(":")[0] != rng.split(":")[1]:
            ws.merge_cells(rng)
        cell = ws[start]
        cell.value = safe_cell(value)
        cell.alignment = center if label else wrap
        if label:
            cell.font, cell.fill = bold, fill
        if number:
            cell.number_format = "#,##0.00####"
        for row in ws[rng]:
            for c in row:
                c.border = border

    for rng, text in layout.labels:
        place(rng, text, label=True)
    values = form_values(target)
    for key, (rng, _label) in layout.values.items():
        value = values.get(key, "")
        if key in MONEY_FIELDS:
            place(rng, wan(value) if value != "" else None, number=True)
        else:
            place(rng, value)
    for r in (10,) if layout is PROJECT_LAYOUT else (7,):
        ws.row_dimensions[r].height = 60

    header_row = layout.grid_row
    for col, text in enumerate(GRID_HEADERS, start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font, cell.fill, cell.alignment, cell.border = bold, fill, center, border
    l1, comp = level1_labels(), comparator_labels()
    indicators = list(target.indicators.all())
    row = header_row
    for ind in indicators:
        row += 1
        for col, value in enumerate(indicator_row(ind, l1, comp), start=1):
            cell = ws.cell(row=row, column=col, value=safe_cell(value))
            cell.border = border
            cell.alignment = center if col in (1, 2, 4) else wrap
    # Level-1 and level-2 cells merged over consecutive rows of the same group, as on the paper form.
    for col, key in ((1, lambda i: i.level1), (2, lambda i: (i.level1, i.level2))):
        start = 0
        for n in range(1, len(indicators) + 1):
            if n == len(indicators) or key(indicators[n]) != key(indicators[start]):
                if n - 1 > start:
                    letter = get_column_letter(col)
                    ws.merge_cells(f"{letter}{header_row + 1 + start}:{letter}{header_row + n}")
                start = n
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1


def form_workbook(targets) -> bytes:
    from openpyxl import Workbook

    from perfapp.documents import _sheet_title

    wb = Workbook()
    wb.remove(wb.active)
    used = set()
    for target in targets:
        title = _sheet_title(target.name)
        n = 1
        while title in used:
            n += 1
            title = _sheet_title(f"{target.name[:26]}（{n}）")
        used.add(title)
        write_form_sheet(wb.create_sheet(title), target)
    if not wb.worksheets:
        wb.create_sheet(_("无数据"))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def form_xlsx(target: Target) -> bytes:
    return form_workbook([target])


def form_filename(target: Target, ext: str) -> str:
    return f"{target.year}年{target.name}-{layout_of(target).title}.{ext}"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    from django.utils.encoding import escape_uri_path

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


def _audit_export(user, obj, summary: str, request=None, data=None) -> None:
    audit.record(EventKind.EXPORT, user, obj, summary=summary[:255], data=data or {}, request=request)


def _target_for_form(pk, user) -> Target:
    qs = Target.objects.select_related("unit", "department", "project", "fiscal_year").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
    )
    return get_visible_or_404(qs, user, pk=pk)


def form_xlsx_response(target: Target, user, request=None) -> HttpResponse:
    target = _target_for_form(target.pk, user)
    content = form_xlsx(target)
    _audit_export(user, target, _("导出绩效目标申报表（Excel） %(obj)s") % {"obj": target}, request)
    return _download(content, form_filename(target, "xlsx"), XLSX_CONTENT_TYPE)


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def grid_rows(indicators) -> list[dict]:
    """Indicator rows with rowspans for merged level-1 / level-2 cells."""
    l1, comp = level1_labels(), comparator_labels()
    rows = []
    for n, ind in enumerate(indicators):
        cells = indicator_row(ind, l1, comp)
        rows.append({"cells": cells, "span1": 0, "span2": 0})
        if n == 0 or ind.level1 != indicators[n - 1].level1:
            rows[-1]["span1"] = sum(1 for _ in _run(indicators, n, lambda i: i.level1))
        if n == 0 or (ind.level1, ind.level2) != (indicators[n - 1].level1, indicators[n - 1].level2):
            rows[-1]["span2"] = sum(1 for _ in _run(indicators, n, lambda i: (i.level1, i.level2)))
    return rows


def _run(items, start, key):
    first = key(items[start])
    for item in items[start:]:
        if key(item) != first:
            return
        yield item


def form_pdf(target: Target) -> bytes:
    layout = layout_of(target)
    values = form_values(target)
    money = {k: wan(values[k]) for k in MONEY_FIELDS if k in values}
    return render_pdf(
        "targets/pdf/target.html",
        {
            "title": layout.title,
            "running_head": f"{target.unit.name} · {target.year}年度 · {layout.title}",
            "target": target,
            "values": values,
            "money": money,
            "is_project": layout is PROJECT_LAYOUT,
            "grid_headers": GRID_HEADERS,
            "rows": grid_rows(list(target.indicators.all())),
        },
    )


def form_pdf_response(target: Target, user, request=None) -> HttpResponse:
    target = _target_for_form(target.pk, user)
    content = form_pdf(target)
    _audit_export(user, target, _("导出绩效目标申报表（PDF） %(obj)s") % {"obj": target}, request)
    return _download(content, form_filename(target, "pdf"), PDF_CONTENT_TYPE)


# ---------------------------------------------------------------------------------------------
# A department's approved targets as one workbook
# ---------------------------------------------------------------------------------------------


def department_targets(user, department_id: int, year: int):
    """The department's approved (current) targets of `year` that `user` may see."""
    return (
        Target.objects.visible_to(user)
        .filter(department_id=department_id, year=year)
        .approved()
        .current()
        .select_related("unit", "department", "project", "fiscal_year")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")))
        .order_by("unit__code", "kind", "name", "id")
    )


def _workbook_name(department: Organization, year: int) -> str:
    return f"{department.name}{year}年度绩效目标申报表.xlsx"


@job_kind("targets_department_workbook", gettext_lazy("部门绩效目标申报表（Excel）"))
def department_workbook_job(job: Job) -> tuple[str, bytes]:
    params = job.params or {}
    department = Organization.objects.get(pk=params["department"])
    targets = list(department_targets(job.created_by, department.pk, int(params["year"])))
    set_progress(job, 20)
    content = form_workbook(targets)
    set_progress(job, 90)
    return _workbook_name(department, int(params["year"])), content


def department_workbook_response(user, department_id: int, year: int, request=None, api=False):
    """The workbook itself when small; otherwise a job (API: 202 with its address; page: redirect)."""
    from rest_framework.response import Response

    department = Organization.objects.filter(pk=department_id, kind=Organization.Kind.DEPARTMENT).first()
    targets = department_targets(user, department_id, year)
    count = targets.count()
    if department is None or (count == 0 and not _sees_department(user, department)):
        raise Http404
    data = {"department": department_id, "year": year, "count": count}
    if count > DEPARTMENT_SYNC_LIMIT:
        job = start_job("targets_department_workbook", user, {"department": department_id, "year": year})
        from django.urls import reverse

        url = reverse("job_detail", args=[job.pk])
        if api:
            return Response({"job": job.pk, "url": url}, status=202)
        return redirect(url)
    content = form_workbook(list(targets))
    _audit_export(
        user,
        department,
        _("导出部门绩效目标申报表 %(d)s %(y)s年度（%(n)s 个）")
        % {"d": department.name, "y": year, "n": count},
        request,
        data,
    )
    return _download(content, _workbook_name(department, year), XLSX_CONTENT_TYPE)


def _sees_department(user, department: Organization) -> bool:
    scope = scope_of(user)
    if scope.region_ids is not None and department.region_id in scope.region_ids:
        return True
    return department.pk in scope.department_ids


# ---------------------------------------------------------------------------------------------
# Page views (targets/document_urls.py)
# ---------------------------------------------------------------------------------------------


def _business_user(request) -> None:
    if not scope_of(request.user).roles & BUSINESS_ROLES:
        raise PermissionDenied(_("您的角色无权访问此功能。"))


@login_required
@require_GET
def form_xlsx_view(request, pk):
    _business_user(request)
    return form_xlsx_response(_target_for_form(pk, request.user), request.user, request=request)


@login_required
@require_GET
def form_pdf_view(request, pk):
    _business_user(request)
    return form_pdf_response(_target_for_form(pk, request.user), request.user, request=request)


@login_required
@require_GET
def department_workbook_view(request):
    _business_user(request)
    try:
        department = int(request.GET.get("department", ""))
        year = int(request.GET.get("year", ""))
    except ValueError:
        raise Http404
    return department_workbook_response(request.user, department, year, request=request)
