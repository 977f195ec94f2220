"""The official 项目支出绩效自评表 of one self-evaluation, in Excel and as PDF (issue 5 "The official
自评表 in Excel, out and in, and as PDF"; 财预〔2020〕10号 附件).

Layout (columns A–I), as the published form:

- title, 年度; 项目名称; 主管部门 | 实施单位;
- 项目资金（万元）: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 on the 年度资金总额 row;
- 年度总体目标: 预期目标 | 实际完成情况;
- 绩效指标: 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施,
  the level-1 and level-2 cells merged over their rows as on the paper form;
- 总分 (分值 100, 得分 the total) and 评价等级.

Money is in 万元 as on the official form (the evaluation stores 元). 年度指标值 is printed the way
published forms print it ("≥266米"); 实际完成值 is a plain number (or the text of a qualitative
indicator) so the unit can fill it and upload the file again (evaluation/selfeval_import.py reads
it by its labels). The PDF is rendered from templates/evaluation/pdf/self_evaluation.html with the
unit and the year in the page header and page numbers in the footer.

Every download goes through Evaluation.objects.visible_to(user) (another unit's self-evaluation is
a 404) and is audited as an EXPORT event.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from evaluation.models import Evaluation, SelfEvaluationRow
from perfapp import audit
from perfapp.documents import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, render_pdf, safe_cell
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from targets.models import Comparator, Level1

TITLE = "项目支出绩效自评表"
#: A department's overall self-evaluation prints the same blocks under its own title.
DEPARTMENT_TITLE = "部门整体支出绩效自评表"
TEN_THOUSAND = Decimal("10000")
HUNDRED = Decimal("100")
COLUMNS = 9  # A … I
#: The indicator table's headers (a file format: always these Chinese words).
GRID_HEADERS = (
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
WIDTHS = (9, 12, 14, 26, 14, 14, 8, 8, 34)
COMPARATOR_SIGNS = {Comparator.GTE: "≥", Comparator.LTE: "≤", Comparator.EQ: "="}
#: What a not-applicable row shows as its actual value (and what the importer skips).
NOT_APPLICABLE = "不适用"


def title_of(evaluation: Evaluation) -> str:
    return DEPARTMENT_TITLE if evaluation.is_department_overall else TITLE


def name_label(evaluation: Evaluation) -> str:
    return "部门（单位）名称" if evaluation.is_department_overall else "项目名称"


def level1_labels() -> dict[str, str]:
    """Level-1 code → its Chinese label (the file format, whatever the user's language)."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in Level1.choices}


def wan(amount: Decimal | None) -> Decimal | None:
    """元 → 万元, exactly."""
    if amount is None:
        return None
    return (Decimal(amount) / TEN_THOUSAND).normalize()


def number(value: Decimal | None):
    """A Decimal as Excel shows it: whole numbers without decimals, no exponent."""
    if value is None:
        return None
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return int(value)
    return value


def _plain(value: Decimal | None) -> str:
    value = number(value)
    return "" if value is None else format(value, "f") if isinstance(value, Decimal) else str(value)


def target_display(row: SelfEvaluationRow) -> str:
    """年度指标值 as printed on published forms: "≥266米", "≤5%", or the qualitative text."""
    if row.comparator == Comparator.QUALITATIVE:
        return row.target_text
    if row.target_value is None:
        return ""
    return f"{COMPARATOR_SIGNS.get(row.comparator, '')}{_plain(row.target_value)}{row.unit}"


def actual_cell(row: SelfEvaluationRow):
    """实际完成值 as the unit fills it: a number for a quantitative indicator, text otherwise."""
    if row.not_applicable:
        return NOT_APPLICABLE
    if row.comparator == Comparator.QUALITATIVE:
        return row.actual_text
    return number(row.actual_value)


def actual_display(row: SelfEvaluationRow) -> str:
    value = actual_cell(row)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{_plain(row.actual_value)}{row.unit}"


@dataclass(frozen=True)
class FormRow:
    """One indicator row with the rowspans of its merged level-1 / level-2 cells (PDF)."""

    row: SelfEvaluationRow
    level1: str
    span1: int
    span2: int


def form_rows(rows: list[SelfEvaluationRow]) -> list[FormRow]:
    l1 = level1_labels()
    out = []
    for n, row in enumerate(rows):
        span1 = span2 = 0
        if n == 0 or row.level1 != rows[n - 1].level1:
            span1 = _run(rows, n, lambda r: r.level1)
        if n == 0 or (row.level1, row.level2) != (rows[n - 1].level1, rows[n - 1].level2):
            span2 = _run(rows, n, lambda r: (r.level1, r.level2))
        out.append(FormRow(row, l1.get(row.level1, row.level1), span1, span2))
    return out


def _run(items, start: int, key) -> int:
    first, n = key(items[start]), 0
    for item in items[start:]:
        if key(item) != first:
            break
        n += 1
    return n


def money(evaluation: Evaluation):
    """年初预算数, 全年预算数, 全年执行数 and 执行率 (in %) as the form shows them: live from
    Allocation/Expenditure while the unit fills it in, frozen from submission on
    (evaluation.selfeval.money_of)."""
    from evaluation.selfeval import money_of

    return money_of(evaluation)


def execution_points(evaluation: Evaluation) -> Decimal:
    """The execution row's 分值 under the scheme the evaluation is scored with."""
    from evaluation.selfeval import scheme_of

    return scheme_of(evaluation).execution_weight


def grade_text(evaluation: Evaluation) -> str:
    if not evaluation.grade_label:
        return ""
    if evaluation.downgraded:
        return _("%(g)s（因存在违规问题降档）") % {"g": evaluation.grade_label}
    return evaluation.grade_label


def rows_of(evaluation: Evaluation) -> list[SelfEvaluationRow]:
    cache = getattr(evaluation, "_prefetched_objects_cache", {})
    if "rows" in cache:
        return list(cache["rows"])
    return list(evaluation.rows.order_by("order", "id"))


# ---------------------------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------------------------


def write_form_sheet(ws, evaluation: Evaluation) -> None:
    """Write one self-evaluation's 自评表 onto worksheet `ws` (openpyxl normal mode: merged cells)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="333333")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="center", wrap_text=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF1F6")
    last = get_column_letter(COLUMNS)
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    def place(rng: str, value, *, label=False, fmt: str | None = None, align=None):
        start, end = (rng.split(":") + [rng])[:2]
        if start != end:
            ws.merge_cells(rng)
        cell = ws[start]
        cell.value = safe_cell(value)
        cell.alignment = align or (center if label else wrap)
        if label:
            cell.font, cell.fill = bold, fill
        if fmt:
            cell.number_format = fmt
        for line in ws[f"{start}:{end}"]:
            for c in line:
                c.border = border

    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = title_of(evaluation)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = center
    ws.row_dimensions[1].height = 30
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = f"（{evaluation.year}年度）"
    ws["A2"].alignment = center

    place("A3", name_label(evaluation), label=True)
    place("B3:I3", evaluation.name)
    place("A4", "主管部门", label=True)
    place("B4:D4", evaluation.department.name)
    place("E4", "实施单位", label=True)
    place("F4:I4", evaluation.unit.name)

    amount_format = "#,##0.00####"
    place("A5:A6", "项目资金（万元）", label=True)
    place("B5:C5", "", label=True)
    for col, text in zip(
        "DEFGHI", ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), strict=True
    ):
        place(f"{col}5", text, label=True)
    place("B6:C6", "年度资金总额", label=True)
    amounts = money(evaluation)
    rate = amounts.execution_rate
    place("D6", wan(amounts.initial_budget), fmt=amount_format)
    place("E6", wan(amounts.budget), fmt=amount_format)
    place("F6", wan(amounts.spent), fmt=amount_format)
    place("G6", number(execution_points(evaluation)), align=center)
    place("H6", rate / HUNDRED if rate is not None else None, fmt="0.00%", align=center)
    place("I6", number(evaluation.execution_score), fmt="0.00", align=center)

    place("A7:A8", "年度总体目标", label=True)
    place("B7:E7", "预期目标", label=True)
    place("F7:I7", "实际完成情况", label=True)
    place("B8:E8", evaluation.goal_expected)
    place("F8:I8", evaluation.goal_actual)
    ws.row_dimensions[8].height = 72

    head = 9
    for col, text in enumerate(GRID_HEADERS, start=1):
        cell = ws.cell(row=head, column=col, value=text)
        cell.font, cell.fill, cell.alignment, cell.border = bold, fill, center, border
    rows = rows_of(evaluation)
    l1 = level1_labels()
    r = head
    for row in rows:
        r += 1
        values = (
            None,
            l1.get(row.level1, row.level1),
            row.level2,
            row.name,
            target_display(row),
            actual_cell(row),
            number(row.points if row.points is not None else row.weight),
            number(row.score),
            row.deviation_reason,
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=safe_cell(value))
            cell.border = border
            cell.alignment = center if col in (1, 2, 3, 5, 6, 7, 8) else wrap
            if col == 8:
                cell.number_format = "0.00"
    # 绩效指标 down the left of the table; level-1 and level-2 merged over their rows.
    ws.merge_cells(f"A{head}:A{max(r, head)}")
    ws[f"A{head}"].alignment = center
    for col, key in ((2, lambda x: x.level1), (3, lambda x: (x.level1, x.level2))):
        start = 0
        for n in range(1, len(rows) + 1):
            if n == len(rows) or key(rows[n]) != key(rows[start]):
                if n - 1 > start:
                    letter = get_column_letter(col)
                    ws.merge_cells(f"{letter}{head + 1 + start}:{letter}{head + n}")
                start = n
    r += 1
    total_points = sum(
        (x.points if x.points is not None else (x.weight or Decimal(0)) for x in rows), Decimal(0)
    ) + (execution_points(evaluation) or Decimal(0))
    place(f"A{r}:F{r}", "总分", label=True)
    place(f"G{r}", number(total_points), align=center)
    place(f"H{r}", number(evaluation.total_score), fmt="0.00", align=center)
    place(f"I{r}", "")
    r += 1
    place(f"A{r}:F{r}", "评价等级", label=True)
    place(f"G{r}:I{r}", grade_text(evaluation), align=center)
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1


def form_xlsx(evaluation: Evaluation) -> bytes:
    from openpyxl import Workbook

    from perfapp.documents import _sheet_title

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(title_of(evaluation))
    write_form_sheet(ws, evaluation)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def form_pdf(evaluation: Evaluation) -> bytes:
    rows = rows_of(evaluation)
    return render_pdf("evaluation/pdf/self_evaluation.html", pdf_context(evaluation, rows))


def pdf_context(evaluation: Evaluation, rows: list[SelfEvaluationRow]) -> dict:
    amounts = money(evaluation)
    return {
        "title": title_of(evaluation),
        "name_label": name_label(evaluation),
        "running_head": f"{evaluation.unit.name} · {evaluation.year}年度 · {title_of(evaluation)}",
        "evaluation": evaluation,
        "money": {
            "initial": wan(amounts.initial_budget),
            "annual": wan(amounts.budget),
            "spent": wan(amounts.spent),
        },
        "execution_points": number(execution_points(evaluation)),
        "execution_rate": amounts.execution_rate,
        "rows": [
            {
                "form": fr,
                "target": target_display(fr.row),
                "actual": actual_display(fr.row),
                "points": number(fr.row.points if fr.row.points is not None else fr.row.weight),
                "score": fr.row.score,
            }
            for fr in form_rows(rows)
        ],
        "total_points": number(
            sum((x.points if x.points is not None else (x.weight or Decimal(0)) for x in rows), Decimal(0))
            + (execution_points(evaluation) or Decimal(0))
        ),
        "grade": grade_text(evaluation),
        "grid_headers": GRID_HEADERS[1:],
        "has_formulas": any(r.formula for r in rows),
    }


# ---------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------


def self_evaluation_for(user, pk) -> Evaluation:
    """The self-evaluation if `user` may see it (with what the form needs); else a 404."""
    qs = Evaluation.objects.filter(kind=Evaluation.Kind.SELF).select_related(
        "unit", "department", "fiscal_year", "project", "target"
    )
    qs = qs.prefetch_related(Prefetch("rows", queryset=SelfEvaluationRow.objects.order_by("order", "id")))
    return get_visible_or_404(qs, user, pk=pk)


def filename(evaluation: Evaluation, ext: str) -> str:
    return f"{evaluation.year}年{evaluation.name}-{title_of(evaluation)}.{ext}"


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response


def download(evaluation: Evaluation, user, fmt: str, request=None) -> HttpResponse:
    """The 自评表 of a self-evaluation `user` sees, as "xlsx" or "pdf"; audited as an export."""
    if fmt == "pdf":
        content, content_type, label = form_pdf(evaluation), PDF_CONTENT_TYPE, "PDF"
    else:
        content, content_type, label = form_xlsx(evaluation), XLSX_CONTENT_TYPE, "Excel"
    audit.record(
        EventKind.EXPORT,
        user,
        evaluation,
        summary=(_("导出项目支出绩效自评表（%(f)s） %(obj)s") % {"f": label, "obj": evaluation})[:255],
        data={"format": fmt},
        request=request,
    )
    return _download(content, filename(evaluation, fmt), content_type)
