"""Filled 项目支出绩效自评表 workbooks in the layouts different bureaus publish, built with openpyxl
(tests read better with the layout in code than with binary fixtures).

`build(form, **variant)` writes a `Form`; the variants are the ones the importer must tolerate:
merged cells or none, extra columns (指标性质, 度量单位, 权重), a 总分 row or none, actual values
printed with comparator and unit ("≥266米"), full-width digits, money in 元 instead of 万元, a
formula somewhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


@dataclass
class Row:
    level1: str  # "产出指标" …
    level2: str
    name: str
    comparator: str  # "≥", "≤", "=", "定性"
    target: object  # number or text
    unit: str = ""
    points: object = None
    actual: object = None
    score: object = None
    reason: str = ""


@dataclass
class Form:
    name: str
    department: str
    unit: str
    initial: Decimal  # 元
    annual: Decimal
    spent: Decimal
    execution_points: object = 10
    execution_rate: object = None
    execution_score: object = None
    goal_expected: str = "完成年度培训任务"
    goal_actual: str = ""
    rows: list[Row] = field(default_factory=list)
    total: object = None
    grade: str = ""
    year: int = 2026


def _text(value, fullwidth: bool) -> object:
    if value is None:
        return None
    if fullwidth and not isinstance(value, str):
        return format(value, "f" if isinstance(value, Decimal) else "").translate(FULL_WIDTH)
    if fullwidth and isinstance(value, str):
        return value.translate(FULL_WIDTH)
    return value


def build(
    form: Form,
    *,
    merged: bool = True,
    extra_columns: bool = False,
    total_row: bool = True,
    actual_with_unit: bool = False,
    fullwidth: bool = False,
    money_in_yuan: bool = False,
    formula_cell: str | None = None,
    grade_row: bool = True,
    title: str = "项目支出绩效自评表",
    leading_blank_rows: int = 0,
    sheet_title: str = "自评表",
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    r0 = 1 + leading_blank_rows
    headers = ["一级指标", "二级指标", "三级指标"]
    if extra_columns:
        headers += [
            "指标性质",
            "年度指标值（A）",
            "度量单位",
            "权重",
            "实际完成值（B）",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
    else:
        headers += ["年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    headers = ["绩效指标", *headers]
    width = len(headers)
    last = get_column_letter(width)

    def put(r, c, value, span_to=None, down_to=None):
        ws.cell(row=r, column=c, value=value)
        if merged and (span_to and span_to > c or down_to and down_to > r):
            ws.merge_cells(start_row=r, start_column=c, end_row=down_to or r, end_column=span_to or c)

    put(r0, 1, title, span_to=width)
    put(r0 + 1, 1, f"（{form.year}年度）", span_to=width)
    r = r0 + 2
    put(r, 1, "项目名称")
    put(r, 2, form.name, span_to=width)
    r += 1
    put(r, 1, "主管部门")
    put(r, 2, form.department, span_to=4)
    put(r, 5, "实施单位")
    put(r, 6, form.unit, span_to=width)
    r += 1
    unit_label = "元" if money_in_yuan else "万元"
    put(r, 1, f"项目资金（{unit_label}）", down_to=r + 1)
    labels = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    for i, label in enumerate(labels):
        put(r, 4 + i, label)
    divisor = Decimal(1) if money_in_yuan else Decimal(10000)
    put(r + 1, 2, "年度资金总额", span_to=3)
    amounts = [form.initial / divisor, form.annual / divisor, form.spent / divisor]
    for i, amount in enumerate(amounts):
        put(r + 1, 4 + i, _text(amount.normalize(), fullwidth) if fullwidth else float(amount))
    put(r + 1, 7, _text(form.execution_points, fullwidth))
    put(r + 1, 8, form.execution_rate)
    put(r + 1, 9, _text(form.execution_score, fullwidth))
    r += 2
    put(r, 1, "年度总体目标", down_to=r + 1)
    put(r, 2, "预期目标", span_to=5)
    put(r, 6, "实际完成情况", span_to=width)
    put(r + 1, 2, form.goal_expected, span_to=5)
    put(r + 1, 6, form.goal_actual, span_to=width)
    r += 2
    head = r
    for c, text in enumerate(headers, start=1):
        ws.cell(row=head, column=c, value=text)
    col = {h.split("（")[0]: i for i, h in enumerate(headers, start=1)}
    previous = None
    group_start = head + 1
    for n, row in enumerate(form.rows):
        r = head + 1 + n
        new_group = previous is None or previous.level1 != row.level1
        if new_group or not merged:
            ws.cell(row=r, column=col["一级指标"], value=row.level1)
        if new_group and merged and n > 0 and r - 1 > group_start:
            ws.merge_cells(
                start_row=group_start, start_column=col["一级指标"], end_row=r - 1, end_column=col["一级指标"]
            )
        if new_group:
            group_start = r
        ws.cell(row=r, column=col["二级指标"], value=row.level2)
        ws.cell(row=r, column=col["三级指标"], value=row.name)
        target = row.target
        if extra_columns:
            ws.cell(row=r, column=col["指标性质"], value=row.comparator)
            ws.cell(row=r, column=col["年度指标值"], value=_text(target, fullwidth))
            ws.cell(row=r, column=col["度量单位"], value=row.unit)
            ws.cell(row=r, column=col["权重"], value="—")
        else:
            shown = (
                target
                if row.comparator == "定性"
                else f"{row.comparator}{_text(target, fullwidth)}{row.unit}"
            )
            ws.cell(row=r, column=col["年度指标值"], value=shown)
        actual = row.actual
        if actual is not None and row.comparator != "定性":
            if actual_with_unit:
                actual = f"{row.comparator}{_text(actual, fullwidth)}{row.unit}"
            elif fullwidth:
                actual = _text(actual, True)
        ws.cell(row=r, column=col["实际完成值"], value=actual)
        ws.cell(row=r, column=col["分值"], value=_text(row.points, fullwidth))
        ws.cell(row=r, column=col["得分"], value=_text(row.score, fullwidth))
        ws.cell(row=r, column=col["偏差原因分析及改进措施"], value=row.reason)
        previous = row
    end = head + len(form.rows)
    if merged and end > group_start:
        ws.merge_cells(
            start_row=group_start, start_column=col["一级指标"], end_row=end, end_column=col["一级指标"]
        )
    if merged:
        ws.merge_cells(start_row=head, start_column=1, end_row=end, end_column=1)
    r = end
    if total_row:
        r += 1
        put(r, 1, "总分", span_to=col["分值"] - 1)
        ws.cell(row=r, column=col["分值"], value=100)
        ws.cell(row=r, column=col["得分"], value=_text(form.total, fullwidth))
    if grade_row and form.grade:
        r += 1
        put(r, 1, "评价等级", span_to=col["分值"] - 1)
        put(r, col["分值"], form.grade, span_to=width)
    r += 2
    put(r, 1, "注：本表由项目实施单位填报。", span_to=width)
    if formula_cell:
        ws[formula_cell] = "=SUM(1,2)"
    assert last
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def standard_form(**overrides) -> Form:
    """A filled form of the persona unit A (吉林省实验中学 under 吉林省教育厅), scored by the
    default scheme: 预算执行 9.5 + 产出 (20 + 15 + 13.5) + 效益 30 + 满意度 10 = 98.00 (优)."""
    values = dict(
        name="教师培训项目",
        department="吉林省教育厅",
        unit="吉林省实验中学",
        initial=Decimal("1000000"),
        annual=Decimal("1000000"),
        spent=Decimal("950000"),
        execution_rate="95%",
        execution_score=9.5,
        goal_actual="完成培训 500 人次",
        rows=[
            Row("产出指标", "数量指标", "培训人次", "≥", 500, "人次", 20, 500, 20),
            Row("产出指标", "质量指标", "培训合格率", "≥", 95, "%", 15, 96, 15),
            Row("产出指标", "时效指标", "修缮道路长度", "≥", 200, "米", 15, 180, 13.5, "雨季延误"),
            Row("效益指标", "社会效益指标", "教学能力提升", "定性", "明显提升", "", 30, "达成", 30),
            Row("满意度指标", "服务对象满意度指标", "参训教师满意度", "≥", 90, "%", 10, 92, 10),
        ],
        total=98,
        grade="优",
    )
    values.update(overrides)
    return Form(**values)


def miscalculated_form(**overrides) -> Form:
    """The standard form as a bureau published it with a wrong row score: 修缮道路长度 reached 180 of
    200 米 yet was given its full 15 points, so the printed total is 99.5 where the rules give 98."""
    form = standard_form(name="校舍维修项目", **overrides)
    form.rows[2].score = 15
    form.total = 99.5
    return form


# --- a self-evaluation to export and import into ----------------------------------------------------

INDICATORS = (
    # level1, level2, name, comparator, target, unit, weight
    ("output", "数量指标", "培训人次", "gte", Decimal("500"), "人次", Decimal("20")),
    ("output", "质量指标", "培训合格率", "gte", Decimal("95"), "%", Decimal("15")),
    ("output", "时效指标", "修缮道路长度", "gte", Decimal("200"), "米", Decimal("15")),
    ("outcome", "社会效益指标", "教学能力提升", "qualitative", "明显提升", "", Decimal("30")),
    ("satisfaction", "服务对象满意度指标", "参训教师满意度", "gte", Decimal("90"), "%", Decimal("10")),
)


def make_self_evaluation(personas, *, unit=None, name="教师培训项目", status="draft"):
    """A project self-evaluation of 2026 for `unit` (default unit A) with the five indicators above,
    its project budget 1,000,000 元 of which 950,000 spent, not yet filled in: the approved target's
    self-evaluation created by opening the season (evaluation.selfeval.open_season)."""
    from evaluation.models import Evaluation
    from evaluation.selfeval import open_season
    from targets.models import Target
    from tests.factories import AllocationFactory, ExpenditureFactory
    from tests.targets.helpers import make_target

    unit = unit or personas.unit_a
    indicators = [
        dict(
            level1=l1,
            level2=l2,
            name=n,
            comparator=c,
            target_value=t if c != "qualitative" else None,
            qualitative_value=t if c == "qualitative" else "",
            unit=u,
            weight=w,
        )
        for l1, l2, n, c, t, u, w in INDICATORS
    ]
    target = make_target(personas, unit=unit, indicators=indicators, name=name, status=Target.Status.APPROVED)
    project = target.project
    project.name = name
    project.save()
    AllocationFactory(project=project, initial_amount=Decimal("1000000.00"))
    ExpenditureFactory(project=project, amount=Decimal("950000.00"))
    open_season(personas.year, personas.finance_admin)
    evaluation = Evaluation.objects.get(target=target, kind=Evaluation.Kind.SELF)
    if status != evaluation.status:
        Evaluation.objects.filter(pk=evaluation.pk).update(status=status)
        evaluation.refresh_from_db()
    return evaluation


#: The unit's inputs that make the standard 98.00 (优): 9.5 + 20 + 15 + 13.5 + 30 + 10.
STANDARD_ACTUALS = {
    "培训人次": Decimal("500"),
    "培训合格率": Decimal("96"),
    "修缮道路长度": Decimal("180"),
    "教学能力提升": "达成",
    "参训教师满意度": Decimal("92"),
}


def fill_and_score(evaluation, actuals=STANDARD_ACTUALS, reasons=None):
    """Set the actual values as the unit would on the page and recompute the score
    (evaluation.selfeval.recompute); test setup for exports."""
    from evaluation.selfeval import recompute

    reasons = reasons or {"修缮道路长度": "雨季延误"}
    for row in evaluation.rows.order_by("order", "id"):
        value = actuals.get(row.name)
        if row.comparator == "qualitative":
            row.actual_text, row.band = (
                value or "",
                {"达成": "achieved", "部分达成": "partial"}.get(value, ""),
            )
        else:
            row.actual_value = value
        row.deviation_reason = reasons.get(row.name, "")
        row.save()
    evaluation.goal_actual = "完成培训 500 人次"
    evaluation.save(update_fields=["goal_actual"])
    recompute(evaluation)
    return evaluation
