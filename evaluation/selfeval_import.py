"""Reading a filled 项目支出绩效自评表 back: into an existing self-evaluation, and a folder of past
years' workbooks into new ones (issue 5 "The official 自评表 in Excel, out and in" and "Historical
import for bureaus moving off Excel").

The reader finds the form's blocks by their LABELS (项目名称, 主管部门, 实施单位, 年初预算数 …,
预期目标 / 实际完成情况, the indicator header 一级指标 … 三级指标 …, 总分, 等级), never by fixed
cells, so the layouts different bureaus publish read alike: merged cells, extra columns (指标性质,
度量单位, 权重), a 总分 row or none, values printed with a comparator and unit ("≥266米"),
full-width digits ("９５．５％"), money in 万元 or in 元 (read from the headers).

1. `read_workbook` turns a file into plain data (`ParsedForm`), collecting every problem as a
   per-cell Chinese error (sheet, cell, reason); nothing touches the database.
2. `import_into` writes the unit's inputs of one workbook (实际完成值, 偏差原因分析及改进措施, 年度总体
   目标实际完成情况) into an editable self-evaluation, matched by indicator name, all-or-nothing, and
   recomputes the score (evaluation.selfeval.recompute).
3. `import_historical` reads every .xlsx of a folder (or zip) and, one transaction per file, creates
   the project if needed and an accepted, target-less self-evaluation scored under a chosen
   ScoringScheme, keeping the score printed in the file beside the computed one; the report
   (HistoricalImport, with CSV and JSON files) says per file and per row where they differ.

An import is all-or-nothing [DESIGN.md §5]; formulas are refused in a unit's upload (a formula's
value is whatever Excel last computed, which the unit cannot see was checked).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.imports import MAX_EXPANSION
from perfapp import audit
from perfapp.jobs import JobError, job_kind, set_progress
from perfapp.models import EventKind, Job

logger = logging.getLogger(__name__)

TEN_THOUSAND = Decimal("10000")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
#: A sheet larger than this is not a 自评表; the reader stops there.
MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_INDICATORS = 300
#: The labels of the total and grade rows (the first a bureau uses is found).
TOTAL_LABELS = ("总分", "合计", "总计", "自评总分", "综合得分", "总得分")
GRADE_LABELS = ("等级", "评价等级", "自评等级", "自评结果", "综合评价等级", "绩效等级", "评价结果")
#: Level-1 names → targets.models.Level1 codes (the file format, always Chinese).
LEVEL1_NAMES = {
    "产出": "output",
    "效益": "outcome",
    "满意度": "satisfaction",
    "服务对象满意度": "satisfaction",
    "社会公众或服务对象满意度": "satisfaction",
    "成本": "cost",
}
#: Comparator words a form prints before a value, or in its 指标性质 column.
COMPARATOR_WORDS = {
    "≥": "gte",
    ">=": "gte",
    ">": "gte",
    "≧": "gte",
    "大于等于": "gte",
    "不低于": "gte",
    "不少于": "gte",
    "不小于": "gte",
    "达到": "gte",
    "正向": "gte",
    "正向指标": "gte",
    "≤": "lte",
    "<=": "lte",
    "<": "lte",
    "≦": "lte",
    "小于等于": "lte",
    "不高于": "lte",
    "不超过": "lte",
    "不大于": "lte",
    "反向": "lte",
    "反向指标": "lte",
    "=": "eq",
    "等于": "eq",
    "定性": "qualitative",
    "定性指标": "qualitative",
}
_CMP_PATTERN = "|".join(
    sorted((re.escape(w) for w in COMPARATOR_WORDS if w not in ("定性", "定性指标")), key=len, reverse=True)
)
_MEASURE_RE = re.compile(
    rf"^(?P<cmp>{_CMP_PATTERN})?(?P<num>[+-]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?P<unit>.*)$"
)
#: "95%以上" / "3天以内": a comparator written after the value.
SUFFIX_COMPARATORS = {"以上": "gte", "及以上": "gte", "以下": "lte", "及以下": "lte", "以内": "lte"}


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    """One problem, named the way the user finds it: sheet, cell ("F12"), reason in Chinese."""

    sheet: str
    cell: str
    reason: str

    @property
    def row(self) -> int | None:
        match = re.search(r"\d+$", self.cell)
        return int(match.group()) if match else None

    def as_dict(self) -> dict:
        return {**asdict(self), "row": self.row}

    def __str__(self) -> str:
        where = "，".join(p for p in (self.sheet and _("工作表“%(s)s”") % {"s": self.sheet}, self.cell) if p)
        return f"{where}：{self.reason}" if where else self.reason


class WorkbookRefused(Exception):
    """The file is refused: every problem found, nothing written."""

    def __init__(self, errors: list[CellError]):
        super().__init__("；".join(str(e) for e in errors[:3]))
        self.errors = errors

    def as_dicts(self) -> list[dict]:
        return [e.as_dict() for e in self.errors]

    @property
    def reason(self) -> str:
        """The errors as one line (the historical import's report)."""
        text = "；".join(str(e) for e in self.errors[:5])
        if len(self.errors) > 5:
            text += _("……共 %(n)s 处错误") % {"n": len(self.errors)}
        return text


def refused(reason: str, sheet: str = "", cell: str = "") -> WorkbookRefused:
    return WorkbookRefused([CellError(sheet, cell, str(reason))])


# ---------------------------------------------------------------------------------------------
# Text and numbers as bureaus print them
# ---------------------------------------------------------------------------------------------


def normalize(value) -> str:
    """NFKC (full-width digits, letters and punctuation made half-width), trimmed."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def label_key(value) -> str:
    """A label as compared: normalized, without whitespace or a trailing colon."""
    return re.sub(r"\s+", "", normalize(value)).rstrip(":：")


def bare_key(value) -> str:
    """A label without its bracketed notes: "年度指标值（A）" → "年度指标值"."""
    return re.sub(r"[(（\[【][^)）\]】]*[)）\]】]", "", label_key(value))


def name_key(value) -> str:
    """An indicator, project or organization name as matched."""
    return re.sub(r"\s+", "", normalize(value))


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return None


@dataclass(frozen=True)
class Measure:
    """A printed value: "≥266米" → comparator "gte", number 266, unit "米"; text when not a number."""

    comparator: str | None = None
    number: Decimal | None = None
    unit: str = ""
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.text


def parse_measure(value, number_format: str = "") -> Measure:
    """Read a 年度指标值 or 实际完成值 cell. Numbers may carry a comparator before them ("≥", "不低于")
    or after them ("以上"), a unit, full-width digits and thousands separators; a percent-formatted
    number cell (0.955 shown as 95.5%) reads as 95.5 with unit "%"."""
    if value is None:
        return Measure()
    number = _decimal(value)
    if number is not None:
        if not number.is_finite():
            return Measure(text=str(value))
        if "%" in (number_format or ""):
            return Measure(number=(number * HUNDRED).normalize(), unit="%")
        return Measure(number=number)
    if hasattr(value, "isoformat"):
        return Measure(text=value.isoformat())
    text = re.sub(r"\s+", "", normalize(value).replace("\u2212", "-"))
    if not text:
        return Measure()
    match = _MEASURE_RE.match(text)
    if match:
        unit = match.group("unit")
        comparator = COMPARATOR_WORDS.get(match.group("cmp")) if match.group("cmp") else None
        for suffix in sorted(SUFFIX_COMPARATORS, key=len, reverse=True):
            if unit.endswith(suffix):
                comparator = comparator or SUFFIX_COMPARATORS[suffix]
                unit = unit[: -len(suffix)]
                break
        # A unit is short and has no digits; "2026年12月底前" is a date text, not 2026 of "年12月底前".
        if len(unit) <= 10 and not re.search(r"\d", unit):
            try:
                return Measure(comparator, Decimal(match.group("num").replace(",", "")), unit, text)
            except InvalidOperation:
                pass
    return Measure(text=normalize(value))


def parse_score(value, number_format: str = "") -> Decimal | None:
    """A score or amount cell: a number, or text such as "９．５" or "9.5分"; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    measure = parse_measure(value)
    if measure.number is None or measure.comparator or measure.unit not in ("", "分", "元", "万元"):
        raise ValueError(_("应为数字"))
    return measure.number


def parse_rate(value, number_format: str = "") -> Decimal | None:
    """An execution rate as a share 0..1: "95.5%", 0.955 formatted as percent, or 95.5."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    measure = parse_measure(value, number_format)
    if measure.number is None:
        raise ValueError(_("应为百分比"))
    if measure.unit == "%" or measure.number > 1:
        return measure.number / HUNDRED
    return measure.number


# ---------------------------------------------------------------------------------------------
# A sheet as a grid with its merged cells resolved
# ---------------------------------------------------------------------------------------------


class Grid:
    """The cells of one worksheet; a cell inside a merged range reads as the range's first cell."""

    def __init__(self, ws, *, formulas: dict[tuple[int, int], object] | None = None):
        from openpyxl.utils import get_column_letter

        self.title = ws.title
        self.letter = get_column_letter
        self.values: dict[tuple[int, int], object] = {}
        self.formats: dict[tuple[int, int], str] = {}
        self.formula_cells: list[tuple[int, int]] = []
        self.max_row = min(ws.max_row or 0, MAX_ROWS)
        self.max_col = min(ws.max_column or 0, MAX_COLUMNS)
        for row in ws.iter_rows(min_row=1, max_row=self.max_row, max_col=self.max_col):
            for cell in row:
                if cell.value is None or type(cell).__name__ == "MergedCell":
                    continue
                key = (cell.row, cell.column)
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                    self.formula_cells.append(key)
                    if formulas is None:
                        continue
                    value = formulas.get(key)
                    if value is None:
                        continue
                    self.values[key] = value
                else:
                    self.values[key] = cell.value
                self.formats[key] = cell.number_format or ""
        self.merge_of: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for rng in ws.merged_cells.ranges:
            box = (rng.min_row, rng.min_col, min(rng.max_row, self.max_row), min(rng.max_col, self.max_col))
            for r in range(box[0], box[2] + 1):
                for c in range(box[1], box[3] + 1):
                    self.merge_of[(r, c)] = box

    def origin(self, r: int, c: int) -> tuple[int, int]:
        box = self.merge_of.get((r, c))
        return (box[0], box[1]) if box else (r, c)

    def get(self, r: int, c: int):
        return self.values.get(self.origin(r, c))

    def fmt(self, r: int, c: int) -> str:
        return self.formats.get(self.origin(r, c), "")

    def end_col(self, r: int, c: int) -> int:
        box = self.merge_of.get((r, c))
        return box[3] if box else c

    def end_row(self, r: int, c: int) -> int:
        box = self.merge_of.get((r, c))
        return box[2] if box else r

    def name(self, r: int, c: int) -> str:
        r, c = self.origin(r, c)
        return f"{self.letter(c)}{r}"

    def labels(self) -> Iterable[tuple[int, int, str]]:
        """Every text cell (first cells of merged ranges only) with its bare label key, row by row."""
        for (r, c), value in sorted(self.values.items()):
            if isinstance(value, str) and value.strip():
                yield r, c, bare_key(value)

    def find(self, match: Callable[[str], bool], *, after_row: int = 0) -> tuple[int, int] | None:
        for r, c, key in self.labels():
            if r > after_row and match(key):
                return r, c
        return None

    def right_of(self, r: int, c: int, stop: Callable[[str], bool] | None = None) -> tuple[object, str]:
        """The value right of a label (skipping the label's merged cells and empty cells, stopping
        at another label); with the cell it was read from (or the first cell right of the label)."""
        col = self.end_col(r, c) + 1
        first = self.name(r, col) if col <= self.max_col else self.name(r, c)
        while col <= self.max_col:
            value = self.get(r, col)
            if value is not None and not (isinstance(value, str) and not value.strip()):
                if stop is not None and isinstance(value, str) and stop(bare_key(value)):
                    return None, first
                return value, self.name(r, col)
            col = self.end_col(r, col) + 1
        return None, first

    def below(self, r: int, c: int) -> tuple[object, str]:
        row = self.end_row(r, c) + 1
        if row > self.max_row:
            return None, self.name(r, c)
        return self.get(row, c), self.name(row, c)


# ---------------------------------------------------------------------------------------------
# The parsed form
# ---------------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    """One indicator row as printed; `cells` names where each field was read (for errors)."""

    line: int
    level1: str
    level2: str
    name: str
    comparator: str
    target_value: Decimal | None
    target_text: str
    unit: str
    weight: Decimal | None
    actual: Measure
    actual_raw: object
    published_score: Decimal | None
    deviation_reason: str
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedForm:
    sheet: str
    name: str = ""
    department: str = ""
    unit: str = ""
    #: "万元" or "元", as the money headers say.
    money_unit: str = "万元"
    #: In 元, or None when the form has no such cell.
    initial_budget: Decimal | None = None
    annual_budget: Decimal | None = None
    spent: Decimal | None = None
    published_execution_score: Decimal | None = None
    published_execution_rate: Decimal | None = None
    goal_expected: str = ""
    goal_actual: str = ""
    has_goal_actual: bool = False
    rows: list[ParsedRow] = field(default_factory=list)
    published_total: Decimal | None = None
    published_grade: str = ""
    cells: dict[str, str] = field(default_factory=dict)


def _is_total(key: str) -> bool:
    return key in TOTAL_LABELS


def _is_grade(key: str) -> bool:
    return key in GRADE_LABELS


#: Labels that end a header value (a value cell never holds one of these).
def _is_header_label(key: str) -> bool:
    return key.startswith(
        (
            "项目名称",
            "部门名称",
            "主管部门",
            "实施单位",
            "项目资金",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "年度总体目标",
        )
    )


def _column_role(key: str) -> str | None:
    """Which field an indicator-table header names (None: a column the reader ignores)."""
    if key == "一级指标":
        return "level1"
    if key == "二级指标":
        return "level2"
    if key in ("三级指标", "三级指标名称", "指标名称"):
        return "name"
    if key.startswith(("年度指标值", "年度目标值", "指标值", "目标值", "预期指标值", "计划指标值")):
        return "target"
    if key.startswith(("实际完成值", "实际完成情况", "实际值", "完成值", "全年实际完成值")):
        return "actual"
    if key in ("分值", "分数", "标准分值", "指标分值", "满分"):
        return "points"
    if key.startswith("权重"):
        return "weight"
    if key in ("得分", "自评得分", "评分", "实际得分"):
        return "score"
    if key.startswith(("偏差原因", "原因分析", "偏差分析", "未完成原因")):
        return "reason"
    if key in ("指标性质", "指标方向", "性质", "指标类型"):
        return "nature"
    if key in ("度量单位", "计量单位", "单位"):
        return "unit"
    return None


def _level1_code(text: str) -> str | None:
    key = bare_key(text).removesuffix("指标")
    return LEVEL1_NAMES.get(key)


def _text(value, limit: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text[:limit]


def _money_unit(texts: Iterable[str]) -> str:
    joined = "".join(normalize(t) for t in texts)
    if "万元" in joined:
        return "万元"
    if "元" in joined:
        return "元"
    return "万元"


def _money(value, unit: str) -> Decimal:
    number = parse_score(value)
    if number is None:
        raise ValueError(_("请填写金额"))
    if number < 0:
        raise ValueError(_("金额不能为负数"))
    yuan = number * TEN_THOUSAND if unit == "万元" else number
    if yuan >= Decimal(10) ** 14:
        raise ValueError(_("金额超出范围"))
    return yuan.quantize(CENT, rounding=ROUND_HALF_UP)


def _load(data: bytes, name: str, *, data_only: bool = False):
    from openpyxl import load_workbook

    if PurePath(name or "").suffix.lower() != ".xlsx":
        raise refused(_("请上传 .xlsx 格式的自评表（.xls 请先用 Excel 另存为 .xlsx）。"))
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise refused(_("文件超过 %(mb)s MB，已拒绝。") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise refused(_("文件不是有效的 Excel（.xlsx）文件。"))
    if expanded > settings.IMPORT_MAX_BYTES * MAX_EXPANSION:
        raise refused(_("文件解压后过大，可能不是正常的 Excel 文件，已拒绝。"))
    try:
        return load_workbook(io.BytesIO(data), data_only=data_only)
    except Exception:
        logger.info("unreadable self-evaluation workbook %s", name, exc_info=True)
        raise refused(_("无法读取该 Excel 文件：文件已损坏、已加密或含有不安全的内容。"))


def _form_sheet(wb):
    """The first sheet that holds an indicator table (一级指标 … 三级指标) and a 项目名称."""
    for ws in wb.worksheets:
        keys = set()
        for row in ws.iter_rows(
            max_row=min(ws.max_row or 0, MAX_ROWS), max_col=min(ws.max_column or 0, MAX_COLUMNS)
        ):
            for cell in row:
                if isinstance(cell.value, str):
                    keys.add(bare_key(cell.value))
        if "一级指标" in keys and "三级指标" in keys:
            return ws
    return None


def read_workbook(data: bytes, name: str, *, allow_formulas: bool = False) -> ParsedForm:
    """Parse a filled 自评表 into a ParsedForm; WorkbookRefused with every error found.

    `allow_formulas`: read a formula cell as the value Excel last saved with it (the historical
    import, where published 得分 columns are often formulas); otherwise every formula is an error.
    """
    wb = _load(data, name)
    ws = _form_sheet(wb)
    if ws is None:
        raise refused(_("未找到自评表：文件中没有含“一级指标”“三级指标”表头的工作表。"))
    cached = None
    if allow_formulas and any(
        c.data_type == "f" for row in ws.iter_rows(max_row=min(ws.max_row, MAX_ROWS)) for c in row
    ):
        cached_ws = _load(data, name, data_only=True)[ws.title]
        cached = {
            (c.row, c.column): c.value
            for row in cached_ws.iter_rows(max_row=min(ws.max_row, MAX_ROWS), max_col=MAX_COLUMNS)
            for c in row
            if c.value is not None
        }
    grid = Grid(ws, formulas=cached)
    return parse_grid(grid, allow_formulas=allow_formulas)


def parse_grid(grid: Grid, *, allow_formulas: bool = False) -> ParsedForm:
    sheet = grid.title
    errors: list[CellError] = []
    form = ParsedForm(sheet=sheet)

    def err(cell: str, reason) -> None:
        errors.append(CellError(sheet, cell, str(reason)))

    if not allow_formulas:
        for r, c in grid.formula_cells:
            err(grid.name(r, c), _("不能使用公式，请直接填写数值"))

    # -- header block --------------------------------------------------------------------------
    # A department's overall form names the department: 部门（单位）名称.
    found = grid.find(lambda k: k.startswith("项目名称") or k in ("部门名称", "单位名称", "部门单位名称"))
    if found is None:
        err("", _("未找到“项目名称”"))
    else:
        value, cell = grid.right_of(*found, stop=_is_header_label)
        form.name = _text(value, 200)
        form.cells["name"] = cell
    for key, label in (("department", "主管部门"), ("unit", "实施单位")):
        found = grid.find(lambda k, label=label: k.startswith(label))
        if found is not None:
            value, cell = grid.right_of(*found, stop=_is_header_label)
            setattr(form, key, _text(value, 200))
            form.cells[key] = cell

    # -- money block: the header row holds 全年执行数; the amounts sit in the row below ------------
    spent_label = grid.find(lambda k: k.startswith("全年执行数"))
    if spent_label is not None:
        head_row = spent_label[0]
        columns: dict[str, int] = {}
        unit_texts = []
        for r, c, key in grid.labels():
            if r != head_row:
                continue
            for role, prefix in (
                ("initial_budget", "年初预算数"),
                ("annual_budget", "全年预算数"),
                ("spent", "全年执行数"),
                ("rate", "执行率"),
                ("points", "分值"),
                ("score", "得分"),
            ):
                if key.startswith(prefix) and role not in columns:
                    columns[role] = c
                    unit_texts.append(grid.get(r, c))
        block = grid.find(lambda k: k.startswith("项目资金") or k.startswith("资金"))
        if block is not None:
            unit_texts.append(grid.get(*block))
        form.money_unit = _money_unit(str(t) for t in unit_texts if t)
        data_row = grid.end_row(*spent_label) + 1
        for r in range(data_row, min(data_row + 6, grid.max_row + 1)):
            if any(
                isinstance(grid.get(r, c), str)
                and bare_key(grid.get(r, c)).startswith(("年度资金总额", "合计"))
                for c in range(1, grid.max_col + 1)
            ):
                data_row = r
                break
        for role in ("initial_budget", "annual_budget", "spent"):
            if role not in columns:
                continue
            c = columns[role]
            value, cell = grid.get(data_row, c), grid.name(data_row, c)
            form.cells[role] = cell
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                setattr(form, role, _money(value, form.money_unit))
            except ValueError as exc:
                err(cell, exc)
        if "score" in columns:
            c = columns["score"]
            form.cells["execution_score"] = grid.name(data_row, c)
            try:
                form.published_execution_score = parse_score(grid.get(data_row, c))
            except ValueError as exc:
                err(grid.name(data_row, c), _("预算执行率得分%(e)s") % {"e": exc})
        if "rate" in columns:
            c = columns["rate"]
            try:
                form.published_execution_rate = parse_rate(grid.get(data_row, c), grid.fmt(data_row, c))
            except ValueError:
                # The printed rate is only shown beside the computed one; a note there is no error.
                form.published_execution_rate = None

    head = grid.find(lambda k: k == "三级指标" or k == "三级指标名称")
    if head is None:
        err("", _("未找到指标表头“三级指标”"))
        raise WorkbookRefused(errors)
    head_row = head[0]

    # -- 年度总体目标: 预期目标 and 实际完成情况, each with its text below (or right of) it ------------
    for key, prefix in (("goal_expected", "预期目标"), ("goal_actual", "实际完成情况")):
        found = grid.find(lambda k, prefix=prefix: k == prefix)
        if found is None or found[0] >= head_row:
            continue
        value, cell = grid.below(*found)
        if value is None or (isinstance(value, str) and bare_key(value) in ("一级指标", "绩效指标")):
            value, cell = grid.right_of(*found)
        setattr(form, key, _text(value, 5000))
        form.cells[key] = cell
        if key == "goal_actual":
            form.has_goal_actual = True
    if not form.cells.get("goal_expected"):
        found = grid.find(lambda k: k.startswith("年度总体目标") or k == "总体目标")
        if found is not None:
            value, cell = grid.right_of(*found)
            if not (isinstance(value, str) and bare_key(value) in ("预期目标", "实际完成情况")):
                form.goal_expected = _text(value, 5000)
                form.cells["goal_expected"] = cell

    # -- indicator table -------------------------------------------------------------------------
    roles: dict[str, int] = {}
    last_header_row = head_row
    for c in range(1, grid.max_col + 1):
        if grid.origin(head_row, c)[1] != c:
            continue  # inside a header cell merged across columns
        value = grid.get(head_row, c)
        if not isinstance(value, str):
            continue
        role = _column_role(bare_key(value))
        if role and role not in roles:
            roles[role] = c
            last_header_row = max(last_header_row, grid.end_row(head_row, c))
    missing = [
        label
        for role, label in (
            ("level1", "一级指标"),
            ("name", "三级指标"),
            ("target", "年度指标值"),
            ("actual", "实际完成值"),
        )
        if role not in roles
    ]
    if missing:
        for label in missing:
            err(grid.name(head_row, 1), _("指标表缺少“%(l)s”列") % {"l": label})
        raise WorkbookRefused(errors)
    if "points" not in roles and "weight" in roles:
        roles["points"] = roles["weight"]

    def cell_of(r: int, role: str) -> str:
        return grid.name(r, roles[role])

    first_data_col = min(roles.values())
    last_l1 = last_l2 = ""
    for r in range(last_header_row + 1, grid.max_row + 1):
        # A row that is one wide merged cell, or whose first text is 总分 / 等级: the table ends.
        first_text = ""
        for c in range(1, roles["name"] + 1):
            value = grid.get(r, c)
            if value is not None and str(value).strip():
                first_text = bare_key(value)
                break
        if _is_total(first_text):
            if "score" in roles:
                try:
                    form.published_total = parse_score(grid.get(r, roles["score"]))
                except ValueError as exc:
                    err(cell_of(r, "score"), _("总分%(e)s") % {"e": exc})
                form.cells["published_total"] = cell_of(r, "score")
            break
        if _is_grade(first_text):
            break
        name_box = grid.merge_of.get((r, roles["name"]))
        if name_box and name_box[1] <= roles["level1"] and name_box[3] >= roles["name"]:
            break  # a note spanning the table (注：……)
        raw = {role: grid.get(r, c) for role, c in roles.items()}
        name = _text(raw.get("name"), 100)
        target = parse_measure(raw.get("target"), grid.fmt(r, roles["target"]))
        actual_raw = raw.get("actual")
        actual = parse_measure(actual_raw, grid.fmt(r, roles["actual"]))
        if not name and target.is_empty and actual.is_empty:
            continue
        if len(form.rows) >= MAX_INDICATORS:
            err(grid.name(r, first_data_col), _("指标不能超过 %(n)s 个") % {"n": MAX_INDICATORS})
            break
        before = len(errors)
        l1_text = normalize(raw.get("level1")) if raw.get("level1") is not None else last_l1
        level1 = _level1_code(l1_text) if l1_text else None
        if level1 is None:
            err(cell_of(r, "level1"), _("一级指标应为产出指标、效益指标、满意度指标或成本指标"))
        else:
            last_l1 = l1_text
        if "level2" in roles:
            l2 = raw.get("level2")
            level2 = _text(l2, 32) if l2 is not None else (last_l2 if raw.get("level1") is None else "")
            last_l2 = level2
        else:
            level2 = ""
        if not name:
            err(cell_of(r, "name"), _("请填写三级指标名称"))
        # Comparator: the 指标性质 column when there is one, else the sign printed with the value.
        nature = label_key(raw.get("nature")) if "nature" in roles else ""
        comparator = COMPARATOR_WORDS.get(nature) if nature else None
        if nature and comparator is None and nature not in ("定量", "定量指标"):
            err(cell_of(r, "nature"), _("指标性质应为 ≥、≤、=、正向、反向、定量或定性"))
        if comparator is None:
            comparator = target.comparator or ("gte" if target.number is not None else "qualitative")
        if comparator == "qualitative":
            target_value, target_text = (
                None,
                target.text or (str(target.number) if target.number is not None else ""),
            )
        else:
            target_value, target_text = target.number, ""
            if target_value is None:
                err(cell_of(r, "target"), _("定量指标的年度指标值应为数字（可带比较符和单位，如 ≥266米）"))
        unit = _text(raw.get("unit"), 20) if "unit" in roles else ""
        unit = normalize(unit) or target.unit or actual.unit
        weight = None
        if "points" in roles:
            try:
                weight = parse_score(raw.get("points"))
            except ValueError as exc:
                err(cell_of(r, "points"), _("分值%(e)s") % {"e": exc})
            if weight is not None and weight < 0:
                err(cell_of(r, "points"), _("分值不能为负数"))
        published = None
        if "score" in roles:
            try:
                published = parse_score(raw.get("score"))
            except ValueError as exc:
                err(cell_of(r, "score"), _("得分%(e)s") % {"e": exc})
        reason = _text(raw.get("reason"), 5000) if "reason" in roles else ""
        if len(errors) == before:
            form.rows.append(
                ParsedRow(
                    line=r,
                    level1=level1,
                    level2=level2,
                    name=name,
                    comparator=comparator,
                    target_value=target_value,
                    target_text=target_text[:100],
                    unit=unit[:20],
                    weight=weight,
                    actual=actual,
                    actual_raw=actual_raw,
                    published_score=published,
                    deviation_reason=reason,
                    cells={role: cell_of(r, role) for role in roles},
                )
            )
    if not form.rows and not errors:
        err(grid.name(last_header_row, roles["name"]), _("指标表中没有指标"))

    # A total printed elsewhere (a 总分 label right of which the score stands) and the grade.
    if form.published_total is None:
        found = grid.find(_is_total, after_row=head_row)
        if found is not None:
            value, cell = grid.right_of(*found)
            if "score" in roles:
                value, cell = grid.get(found[0], roles["score"]), grid.name(found[0], roles["score"])
            try:
                form.published_total = parse_score(value)
                form.cells["published_total"] = cell
            except ValueError as exc:
                err(cell, _("总分%(e)s") % {"e": exc})
    found = grid.find(_is_grade)
    if found is not None:
        value, cell = grid.right_of(*found)
        form.published_grade = _text(value, 16)
        form.cells["published_grade"] = cell
    if errors:
        raise WorkbookRefused(errors)
    return form


# ---------------------------------------------------------------------------------------------
# A unit's upload into its own self-evaluation
# ---------------------------------------------------------------------------------------------


def can_import(user, evaluation) -> tuple[bool, str]:
    """Whoever may fill the self-evaluation in may upload it: the declaring unit (the department for
    its overall self-evaluation), while it is being filled or was returned [003 三(一)]
    (evaluation.selfeval.can_edit)."""
    from evaluation.selfeval import can_edit

    return can_edit(user, evaluation)


@dataclass(frozen=True)
class RowUpdate:
    row_id: int
    actual_value: Decimal | None
    actual_text: str
    deviation_reason: str
    band: str
    achievement: Decimal | None
    fields: tuple[str, ...]


def _band_of(text: str, scheme) -> str:
    """A qualitative band key when `text` is exactly a band's label (达成 / 部分达成 / 未达成)."""
    key = name_key(text)
    if scheme is None or not key:
        return ""
    return next((b.key for b in scheme.qualitative_bands if name_key(b.label) == key), "")


def _quantity(
    measure: Measure, row_unit: str, cell: str, sheet: str, errors: list[CellError]
) -> Decimal | None:
    """The number of a quantitative 实际完成值 (None when empty), checked against the row's unit."""
    if measure.is_empty:
        return None
    if measure.number is None:
        errors.append(CellError(sheet, cell, _("实际完成值应为数字（可带比较符和单位，如 ≥266米）")))
        return None
    if measure.unit and row_unit and name_key(measure.unit) != name_key(row_unit):
        errors.append(
            CellError(
                sheet,
                cell,
                _("实际完成值的单位“%(a)s”与指标的计量单位“%(u)s”不一致")
                % {"a": measure.unit, "u": row_unit},
            )
        )
        return None
    value = measure.number
    if abs(value) >= Decimal(10) ** 14:
        errors.append(CellError(sheet, cell, _("实际完成值超出范围")))
        return None
    if value != value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP):
        errors.append(CellError(sheet, cell, _("实际完成值最多保留四位小数")))
        return None
    return value


def plan_import(evaluation, form: ParsedForm) -> tuple[list[RowUpdate], str | None]:
    """What the file changes: per row the unit's inputs, and the goal's actual text (None: the file
    has no 实际完成情况). WorkbookRefused with every error when the file does not fit."""
    from evaluation.selfeval import scheme_of
    from evaluation.selfeval_documents import NOT_APPLICABLE
    from targets.models import Comparator

    sheet = form.sheet
    errors: list[CellError] = []
    names = {name_key(evaluation.name)}
    if evaluation.project_id:
        names.add(name_key(evaluation.project.name))
    if name_key(form.name) not in names:
        errors.append(
            CellError(
                sheet,
                form.cells.get("name", ""),
                _("项目名称“%(f)s”与本自评“%(e)s”不一致，请导出本项目的自评表填写后上传")
                % {"f": form.name, "e": evaluation.name},
            )
        )
        raise WorkbookRefused(errors)
    scheme = scheme_of(evaluation)
    by_name: dict[str, list] = {}
    for row in evaluation.rows.order_by("order", "id"):
        by_name.setdefault(name_key(row.name), []).append(row)
    updates: list[RowUpdate] = []
    for parsed in form.rows:
        candidates = by_name.get(name_key(parsed.name)) or []
        if not candidates:
            errors.append(
                CellError(
                    sheet,
                    parsed.cells.get("name", ""),
                    _("本自评没有名为“%(n)s”的指标（指标以绩效目标为准，不能在自评表中增加或改名）")
                    % {"n": parsed.name},
                )
            )
            continue
        # Two indicators of the same name are matched in the order they appear.
        row = candidates.pop(0)
        cell = parsed.cells.get("actual", "")
        fields = ["actual_value", "actual_text"]
        value, text, band, achievement = row.actual_value, row.actual_text, row.band, row.achievement
        raw_text = normalize(parsed.actual_raw) if isinstance(parsed.actual_raw, str) else ""
        if row.not_applicable and raw_text in ("", NOT_APPLICABLE):
            fields = []
        elif row.comparator == Comparator.QUALITATIVE:
            text = _text(parsed.actual_raw, 1000)
            if parsed.actual.number is not None and not isinstance(parsed.actual_raw, str):
                text = _plain_number(parsed.actual.number) + parsed.actual.unit
            if len(text) > 200:
                errors.append(CellError(sheet, cell, _("实际完成情况不能超过 200 个字符")))
            value = None
            band = _band_of(text, scheme) or band
            fields.append("band")
            chosen = next((b for b in scheme.qualitative_bands if b.key == band), None)
            if row.achievement is not None and (
                chosen is None or not chosen.lower <= row.achievement <= chosen.upper
            ):
                # A share chosen inside another band no longer fits; the band's top counts.
                achievement = None
                fields.append("achievement")
        else:
            before = len(errors)
            value = _quantity(parsed.actual, row.unit, cell, sheet, errors)
            text = ""
            if len(errors) > before:
                continue
        reason = row.deviation_reason
        if "reason" in parsed.cells:
            reason = parsed.deviation_reason
            fields.append("deviation_reason")
        updates.append(RowUpdate(row.pk, value, text, reason, band, achievement, tuple(fields)))
    if errors:
        raise WorkbookRefused(errors)
    return updates, (form.goal_actual if form.has_goal_actual else None)


def _plain_number(value: Decimal) -> str:
    value = value.normalize()
    return format(value.quantize(Decimal(1)) if value == value.to_integral_value() else value, "f")


@dataclass(frozen=True)
class ImportResult:
    evaluation: object
    rows: int
    #: Why the score could not be computed yet (a qualitative row without its band …), or "".
    score_problem: str = ""


def import_into(evaluation, data: bytes, name: str, user, *, seen_version=None, request=None) -> ImportResult:
    """Write the unit's inputs of an uploaded 自评表 into `evaluation` and recompute its score.

    The caller has checked `can_import`. All-or-nothing: the whole file is read and checked first
    (WorkbookRefused: nothing changed); then, in one transaction, the self-evaluation is locked
    (a stale version is refused), the rows' 实际完成值 / 偏差原因 and the goal's 实际完成情况 are
    written, the score recomputed (evaluation.selfeval.recompute_or_clear: a form still being
    filled may not be scorable yet, which the result says) and an IMPORT event recorded.
    """
    from evaluation.models import SelfEvaluationRow
    from evaluation.selfeval import recompute_or_clear
    from perfapp.workflow import save_edit

    form = read_workbook(data, name)
    updates, goal_actual = plan_import(evaluation, form)
    with transaction.atomic():
        fields = []
        if goal_actual is not None:
            evaluation.goal_actual = goal_actual
            fields.append("goal_actual")
        save_edit(evaluation, seen_version, user, fields=fields, request=request)
        rows = {r.pk: r for r in SelfEvaluationRow.objects.filter(evaluation=evaluation).select_for_update()}
        changed: dict[str, list] = {}
        for update in updates:
            row = rows[update.row_id]
            for f in update.fields:
                setattr(row, f, getattr(update, f))
                changed.setdefault(f, []).append(row)
        for f, items in changed.items():
            SelfEvaluationRow.objects.bulk_update(items, [f])
        problem = recompute_or_clear(evaluation)
        audit.record(
            EventKind.IMPORT,
            user,
            evaluation,
            summary=(
                _("导入项目支出绩效自评表 %(obj)s（%(n)s 个指标）") % {"obj": evaluation, "n": len(updates)}
            )[:255],
            data={"file": name, "rows": len(updates), "total": str(evaluation.total_score or "")},
            request=request,
        )
    evaluation.refresh_from_db()
    return ImportResult(evaluation, len(updates), problem)


# ---------------------------------------------------------------------------------------------
# Historical import: a folder of past years' workbooks
# ---------------------------------------------------------------------------------------------

#: An uploaded zip of workbooks may be this large (several files of the import's own limit).
MAX_UPLOAD_BYTES = settings.IMPORT_MAX_BYTES * 10
#: Files the historical import reads; other spreadsheet formats are listed as refused.
SPREADSHEET_SUFFIXES = (".xls", ".xlsm", ".et", ".csv", ".ods")
MAX_FILES = 5000
CSV_HEADERS = (
    "文件",
    "导入结果",
    "原因",
    "项目",
    "项目编码",
    "主管部门",
    "实施单位",
    "行",
    "一级指标",
    "指标",
    "分值",
    "原表得分",
    "系统计算得分",
    "差异",
    "原表等级",
    "系统计算等级",
)


@dataclass
class RowReport:
    line: int
    level1: str
    name: str
    points: str
    published: str | None
    computed: str
    difference: str | None


@dataclass
class FileReport:
    file: str
    status: str = "failed"  # "imported" | "failed"
    reason: str = ""
    project: str = ""
    project_code: str = ""
    project_created: bool = False
    department: str = ""
    unit: str = ""
    evaluation: int | None = None
    published_execution: str | None = None
    computed_execution: str | None = None
    published_total: str | None = None
    computed_total: str | None = None
    difference: str | None = None
    published_grade: str = ""
    computed_grade: str = ""
    rows: list[RowReport] = field(default_factory=list)

    @property
    def disagrees(self) -> bool:
        return self.difference not in (None, "0.00") or any(
            r.difference not in (None, "0.00") for r in self.rows
        )


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def _org_by_name(region, kind: str, text: str):
    """An organization of the region by its name, tolerating spaces, full-width characters and a
    code printed after the name ("吉林省教育厅（D）")."""
    from accounts.models import Organization

    key = name_key(text)
    if not key:
        return None
    candidates = {name_key(o.name): o for o in Organization.objects.filter(region=region, kind=kind)}
    if key in candidates:
        return candidates[key]
    stripped = re.sub(r"[(（][^)）]*[)）]$", "", key)
    return candidates.get(stripped)


def _qualitative_inputs(row: ParsedRow, points: Decimal | None, scheme) -> tuple[str, Decimal | None]:
    """(band, achievement) of a past qualitative row: the band named in the actual text, else the one
    the published score falls in; the achievement is the published share, kept inside the band."""
    text = row.actual.text or ("" if row.actual.number is None else _plain_number(row.actual.number))
    band_key = _band_of(text, scheme)
    share = None
    if row.published_score is not None and points:
        share = min(max(row.published_score / points, Decimal(0)), Decimal(1))
    if not band_key and share is not None:
        band_key = next((b.key for b in scheme.qualitative_bands if b.lower <= share <= b.upper), "")
    if not band_key:
        labels = "、".join(b.label for b in scheme.qualitative_bands)
        raise refused(
            _(
                "定性指标“%(n)s”的实际完成情况“%(t)s”无法确定评价档次：请填写 %(l)s 之一，或在得分栏填写原表得分"
            )
            % {"n": row.name, "t": text, "l": labels},
            cell=row.cells.get("actual", ""),
        )
    band = next(b for b in scheme.qualitative_bands if b.key == band_key)
    if share is not None:
        share = min(max(share, band.lower), band.upper)
    return band_key, share


def historical_regions(user) -> frozenset[int] | None:
    """The regions whose historical imports `user` reads (finance admin, leader, auditor); None
    for everyone else."""
    from accounts.scoping import scope_of

    return scope_of(user).region_ids


def historical_admin_regions(user) -> frozenset[int]:
    """The regions where `user` may run a historical import: the finance admin's."""
    from accounts.models import Role
    from accounts.scoping import scope_of

    scope = scope_of(user)
    if Role.FINANCE_ADMIN not in scope.roles or not scope.region_ids:
        return frozenset()
    return scope.region_ids


def can_import_historical(user) -> bool:
    return bool(historical_admin_regions(user))


def historical_visible_to(user):
    from evaluation.models import HistoricalImport

    regions = historical_regions(user)
    if not regions:
        return HistoricalImport.objects.none()
    return HistoricalImport.objects.filter(region_id__in=regions)


def import_one(data: bytes, name: str, *, fiscal_year, scoring_scheme, user=None) -> FileReport:
    """Import one past workbook as an accepted, target-less self-evaluation of `fiscal_year`, scored
    under `scoring_scheme`; the caller wraps it in a transaction. WorkbookRefused names the reason
    when the file cannot be imported."""
    from accounts.models import Organization
    from budgets.library import next_project_code
    from budgets.models import Project
    from budgets.policy import PolicyData
    from evaluation.models import Evaluation, SelfEvaluationRow
    from evaluation.scoring import ExecutionInput, RowInput, ScoringError, allot_points, score_self_evaluation

    report = FileReport(file=name)
    form = read_workbook(data, name, allow_formulas=True)
    sheet = form.sheet
    region = fiscal_year.region
    report.project, report.department, report.unit = form.name, form.department, form.unit
    report.published_total, report.published_grade = _s(form.published_total), form.published_grade
    report.published_execution = _s(form.published_execution_score)
    if not form.name:
        raise refused(_("未填写项目名称"), sheet, form.cells.get("name", ""))
    if form.annual_budget is None or form.spent is None:
        raise refused(
            _("未找到全年预算数或全年执行数，无法计算预算执行率"), sheet, form.cells.get("annual_budget", "")
        )
    unit = _org_by_name(region, Organization.Kind.UNIT, form.unit)
    if unit is None:
        raise refused(
            _("实施单位“%(u)s”不是%(r)s的预算单位（请先在机构管理中建立该单位）")
            % {"u": form.unit, "r": region.name},
            sheet,
            form.cells.get("unit", ""),
        )
    department = unit.parent
    if form.department:
        named = _org_by_name(region, Organization.Kind.DEPARTMENT, form.department)
        if named is None:
            raise refused(
                _("主管部门“%(d)s”不是%(r)s的主管部门") % {"d": form.department, "r": region.name},
                sheet,
                form.cells.get("department", ""),
            )
        if named.pk != unit.parent_id:
            raise refused(
                _("实施单位“%(u)s”不属于主管部门“%(d)s”") % {"u": unit.name, "d": named.name},
                sheet,
                form.cells.get("unit", ""),
            )
    year = fiscal_year.year
    project = Project.objects.filter(region=region, unit=unit, name=form.name).order_by("pk").first()
    if (
        project is not None
        and Evaluation.objects.filter(kind=Evaluation.Kind.SELF, project=project, year=year).exists()
    ):
        raise refused(
            _("项目“%(p)s”%(y)s年度的自评已存在，未重复导入") % {"p": form.name, "y": year},
            sheet,
            form.cells.get("name", ""),
        )
    scheme = scoring_scheme.scheme
    weights = [
        RowInput(str(n), r.level1, r.name, r.comparator, r.target_value, None, r.weight)
        for n, r in enumerate(form.rows)
    ]
    try:
        points = allot_points(scheme, weights)
    except ScoringError as exc:
        raise refused(str(exc), sheet)
    inputs = []
    for n, (r, p) in enumerate(zip(form.rows, points, strict=True)):
        band, achievement = "", None
        actual = None
        if r.comparator == "qualitative":
            band, achievement = _qualitative_inputs(r, p, scheme)
        elif not r.actual.is_empty:
            if r.actual.number is None:
                raise refused(
                    _("定量指标“%(n)s”的实际完成值“%(v)s”不是数字") % {"n": r.name, "v": r.actual.text},
                    sheet,
                    r.cells.get("actual", ""),
                )
            actual = r.actual.number
        inputs.append(
            RowInput(
                str(n),
                r.level1,
                r.name,
                r.comparator,
                r.target_value,
                actual,
                r.weight,
                False,
                achievement,
                band,
            )
        )
    try:
        score = score_self_evaluation(scheme, ExecutionInput(form.annual_budget, form.spent), inputs)
    except ScoringError as exc:
        raise refused(str(exc), sheet)

    if project is None:
        project = Project(
            code=next_project_code(unit, year),
            name=form.name,
            unit=unit,
            start_year=year,
            end_year=year,
            total_amount=form.annual_budget,
            leader_name="—",
            description=_("由历史自评表导入（%(f)s）") % {"f": name},
            status=Project.Status.COMPLETED,
            created_by=user,
        )
        project.save()
        report.project_created = True
    report.project_code = project.code
    rate = form.spent / form.annual_budget
    evaluation = Evaluation.objects.create(
        kind=Evaluation.Kind.SELF,
        fiscal_year=fiscal_year,
        year=year,
        target=None,
        project=project,
        name=form.name,
        unit=unit,
        department=department,
        region=region,
        category=project.category,
        scheme_data=PolicyData(self_evaluation=scheme).to_dict()["self_evaluation"],
        initial_budget=form.initial_budget if form.initial_budget is not None else form.annual_budget,
        annual_budget=form.annual_budget,
        spent=form.spent,
        execution_rate=(rate * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP),
        execution_score=score.execution.score,
        goal_expected=form.goal_expected,
        goal_actual=form.goal_actual,
        total_score=score.total,
        grade=score.grade,
        grade_label=score.grade_label,
        downgraded=score.downgraded,
        status=Evaluation.Status.ACCEPTED,
    )
    SelfEvaluationRow.objects.bulk_create(
        [
            SelfEvaluationRow(
                evaluation=evaluation,
                order=n,
                level1=r.level1,
                level2=r.level2,
                name=r.name,
                comparator=r.comparator,
                target_value=r.target_value,
                target_text=r.target_text,
                unit=r.unit,
                weight=r.weight,
                actual_value=i.actual,
                actual_text=r.actual.text[:200] if r.comparator == "qualitative" else "",
                band=i.band,
                achievement=i.achievement,
                deviation_reason=r.deviation_reason,
                points=s.points,
                score=s.score,
                formula=s.formula[:255],
                rule=s.rule[:255],
                published_score=r.published_score,
            )
            for n, (r, i, s) in enumerate(zip(form.rows, inputs, score.rows, strict=True))
        ]
    )
    report.status = "imported"
    report.evaluation = evaluation.pk
    report.computed_execution = _s(score.execution.score)
    report.computed_total = _s(score.total)
    report.computed_grade = score.grade_label
    if form.published_total is not None:
        report.difference = _s(score.total - form.published_total)
    l1 = _level1_labels()
    report.rows = [
        RowReport(
            line=r.line,
            level1=l1.get(r.level1, r.level1),
            name=r.name,
            points=_s(s.points),
            published=_s(r.published_score),
            computed=_s(s.score),
            difference=_s(s.score - r.published_score) if r.published_score is not None else None,
        )
        for r, s in zip(form.rows, score.rows, strict=True)
    ]
    return report


def _level1_labels() -> dict[str, str]:
    from evaluation.selfeval_documents import level1_labels

    return level1_labels()


def _failed(name: str, exc: Exception) -> FileReport:
    report = FileReport(file=name)
    report.reason = exc.reason if isinstance(exc, WorkbookRefused) else str(exc)
    return report


def workbooks_in_folder(folder: str | Path) -> Iterable[tuple[str, bytes | None]]:
    """(relative name, bytes) of every workbook under `folder`, sorted; (name, None) for another
    spreadsheet format the import lists as refused. Office lock files (~$…) are skipped."""
    root = Path(folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith(("~$", ".")):
            continue
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            yield rel, path.read_bytes()
        elif suffix in SPREADSHEET_SUFFIXES:
            yield rel, None


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name; archives made on Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def workbooks_in_zip(data: bytes) -> list[tuple[str, bytes | WorkbookRefused | None]]:
    """The workbooks of an uploaded zip, as `workbooks_in_folder` (a member too large comes with
    its refusal); a zip bomb or a broken archive is a JobError with the reason."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise JobError(_("上传的文件不是有效的 zip 压缩包。"))
    out = []
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_FILES:
            raise JobError(_("压缩包内文件过多（超过 %(n)s 个）。") % {"n": MAX_FILES})
        if sum(i.file_size for i in infos) > settings.IMPORT_MAX_BYTES * MAX_EXPANSION:
            raise JobError(_("压缩包解压后过大，已拒绝。"))
        for info in sorted(infos, key=_zip_name):
            name = _zip_name(info)
            base = PurePath(name).name
            if name.startswith("__MACOSX/") or base.startswith(("~$", ".")):
                continue
            suffix = PurePath(base).suffix.lower()
            if suffix == ".xlsx":
                if info.file_size > settings.IMPORT_MAX_BYTES:
                    mb = settings.IMPORT_MAX_BYTES // (1024 * 1024)
                    out.append((name, refused(_("文件超过 %(mb)s MB，已拒绝。") % {"mb": mb})))
                    continue
                out.append((name, archive.read(info)))
            elif suffix in SPREADSHEET_SUFFIXES:
                out.append((name, None))
    return out


def import_historical(
    files: Iterable[tuple[str, bytes | WorkbookRefused | None]],
    *,
    fiscal_year,
    scoring_scheme,
    user=None,
    record=None,
    progress: Callable[[int, int], None] | None = None,
):
    """Import past 自评表 workbooks for `fiscal_year` under `scoring_scheme`, each file all-or-nothing
    (one transaction per file); a bad file is listed with its reason and the others still import.

    Writes the HistoricalImport (`record` when the upload page created it) with its report: per
    file the project, the published total found (if any), the computed total and grade, and per
    indicator row the published and computed score; the report also as CSV and JSON files.
    """
    from evaluation.models import HistoricalImport

    files = list(files)
    if record is None:
        record = HistoricalImport.objects.create(
            region=fiscal_year.region, year=fiscal_year.year, scoring_scheme=scoring_scheme, created_by=user
        )
    record.files_total = len(files)
    record.save(update_fields=["files_total"])
    reports: list[FileReport] = []
    for n, (name, data) in enumerate(files, start=1):
        if data is None:
            reports.append(
                _failed(name, refused(_("不是 .xlsx 文件（.xls、.et 等请先用 Excel 另存为 .xlsx）")))
            )
        elif isinstance(data, WorkbookRefused):
            reports.append(_failed(name, data))
        else:
            try:
                with transaction.atomic():
                    reports.append(
                        import_one(
                            data, name, fiscal_year=fiscal_year, scoring_scheme=scoring_scheme, user=user
                        )
                    )
            except WorkbookRefused as exc:
                reports.append(_failed(name, exc))
            except Exception:
                logger.exception("historical import of %s failed", name)
                reports.append(_failed(name, refused(_("无法处理该文件，请检查文件内容后重试"))))
        if progress is not None:
            progress(n, len(files))
    imported = [r for r in reports if r.status == "imported"]
    document = {
        "region": fiscal_year.region.name,
        "year": fiscal_year.year,
        "scheme": scoring_scheme.name,
        "files_total": len(reports),
        "files_imported": len(imported),
        "files_failed": len(reports) - len(imported),
        "files_disagreeing": sum(1 for r in imported if r.disagrees),
        "files": [asdict(r) for r in reports],
    }
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    base = f"历史自评导入{fiscal_year.year}-{record.pk}-{stamp}"
    record.files_imported = len(imported)
    record.files_failed = len(reports) - len(imported)
    record.report = {**(record.report or {}), **document}
    record.report_csv.save(f"{base}.csv", ContentFile(report_csv(reports)), save=False)
    record.report_json.save(
        f"{base}.json", ContentFile(json.dumps(document, ensure_ascii=False, indent=2).encode()), save=False
    )
    record.status = HistoricalImport.Status.DONE
    record.save()
    audit.record(
        EventKind.IMPORT,
        user,
        record,
        summary=(
            _("历史自评导入 %(y)s年度：%(ok)s 个文件导入，%(bad)s 个未导入（评分规则：%(s)s）")
            % {
                "y": fiscal_year.year,
                "ok": record.files_imported,
                "bad": record.files_failed,
                "s": scoring_scheme.name,
            }
        )[:255],
        data={"historical_import": record.pk, "files": len(reports)},
    )
    return record


def report_csv(reports: list[FileReport]) -> bytes:
    """The report as CSV (UTF-8 with BOM, so Excel opens it in Chinese): one line per file with its
    totals, then one line per indicator row. Text taken from the files is neutralised against
    formula injection; scores are numbers and stay as they are."""
    from perfapp.documents import safe_cell

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    status = {"imported": _("已导入"), "failed": _("未导入")}
    for r in reports:
        head = [
            safe_cell(v)
            for v in (r.file, status[r.status], r.reason, r.project, r.project_code, r.department, r.unit)
        ]
        totals = (
            "100" if r.status == "imported" else "",
            r.published_total or "",
            r.computed_total or "",
            r.difference or "",
        )
        writer.writerow([*head, "", "", _("总分"), *totals, safe_cell(r.published_grade), r.computed_grade])
        for row in r.rows:
            scores = (row.points, row.published or "", row.computed, row.difference or "")
            writer.writerow([*head, row.line, row.level1, safe_cell(row.name), *scores, "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@job_kind("evaluation_historical_import", gettext_lazy("历史自评表导入"))
def historical_import_job(job: Job) -> tuple[str, bytes]:
    """The upload page's zip of workbooks, imported with a progress bar; the result file is the
    report's CSV, and the HistoricalImport page shows the whole report."""
    from django.core.files.storage import default_storage

    from budgets.models import FiscalYear
    from evaluation.models import HistoricalImport, ScoringScheme

    params = job.params or {}
    record = HistoricalImport.objects.get(pk=params["historical_import"])
    job.result = {**(job.result or {}), "historical_import": record.pk}
    upload = params["upload"]
    try:
        with default_storage.open(upload, "rb") as fh:
            data = fh.read()
        if upload.endswith(".xlsx"):
            files = [(params.get("file") or PurePath(upload).name, data)]
        else:
            files = workbooks_in_zip(data)
        set_progress(job, 5)
        fiscal_year = FiscalYear.objects.select_related("region").get(pk=params["fiscal_year"])
        scheme = ScoringScheme.objects.get(pk=params["scoring_scheme"])
        record = import_historical(
            files,
            fiscal_year=fiscal_year,
            scoring_scheme=scheme,
            user=job.created_by,
            record=record,
            progress=lambda n, total: set_progress(job, 5 + 90 * n / max(total, 1)),
        )
    except Exception:
        HistoricalImport.objects.filter(pk=record.pk).update(status=HistoricalImport.Status.FAILED)
        raise
    finally:
        default_storage.delete(upload)
    with record.report_csv.open("rb") as fh:
        content = fh.read()
    return PurePath(record.report_csv.name).name, content
