"""Import of allocations (预算安排) and expenditures (预算执行) from .xlsx and .csv files.

[issue #2 "Import of allocations and expenditures"; DESIGN.md §5: "An import is all-or-nothing: a bad
file gets a per-row, per-cell error list and changes nothing."]

The way through, for both the upload page and the Celery task:

1. start_import() refuses what can be refused without parsing the file: a user who may not import,
   a file over settings.IMPORT_MAX_BYTES, the same file content (sha256) already imported.
2. A file of at most settings.IMPORT_ASYNC_ROWS data rows is processed at once by process_batch();
   a larger one is saved on its ImportBatch and processed by budgets.tasks.run_import, which calls the
   same process_batch().
3. process_batch() claims the batch (claim_batch), reads every row into plain values (formula cells
   refused), validates every row into plain data (AllocationRow / ExpenditureRow) and collects every
   error; only when there is not a single error does it write, in one transaction, together with the
   batch's status, its counts (`result`) and the IMPORT audit event.
4. A run beats the batch's heartbeat as it progresses. A running batch whose heartbeat is older than
   the job heartbeat timeout was lost with its worker and may be claimed again by a new run of the
   task (`manage.py resume_imports` queues such runs, and pending batches left by a broker outage).
   Each claim raises the batch's `attempt`; a run writes only while the batch still carries its
   attempt, so a lost run that wakes up writes nothing.

Column headers are a file format, not UI text: they are always the Chinese names of the template,
whatever the user's language, so they are plain constants here.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Role
from accounts.scoping import scope_of
from budgets.models import Allocation, Expenditure, FundSource, ImportBatch, Project
from perfapp import audit
from perfapp.models import EventKind

logger = logging.getLogger(__name__)

Kind = ImportBatch.Kind

#: Called with the batch after a batch finished successfully (on commit), e.g. monitoring's warning
#: generation after expenditures arrive. A failing hook is logged and does not undo the import.
AFTER_IMPORT: list[Callable[[ImportBatch], None]] = []


def _run_after_import(batch: ImportBatch) -> None:
    for hook in list(AFTER_IMPORT):
        try:
            hook(batch)
        except Exception:
            logger.exception("after-import hook %r failed for batch %s", hook, batch.pk)


#: Roles that may import: finance (admin and business divisions), department and unit officers.
#: Leaders and auditors only read; the 三员 never touch business data [DESIGN.md §1].
IMPORT_ROLES = frozenset({Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER, Role.DEPT_OFFICER, Role.UNIT_OFFICER})

#: At most this many errors are kept on a batch; a file wrong on every row says so once at the end.
MAX_ERRORS = 1000
#: An .xlsx expanding to more than this many times the upload limit is a zip bomb, not a budget.
MAX_EXPANSION = 50
#: Rows per database query when looking up projects and vouchers (PostgreSQL's parameter limit).
CHUNK = 5000
#: The project code of the template's example row; a file that still contains it is refused.
EXAMPLE_CODE = "示例：导入前删除本行"
EXAMPLE_CODE_KEY = unicodedata.normalize("NFKC", EXAMPLE_CODE)
CENT = Decimal("0.01")
#: Money columns are DecimalField(max_digits=16, decimal_places=2).
MAX_AMOUNT = Decimal(10) ** 14

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------------------------------------
# Columns of the two templates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool
    width: int
    #: openpyxl number format for the template column ("@" keeps codes as text).
    number_format: str = "General"


ALLOCATION_COLUMNS = (
    Column("项目编码", "code", True, 22, "@"),
    Column("年度", "year", True, 8, "0"),
    Column("资金来源", "fund_source", True, 14, "@"),
    Column("年初预算数（元）", "initial_amount", True, 18, "#,##0.00"),
    Column("调整数（元）", "adjustment", False, 16, "#,##0.00"),
    Column("是否细化到项目", "detailed", True, 14, "@"),
)
EXPENDITURE_COLUMNS = (
    Column("项目编码", "code", True, 22, "@"),
    Column("年度", "year", True, 8, "0"),
    Column("支付日期", "date", True, 14, "yyyy-mm-dd"),
    Column("金额（元）", "amount", True, 18, "#,##0.00"),
    Column("资金来源", "fund_source", True, 14, "@"),
    Column("凭证号", "voucher", True, 22, "@"),
    Column("摘要", "summary", False, 40, "@"),
)
COLUMNS = {Kind.ALLOCATIONS: ALLOCATION_COLUMNS, Kind.EXPENDITURES: EXPENDITURE_COLUMNS}
#: The data sheet's name in each template (a file format, like the headers).
SHEET_TITLES = {Kind.ALLOCATIONS: "预算安排", Kind.EXPENDITURES: "预算执行"}


def _column_notes() -> dict[str, str]:
    return {
        "code": _("项目库中的项目编码，须为您管理范围内的项目"),
        "year": _("四位年度，如 2026，须在项目实施期内"),
        "fund_source": _("填写：%(labels)s") % {"labels": "、".join(fund_source_labels())},
        "initial_amount": _("单位：元，最多两位小数，可用千分位逗号"),
        "adjustment": _("单位：元，可为负数；不填视为 0"),
        "detailed": _("填写“是”或“否”：年初是否已细化到具体项目（预算到项目率）"),
        "date": _("如 2026-03-15、2026/3/15 或 2026年3月15日，须在所填年度内"),
        "amount": _("单位：元，最多两位小数；负数表示冲销或退回，不能为 0"),
        "voucher": _("国库支付凭证号；同一项目的凭证号不能重复"),
        "summary": _("不超过 200 字"),
    }


def _example_row(kind: str) -> list:
    year = timezone.localdate().year
    if kind == Kind.ALLOCATIONS:
        return [EXAMPLE_CODE, year, "本级财政", Decimal("1200000.00"), Decimal("-50000.00"), "是"]
    return [
        EXAMPLE_CODE,
        year,
        datetime.date(year, 3, 15),
        Decimal("85000.00"),
        "本级财政",
        f"ZF{year}0315001",
        "购置教学设备首付款",
    ]


def build_template(kind: str) -> bytes:
    """The downloadable .xlsx template: header row, one example row, and a sheet of instructions."""
    columns = COLUMNS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLES[kind]
    ws.append([c.header for c in columns])
    ws.append(_example_row(kind))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    grey = Font(italic=True, color="808080")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = ws.cell(row=1, column=index)
        header.font, header.fill = bold, fill
        header.alignment = Alignment(horizontal="center")
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].number_format = column.number_format
        example = ws.cell(row=2, column=index)
        example.number_format = column.number_format
        example.font = grey
        if column.field == "fund_source":
            _add_list_validation(ws, letter, fund_source_labels())
        elif column.field == "detailed":
            _add_list_validation(ws, letter, ["是", "否"])
    ws.freeze_panes = "A2"

    notes = wb.create_sheet(_("填写说明"))
    notes.append([_("列名"), _("是否必填"), _("填写要求")])
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    column_notes = _column_notes()
    for column in columns:
        notes.append([column.header, _("必填") if column.required else _("选填"), column_notes[column.field]])
    notes.append([])
    notes.append([_("第 2 行是示例，导入前请删除；表头请勿修改。")])
    notes.append([_("请直接填写数值，不要使用公式；含公式的文件将被拒绝。")])
    notes.append([_("整个文件全部正确才会导入；有任何一行错误，将不导入任何数据。")])
    if kind == Kind.ALLOCATIONS:
        notes.append([_("同一项目、年度、资金来源已有预算安排的，导入数据将覆盖原数据。")])
    else:
        notes.append([_("已导入过的凭证号不能再次导入。")])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 70

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _add_list_validation(ws, letter: str, options: list[str]) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    validation.error = _("请从下拉列表中选择")
    ws.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}10000")


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    """One problem, named the way the user finds it in the file: sheet, row number, column name."""

    sheet: str
    row: int | None
    column: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


class FileRefused(Exception):
    """The whole file is refused at once (wrong type, wrong template, unreadable, too large …)."""

    def __init__(self, reason: str, sheet: str = ""):
        super().__init__(reason)
        self.error = CellError(sheet=sheet, row=None, column="", reason=str(reason))


class RowsRefused(Exception):
    """Some rows are wrong: nothing is written and every error is reported."""

    def __init__(self, errors: list[CellError], row_count: int):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors
        self.row_count = row_count


class CellInvalid(ValueError):
    """A cell's value cannot be read; the message is the reason shown to the user."""


# ---------------------------------------------------------------------------------------------
# Reading a file into raw rows
# ---------------------------------------------------------------------------------------------


@dataclass
class RawRow:
    number: int
    values: list
    #: Coordinates ("D5") of formula cells, by column index.
    formulas: dict[int, str]

    @property
    def is_blank(self) -> bool:
        return not self.formulas and all(_is_blank(v) for v in self.values)


@dataclass
class Sheet:
    name: str
    rows: Iterator[RawRow]
    #: Rows the file says it has (for the progress bar only; None when it does not say).
    estimated_rows: int | None = None


def open_sheet(data: bytes, file_name: str) -> Sheet:
    """The file's first sheet as raw rows (header row included), by the file's extension.

    .xlsx is read by openpyxl in read-only mode with formulas kept (data_only=False), so formula
    cells can be refused; defusedxml, when installed, makes openpyxl refuse XML bombs.
    """
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".xlsx":
        return _open_xlsx(data)
    if suffix == ".csv":
        return _open_csv(data, file_name)
    raise FileRefused(_("仅支持 .xlsx 和 .csv 文件，请下载模板填写后上传。"))


def _open_xlsx(data: bytes) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise FileRefused(_("文件不是有效的 Excel（.xlsx）文件，请用 Excel 另存为 .xlsx 后重新上传。"))
    if expanded > settings.IMPORT_MAX_BYTES * MAX_EXPANSION:
        raise FileRefused(_("文件解压后过大，可能不是正常的 Excel 文件，已拒绝。"))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        name = sheet.title
    except Exception:
        logger.info("unreadable xlsx upload", exc_info=True)
        raise FileRefused(_("无法读取该 Excel 文件：文件已损坏、已加密或含有不安全的内容。"))
    try:
        estimated = int(sheet.max_row) if sheet.max_row else None
    except (TypeError, ValueError):
        estimated = None
    return Sheet(name=name, rows=_xlsx_rows(workbook, sheet), estimated_rows=estimated)


def _xlsx_rows(workbook, sheet) -> Iterator[RawRow]:
    try:
        # Read-only worksheets pad missing rows, so enumerate() gives the row number Excel shows.
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = []
            formulas = {}
            for index, cell in enumerate(cells):
                if cell.data_type == "f":
                    formulas[index] = f"{get_column_letter(index + 1)}{number}"
                values.append(cell.value)
            yield RawRow(number, values, formulas)
    except FileRefused:
        raise
    except Exception:
        logger.info("unreadable xlsx sheet", exc_info=True)
        raise FileRefused(_("无法读取该 Excel 文件：文件已损坏或含有不安全的内容。"), sheet=sheet.title)
    finally:
        workbook.close()


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) or GB18030 (which includes GBK, what Excel saves in China)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(_("不支持 UTF-16 编码的 CSV 文件，请另存为 UTF-8 或 GB18030（GBK）编码。"))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encodings = ("utf-8",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码。"))


def _open_csv(data: bytes, file_name: str) -> Sheet:
    text = decode_csv(data)
    name = PurePath(file_name).name
    return Sheet(name=name, rows=_csv_rows(text, name), estimated_rows=text.count("\n") + 1)


def _csv_rows(text: str, name: str) -> Iterator[RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, values in enumerate(reader, start=1):
            yield RawRow(number, values, {})
    except csv.Error as exc:
        raise FileRefused(
            _("CSV 文件格式错误（第 %(row)s 行）：%(error)s") % {"row": reader.line_num, "error": exc},
            sheet=name,
        )


def count_data_rows(data: bytes, file_name: str, stop_after: int) -> int:
    """Non-blank rows below the header, counting no further than `stop_after` (cheap on big files)."""
    count = 0
    try:
        rows = open_sheet(data, file_name).rows
        next(rows, None)
        for row in rows:
            if not row.is_blank:
                count += 1
                if count >= stop_after:
                    break
    except FileRefused:
        # The processing step reports it properly.
        return 0
    return count


# ---------------------------------------------------------------------------------------------
# Reading one cell
# ---------------------------------------------------------------------------------------------


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalize(value) -> str:
    """Text of a cell with full-width digits, letters and punctuation made half-width (NFKC)."""
    return unicodedata.normalize("NFKC", str(value)).strip()


_AMOUNT_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def parse_amount(value) -> Decimal:
    """Yuan with at most two decimal places; thousands separators and full-width digits allowed."""
    if isinstance(value, bool):
        raise CellInvalid(_("金额应为数字"))
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif isinstance(value, float):
        # repr() is the shortest text that reads back as the same float: what the user typed.
        amount = Decimal(repr(value))
    else:
        text = normalize(value).replace(" ", "").replace("\u2212", "-")
        if not _AMOUNT_RE.fullmatch(text):
            raise CellInvalid(_("金额格式不正确，应为数字，如 1,234,567.89"))
        amount = Decimal(text.replace(",", ""))
    if not amount.is_finite():
        raise CellInvalid(_("金额应为数字"))
    try:
        rounded = amount.quantize(CENT)
    except InvalidOperation:
        raise CellInvalid(_("金额超出范围"))
    if rounded != amount:
        raise CellInvalid(_("金额最多保留两位小数"))
    if abs(rounded) >= MAX_AMOUNT:
        raise CellInvalid(_("金额超出范围"))
    return rounded


_DATE_RES = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)
# A CSV saved by Excel may carry a midnight time after the date.
_TIME_SUFFIX_RE = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")


def parse_date(value) -> datetime.date:
    """An Excel date cell, or text 2026-03-15, 2026/3/15 or 2026年3月15日 (full-width digits allowed)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = _TIME_SUFFIX_RE.sub("", normalize(value)).replace(" ", "")
        for pattern in _DATE_RES:
            match = pattern.fullmatch(text)
            if match:
                try:
                    return datetime.date(*(int(part) for part in match.groups()))
                except ValueError:
                    raise CellInvalid(_("日期不存在：%(text)s") % {"text": text})
    raise CellInvalid(_("日期格式不正确，应为 2026-03-15、2026/3/15 或 2026年3月15日"))


def parse_year(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = normalize(value).removesuffix("年")
    if not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        raise CellInvalid(_("年度应为四位数字，如 2026"))
    return int(text)


def fund_source_labels() -> list[str]:
    """The Chinese labels of FundSource, whatever language is active (they are the file format)."""
    with translation.override("zh-hans"):
        return [str(label) for _value, label in FundSource.choices]


def _fund_source_lookup() -> dict[str, str]:
    with translation.override("zh-hans"):
        lookup = {normalize(label): value for value, label in FundSource.choices}
    lookup.update({value: value for value in FundSource.values})
    return lookup


def parse_choice(value, lookup: dict[str, str], reason: str) -> str:
    key = normalize(value)
    if key not in lookup:
        raise CellInvalid(reason)
    return lookup[key]


def parse_text(value, max_length: int, *, identifier: bool = False) -> str:
    """A text cell; identifiers (codes, voucher numbers) are NFKC-normalised, numbers kept whole."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        raise CellInvalid(_("应为文本，不能是日期"))
    text = normalize(value) if identifier else str(value).strip()
    if len(text) > max_length:
        raise CellInvalid(_("不能超过 %(n)s 个字符") % {"n": max_length})
    return text


# ---------------------------------------------------------------------------------------------
# Validating rows into plain data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AllocationRow:
    row: int
    code: str
    year: int
    fund_source: str
    initial_amount: Decimal
    adjustment: Decimal
    detailed: bool


@dataclass(frozen=True)
class ExpenditureRow:
    row: int
    code: str
    year: int
    date: datetime.date
    amount: Decimal
    fund_source: str
    voucher: str
    summary: str


@dataclass(frozen=True)
class ProjectKeys:
    """What writing a row needs to know of its project (scope keys and period)."""

    id: int
    unit_id: int
    department_id: int
    region_id: int
    start_year: int
    end_year: int


class ErrorList:
    """Errors of one sheet; kept in the order the user reads the file (row, then column)."""

    def __init__(self, sheet: str, headers: list[str]):
        self.sheet = sheet
        self.order = {header: i for i, header in enumerate(headers)}
        self.items: list[CellError] = []
        self.total = 0

    def add(self, row: int | None, column: str, reason: str) -> None:
        self.total += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append(CellError(self.sheet, row, column, str(reason)))

    def __bool__(self) -> bool:
        return self.total > 0

    def final(self) -> list[CellError]:
        items = sorted(self.items, key=lambda e: (e.row or 0, self.order.get(e.column, len(self.order))))
        if self.total > len(items):
            more = self.total - len(items)
            items.append(
                CellError(
                    self.sheet, None, "", _("另有 %(n)s 处错误未列出，请先修改以上错误。") % {"n": more}
                )
            )
        return items


def _header_key(value) -> str:
    return re.sub(r"\s+", "", normalize(value)) if not _is_blank(value) else ""


def match_header(kind: str, header: RawRow, sheet: str) -> dict[str, int]:
    """{field: column index} of the header row; a header that is not the template's is refused whole."""
    if header.formulas:
        raise FileRefused(
            _("表头不能含公式（单元格 %(cell)s）。") % {"cell": next(iter(header.formulas.values()))}
        )
    values = list(header.values)
    while values and _is_blank(values[-1]):
        values.pop()
    keys = [_header_key(v) for v in values]
    expected = {_header_key(c.header): c for c in COLUMNS[kind]}
    index: dict[str, int] = {}
    unknown: list[str] = []
    for i, key in enumerate(keys):
        column = expected.get(key)
        if column is None:
            unknown.append(str(values[i]).strip() if key else _("第 %(n)s 列（空白表头）") % {"n": i + 1})
        elif column.field in index:
            unknown.append(_("%(name)s（重复）") % {"name": column.header})
        else:
            index[column.field] = i
    missing = [c.header for c in COLUMNS[kind] if c.field not in index]
    if not missing and not unknown:
        return index
    other = Kind.EXPENDITURES if kind == Kind.ALLOCATIONS else Kind.ALLOCATIONS
    if {k for k in keys if k} == {_header_key(c.header) for c in COLUMNS[other]}:
        raise FileRefused(
            _("所选数据类型为“%(chosen)s”，但文件是“%(found)s”的模板，请重新选择数据类型。")
            % {"chosen": Kind(kind).label, "found": Kind(other).label},
            sheet=sheet,
        )
    parts = []
    if missing:
        parts.append(_("缺少列：%(names)s") % {"names": "、".join(missing)})
    if unknown:
        parts.append(_("无法识别的列：%(names)s") % {"names": "、".join(unknown)})
    raise FileRefused(
        _("文件不是“%(kind)s”导入模板（第 1 行应为表头）。%(details)s。请下载模板，按模板填写后重新上传。")
        % {"kind": Kind(kind).label, "details": "；".join(parts)},
        sheet=sheet,
    )


def cell_parsers() -> dict[str, Callable]:
    """How each field's cell is read; built once per file (the fund-source labels need a lookup)."""
    sources = _fund_source_lookup()
    source_reason = _("资金来源应为：%(labels)s") % {"labels": "、".join(fund_source_labels())}
    yes_no = {"是": True, "否": False}

    def detailed(value) -> bool:
        key = normalize(value)
        if key not in yes_no:
            raise CellInvalid(_("应填写“是”或“否”"))
        return yes_no[key]

    return {
        "code": lambda v: parse_text(v, 40, identifier=True),
        "year": parse_year,
        "fund_source": lambda v: parse_choice(v, sources, source_reason),
        "initial_amount": parse_amount,
        "adjustment": parse_amount,
        "amount": parse_amount,
        "date": parse_date,
        "detailed": detailed,
        "voucher": lambda v: parse_text(v, 64, identifier=True),
        "summary": lambda v: parse_text(v, 200),
    }


def _cells(
    raw: RawRow, index: dict[str, int], columns, parsers: dict[str, Callable], errors: ErrorList
) -> tuple[dict, bool]:
    """The row's cells by field, parsed (None where unreadable), and whether every cell was right."""
    if raw.formulas:
        headers = {i: c.header for c in columns if (i := index.get(c.field)) is not None}
        for i, cell in raw.formulas.items():
            errors.add(
                raw.number,
                headers.get(i, get_column_letter(i + 1)),
                _("单元格 %(cell)s 含公式，请将公式转换为数值后重新导入") % {"cell": cell},
            )
        return {}, False
    out = {}
    ok = True
    for column in columns:
        i = index[column.field]
        value = raw.values[i] if i < len(raw.values) else None
        if _is_blank(value):
            if column.required:
                errors.add(raw.number, column.header, _("不能为空"))
                ok = False
            out[column.field] = None
            continue
        try:
            out[column.field] = parsers[column.field](value)
        except CellInvalid as exc:
            errors.add(raw.number, column.header, str(exc))
            out[column.field] = None
            ok = False
    if out.get("code") == EXAMPLE_CODE_KEY:
        errors.add(raw.number, "项目编码", _("这是模板中的示例行，请删除后再导入"))
        return {}, False
    return out, ok


def importable_projects(user) -> QuerySet[Project]:
    """Projects whose money `user` may import: visible to the user and inside the scope of a role
    that writes (a leader who is also a unit officer imports for the unit only, not the region)."""
    scope = scope_of(user)
    q = Q(pk__in=[])
    if Role.FINANCE_ADMIN in scope.roles and scope.region_ids:
        q |= Q(region_id__in=scope.region_ids)
    if scope.roles & {Role.FINANCE_REVIEWER, Role.DEPT_OFFICER} and scope.department_ids:
        q |= Q(department_id__in=scope.department_ids)
    if Role.UNIT_OFFICER in scope.roles and scope.unit_ids:
        q |= Q(unit_id__in=scope.unit_ids)
    return Project.objects.visible_to(user).filter(q)


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _projects_by_code(user, codes: set[str]) -> dict[str, ProjectKeys]:
    found = {}
    fields = ("code", "id", "unit_id", "department_id", "region_id", "start_year", "end_year")
    for chunk in _chunks(sorted(codes)):
        for code, *keys in importable_projects(user).filter(code__in=chunk).values_list(*fields):
            found[code] = ProjectKeys(*keys)
    return found


def validate(
    kind: str,
    sheet: str,
    rows: list[RawRow],
    user,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[list, dict[str, ProjectKeys]]:
    """Every row of the file as plain data, or RowsRefused naming every wrong cell.

    A row whose project the uploader may not import into refuses the whole file, and the reason
    does not say whether the project exists [issue #2: rows outside the uploader's scope refused].
    """
    if not rows:
        raise FileRefused(_("文件是空的。"), sheet=sheet)
    index = match_header(kind, rows[0], sheet)
    columns = COLUMNS[kind]
    errors = ErrorList(sheet, [c.header for c in columns])
    data_rows = [r for r in rows[1:] if not r.is_blank]
    if not data_rows:
        raise FileRefused(_("文件中没有数据行（第 1 行为表头，数据从第 2 行开始）。"), sheet=sheet)
    parsers = cell_parsers()
    parsed: list[tuple[int, dict]] = []
    partial: list[tuple[int, dict]] = []
    step = max(1, len(data_rows) // 20)
    for n, raw in enumerate(data_rows, start=1):
        cells, ok = _cells(raw, index, columns, parsers, errors)
        (parsed if ok else partial).append((raw.number, cells))
        if on_progress and n % step == 0:
            on_progress(n * 90 // len(data_rows))

    codes = {cells["code"] for _row, cells in parsed + partial if cells.get("code")}
    projects = _projects_by_code(user, codes)
    # Rows with an unreadable cell are still checked for scope: every row outside it is named.
    for number, cells in partial:
        if cells.get("code"):
            _check_project(number, cells, projects, errors)
    if kind == Kind.ALLOCATIONS:
        out = _check_allocations(parsed, projects, errors)
    else:
        out = _check_expenditures(parsed, projects, errors)
    if on_progress:
        on_progress(100)
    if errors:
        raise RowsRefused(errors.final(), len(data_rows))
    return out, projects


def _check_project(number: int, cells: dict, projects: dict, errors: ErrorList) -> ProjectKeys | None:
    project = projects.get(cells["code"])
    if project is None:
        errors.add(number, "项目编码", _("项目编码不存在或不在您的管理范围内"))
        return None
    if cells.get("year") and not project.start_year <= cells["year"] <= project.end_year:
        errors.add(
            number,
            "年度",
            _("年度 %(year)s 不在项目实施期（%(start)s—%(end)s 年）内")
            % {"year": cells["year"], "start": project.start_year, "end": project.end_year},
        )
    return project


def _check_allocations(parsed, projects, errors: ErrorList) -> list[AllocationRow]:
    out = []
    seen: dict[tuple, int] = {}
    for number, cells in parsed:
        _check_project(number, cells, projects, errors)
        adjustment = cells["adjustment"] or Decimal("0")
        if cells["initial_amount"] < 0:
            errors.add(number, "年初预算数（元）", _("年初预算数不能为负数"))
        elif cells["initial_amount"] + adjustment < 0:
            errors.add(number, "调整数（元）", _("调整后的全年预算数不能为负数"))
        elif cells["initial_amount"] + adjustment >= MAX_AMOUNT:
            errors.add(number, "调整数（元）", _("调整后的全年预算数超出范围"))
        key = (cells["code"], cells["year"], cells["fund_source"])
        if key in seen:
            errors.add(
                number,
                "资金来源",
                _("与第 %(row)s 行的项目编码、年度、资金来源相同，同一安排只能填一行") % {"row": seen[key]},
            )
        seen.setdefault(key, number)
        out.append(
            AllocationRow(
                row=number,
                code=cells["code"],
                year=cells["year"],
                fund_source=cells["fund_source"],
                initial_amount=cells["initial_amount"],
                adjustment=adjustment,
                detailed=cells["detailed"],
            )
        )
    return out


def _check_expenditures(parsed, projects, errors: ErrorList) -> list[ExpenditureRow]:
    out = []
    today = timezone.localdate()
    seen: dict[tuple, int] = {}
    for number, cells in parsed:
        _check_project(number, cells, projects, errors)
        if cells["date"].year != cells["year"]:
            errors.add(number, "支付日期", _("支付日期不在 %(year)s 年度内") % {"year": cells["year"]})
        elif cells["date"] > today:
            errors.add(number, "支付日期", _("支付日期晚于今天"))
        if cells["amount"] == 0:
            errors.add(number, "金额（元）", _("金额不能为 0"))
        key = (cells["code"], cells["voucher"])
        if key in seen:
            errors.add(number, "凭证号", _("与第 %(row)s 行的凭证号重复") % {"row": seen[key]})
        seen.setdefault(key, number)
        out.append(ExpenditureRow(row=number, summary=cells["summary"] or "", **_without(cells, "summary")))
    # Vouchers already in the database for the same project.
    wanted = [(projects[r.code].id, r.voucher) for r in out if r.code in projects]
    existing: set[tuple[int, str]] = set()
    for chunk in _chunks(wanted):
        q = Q(pk__in=[])
        by_project: dict[int, list[str]] = {}
        for project_id, voucher in chunk:
            by_project.setdefault(project_id, []).append(voucher)
        for project_id, vouchers in by_project.items():
            q |= Q(project_id=project_id, voucher__in=vouchers)
        existing.update(Expenditure.objects.filter(q).values_list("project_id", "voucher"))
    if existing:
        for r in out:
            project = projects.get(r.code)
            if project and (project.id, r.voucher) in existing:
                errors.add(r.row, "凭证号", _("该项目已导入过此凭证号"))
    return out


def _without(cells: dict, *names: str) -> dict:
    return {k: v for k, v in cells.items() if k not in names}


# ---------------------------------------------------------------------------------------------
# Writing (one transaction, only when every row is right)
# ---------------------------------------------------------------------------------------------


def write_allocations(batch: ImportBatch, rows: list[AllocationRow], projects, user) -> dict[str, int]:
    """Create or update (upsert) each (project, year, fund source) allocation; keeps model history.

    A row equal to the stored allocation is skipped: not rewritten, no history row.
    """
    keys = {(projects[r.code].id, r.year, r.fund_source) for r in rows}
    existing: dict[tuple, Allocation] = {}
    project_ids = sorted({k[0] for k in keys})
    for chunk in _chunks(project_ids):
        for allocation in Allocation.objects.select_for_update().filter(
            project_id__in=chunk, year__in={k[1] for k in keys}
        ):
            existing[(allocation.project_id, allocation.year, allocation.fund_source)] = allocation
    to_create, to_update = [], []
    skipped = 0
    for r in rows:
        project = projects[r.code]
        allocation = existing.get((project.id, r.year, r.fund_source))
        if allocation is not None and (
            allocation.initial_amount,
            allocation.adjustment,
            allocation.detailed,
        ) == (r.initial_amount, r.adjustment, r.detailed):
            skipped += 1
            continue
        if allocation is None:
            allocation = Allocation(
                project_id=project.id,
                unit_id=project.unit_id,
                department_id=project.department_id,
                region_id=project.region_id,
                year=r.year,
                fund_source=r.fund_source,
            )
            to_create.append(allocation)
        else:
            to_update.append(allocation)
        allocation.initial_amount = r.initial_amount
        allocation.adjustment = r.adjustment
        # Bulk writes skip Allocation.save(), which computes the total: do it here.
        allocation.total_amount = r.initial_amount + r.adjustment
        allocation.detailed = r.detailed
        allocation.batch = batch
    if to_create:
        bulk_create_with_history(to_create, Allocation, batch_size=1000, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update,
            Allocation,
            fields=["initial_amount", "adjustment", "total_amount", "detailed", "batch"],
            batch_size=1000,
            default_user=user,
        )
    return {"created": len(to_create), "updated": len(to_update), "skipped": skipped}


def write_expenditures(batch: ImportBatch, rows: list[ExpenditureRow], projects, user) -> dict[str, int]:
    objs = []
    for r in rows:
        project = projects[r.code]
        objs.append(
            Expenditure(
                project_id=project.id,
                unit_id=project.unit_id,
                department_id=project.department_id,
                region_id=project.region_id,
                year=r.year,
                date=r.date,
                amount=r.amount,
                fund_source=r.fund_source,
                voucher=r.voucher,
                summary=r.summary,
                batch=batch,
            )
        )
    Expenditure.objects.bulk_create(objs, batch_size=1000)
    return {"created": len(objs), "updated": 0, "skipped": 0}


# ---------------------------------------------------------------------------------------------
# Who may import, who sees a batch
# ---------------------------------------------------------------------------------------------


def can_import(user) -> tuple[bool, str]:
    """Finance, department and unit officers import; leaders, auditors, experts and the 三员 do not."""
    if scope_of(user).roles & IMPORT_ROLES:
        return True, ""
    return False, _("只有财政部门、主管部门和预算单位的经办人员可以导入数据。")


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    """A batch is seen by its uploader and by the finance admins of the uploader's region."""
    if not getattr(user, "is_authenticated", False):
        return ImportBatch.objects.none()
    scope = scope_of(user)
    q = Q(uploaded_by_id=user.pk)
    if Role.FINANCE_ADMIN in scope.roles and scope.region_ids:
        q |= Q(uploaded_by__organization__region_id__in=scope.region_ids)
    return ImportBatch.objects.filter(q)


def get_batch_for_user(user, pk) -> ImportBatch:
    try:
        return batches_visible_to(user).select_related("uploaded_by").get(pk=pk)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404


# ---------------------------------------------------------------------------------------------
# Taking an upload
# ---------------------------------------------------------------------------------------------


def start_import(user, kind: str, uploaded, *, ip: str | None = None) -> ImportBatch:
    """Take an uploaded file: refuse it, import it now, or hand it to the task. Returns its batch.

    Every upload leaves an ImportBatch (and, once it ends, an IMPORT audit event), refused or not.
    `ip` is the uploader's address as the view saw it; it is kept on the batch so that the audit
    event carries it even when the worker writes it.
    """
    allowed, reason = can_import(user)
    if not allowed:
        raise PermissionDenied(reason)
    if kind not in Kind.values:
        raise ValueError(f"unknown import kind {kind!r}")
    file_name = PurePath(uploaded.name or "").name[-255:] or "upload"
    batch = ImportBatch(kind=kind, file_name=file_name, uploaded_by=user, sha256="", uploaded_from=ip or None)

    # Refused on its size alone: the content is not read, let alone parsed.
    if uploaded.size > settings.IMPORT_MAX_BYTES:
        return _refuse(
            batch,
            _("文件大小为 %(size)s，超过上限 %(limit)s，未读取其内容。请拆分为多个文件后上传。")
            % {"size": _megabytes(uploaded.size), "limit": _megabytes(settings.IMPORT_MAX_BYTES)},
        )
    data = b"".join(uploaded.chunks())
    batch.sha256 = hashlib.sha256(data).hexdigest()
    earlier = (
        ImportBatch.objects.filter(
            kind=kind,
            sha256=batch.sha256,
            status__in=[ImportBatch.Status.DONE, ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING],
        )
        .select_related("uploaded_by")
        .order_by("-created_at")
        .first()
    )
    if earlier is not None:
        return _refuse(batch, duplicate_reason(earlier))

    batch.save()
    if count_data_rows(data, file_name, settings.IMPORT_ASYNC_ROWS + 1) > settings.IMPORT_ASYNC_ROWS:
        batch.file.save(f"{batch.pk}{PurePath(file_name).suffix.lower()}", ContentFile(data), save=True)
        transaction.on_commit(lambda: queue_batch(batch.pk))
        return batch
    return process_batch(batch.pk, data) or batch


def queue_batch(batch_id: int) -> bool:
    """Send the batch to budgets.tasks.run_import; False when the broker is down (the batch stays
    pending and `manage.py resume_imports` sends it later)."""
    from budgets.tasks import run_import
    from perfapp.tasks import enqueue

    return enqueue(run_import, batch_id)


def duplicate_reason(earlier: ImportBatch) -> str:
    when = timezone.localtime(earlier.created_at).strftime("%Y-%m-%d %H:%M")
    who = earlier.uploaded_by.display_name if earlier.uploaded_by else _("已删除的用户")
    if earlier.status == ImportBatch.Status.DONE:
        return _("该文件已于 %(when)s 由 %(who)s 导入（批次 #%(id)s），不能重复导入。") % {
            "when": when,
            "who": who,
            "id": earlier.pk,
        }
    return _("该文件已于 %(when)s 由 %(who)s 上传，正在导入（批次 #%(id)s），请勿重复上传。") % {
        "when": when,
        "who": who,
        "id": earlier.pk,
    }


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _refuse(batch: ImportBatch, reason: str) -> ImportBatch:
    batch.status = ImportBatch.Status.FAILED
    batch.progress = 100
    batch.errors = [CellError("", None, "", str(reason)).as_dict()]
    batch.result = _empty_result()
    batch.finished_at = timezone.now()
    with transaction.atomic():
        batch.save()
        _audit(batch, batch.uploaded_by)
    return batch


# ---------------------------------------------------------------------------------------------
# Claiming a batch; the heartbeat of a running batch
# ---------------------------------------------------------------------------------------------


class BatchLost(Exception):
    """This run no longer owns its batch (another run claimed it after the heartbeat stopped)."""


def heartbeat_timeout() -> int:
    """Seconds without a heartbeat after which a running batch counts as lost with its worker.

    The same timeout as background jobs: settings.JOB_HEARTBEAT_TIMEOUT, else perfapp.jobs' default.
    """
    from perfapp import jobs

    return int(getattr(settings, "JOB_HEARTBEAT_TIMEOUT", jobs.HEARTBEAT_TIMEOUT))


def stale_before(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=heartbeat_timeout())


def claimable(now: datetime.datetime | None = None) -> Q:
    """Batches a run may take: pending ones, and running ones whose heartbeat stopped."""
    return Q(status=ImportBatch.Status.PENDING) | Q(
        status=ImportBatch.Status.RUNNING, heartbeat_at__lt=stale_before(now)
    )


def claim_batch(batch_id: int) -> int | None:
    """Take the batch in one conditional UPDATE (pending, or running with a stale heartbeat →
    running). Returns this run's attempt number, or None when the batch is not claimable."""
    now = timezone.now()
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(claimable(now), pk=batch_id).update(
            status=ImportBatch.Status.RUNNING,
            progress=1,
            heartbeat_at=now,
            attempt=F("attempt") + 1,
        )
        if not claimed:
            return None
        # The row stays locked by the UPDATE until commit: this is our own attempt number.
        return ImportBatch.objects.filter(pk=batch_id).values_list("attempt", flat=True).get()


def _set_progress(batch_id: int, attempt: int, percent: int) -> None:
    """Record progress and beat the heartbeat; BatchLost when another run has taken the batch."""
    beat = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING, attempt=attempt).update(
        progress=max(1, min(99, percent)), heartbeat_at=timezone.now()
    )
    if not beat:
        raise BatchLost(batch_id)


def _lock_own(batch_id: int, attempt: int) -> ImportBatch:
    """Lock the batch row for the final write (inside a transaction); BatchLost unless it is still
    running under this run's attempt. A run reclaiming it meanwhile waits for the lock, then finds
    it finished."""
    batch = (
        ImportBatch.objects.select_for_update()
        .filter(pk=batch_id, status=ImportBatch.Status.RUNNING, attempt=attempt)
        .first()
    )
    if batch is None:
        raise BatchLost(batch_id)
    return batch


def resumable_batches(now: datetime.datetime | None = None) -> QuerySet[ImportBatch]:
    """Batches `manage.py resume_imports` sends to the task again, oldest first.

    Pending with the file kept (the broker was down when it was queued); running with a stale
    heartbeat (the worker died); pending without a file and older than the timeout (the web
    request importing it died: the task marks it failed, so the same file may be uploaded again).
    """
    stale = stale_before(now)
    pending = Q(status=ImportBatch.Status.PENDING) & (~Q(file="") | Q(created_at__lt=stale))
    lost = Q(status=ImportBatch.Status.RUNNING, heartbeat_at__lt=stale)
    return ImportBatch.objects.filter(pending | lost).order_by("created_at", "id")


def _read_all(sheet: Sheet, on_progress: Callable[[int], None]) -> list[RawRow]:
    """Every raw row; beats every 1000 rows (with 0 % when the file does not say how long it is)."""
    rows = []
    estimate = sheet.estimated_rows or 0
    for row in sheet.rows:
        rows.append(row)
        if len(rows) % 1000 == 0:
            on_progress(min(100, len(rows) * 100 // estimate) if estimate > 0 else 0)
    return rows


def _empty_result() -> dict[str, int]:
    return {"created": 0, "updated": 0, "skipped": 0}


# ---------------------------------------------------------------------------------------------
# The import itself
# ---------------------------------------------------------------------------------------------


def process_batch(batch_id: int, data: bytes | None = None) -> ImportBatch | None:
    """Read, validate and write one batch; None when it could not be claimed or was lost.

    Idempotent: the batch is claimed with a conditional UPDATE (claim_batch), so a second run (a
    retried task, a second worker) finds nothing to do, unless the first run's heartbeat stopped;
    then the second run starts over and the first one, should it wake up, writes nothing.
    """
    attempt = claim_batch(batch_id)
    if attempt is None:
        return None
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    user = batch.uploaded_by

    def progress(percent: int) -> None:
        _set_progress(batch_id, attempt, percent)

    try:
        if user is None or not user.is_active or not can_import(user)[0]:
            raise FileRefused(_("上传人已无导入权限，文件未导入。"))
        if data is None:
            if not batch.file:
                # An import done in the web request whose process died: the file was never kept.
                raise FileRefused(_("导入过程中断，文件未保存，未写入任何数据。请重新上传。"))
            with batch.file.open("rb") as f:
                data = f.read()
        sheet = open_sheet(data, batch.file_name)
        # Progress: reading the file 1–30 %, checking the rows 30–90 %, writing 90–100 %.
        rows = _read_all(sheet, lambda p: progress(1 + p * 29 // 100))
        progress(30)
        valid, projects = validate(
            batch.kind,
            sheet.name,
            rows,
            user,
            on_progress=lambda p: progress(30 + p * 60 // 100),
        )
        progress(90)
        try:
            with transaction.atomic():
                batch = _lock_own(batch_id, attempt)
                write = write_allocations if batch.kind == Kind.ALLOCATIONS else write_expenditures
                counts = write(batch, valid, projects, user)
                batch.status = ImportBatch.Status.DONE
                batch.progress = 100
                batch.row_count = len(valid)
                batch.errors = []
                batch.result = counts
                batch.finished_at = batch.heartbeat_at = timezone.now()
                batch.save(
                    update_fields=[
                        "status",
                        "progress",
                        "row_count",
                        "errors",
                        "result",
                        "finished_at",
                        "heartbeat_at",
                    ]
                )
                _audit(batch, user)
                done = batch
                transaction.on_commit(lambda: _run_after_import(done))
        except IntegrityError:
            # Someone imported the same file or the same vouchers between our checks and our write.
            earlier = (
                ImportBatch.objects.filter(
                    kind=batch.kind, sha256=batch.sha256, status=ImportBatch.Status.DONE
                )
                .exclude(pk=batch.pk)
                .select_related("uploaded_by")
                .first()
            )
            if earlier is not None:
                raise FileRefused(duplicate_reason(earlier))
            raise FileRefused(
                _("导入期间数据已被其他操作修改（如凭证号已被导入），未写入任何数据，请重新导入。")
            )
        return batch
    except BatchLost:
        logger.warning("import batch %s attempt %s was taken over by another run", batch_id, attempt)
        return None
    except FileRefused as exc:
        return _fail(batch_id, attempt, [exc.error], 0)
    except RowsRefused as exc:
        return _fail(batch_id, attempt, exc.errors, exc.row_count)
    except Exception:
        logger.exception("import batch %s failed", batch_id)
        reason = _("导入时发生系统错误，未写入任何数据。请稍后重试或联系系统管理员。")
        return _fail(batch_id, attempt, [CellError("", None, "", reason)], 0)


def _fail(batch_id: int, attempt: int, errors: list[CellError], row_count: int) -> ImportBatch | None:
    """Mark the batch failed (if this run still owns it), with its errors and the audit event."""
    with transaction.atomic():
        try:
            batch = _lock_own(batch_id, attempt)
        except BatchLost:
            logger.warning("import batch %s attempt %s was taken over by another run", batch_id, attempt)
            return None
        batch.status = ImportBatch.Status.FAILED
        batch.progress = 100
        batch.row_count = row_count
        batch.errors = [e.as_dict() for e in errors]
        batch.result = _empty_result()
        batch.finished_at = batch.heartbeat_at = timezone.now()
        batch.save(
            update_fields=[
                "status",
                "progress",
                "row_count",
                "errors",
                "result",
                "finished_at",
                "heartbeat_at",
            ]
        )
        _audit(batch, batch.uploaded_by)
    return batch


def _audit(batch: ImportBatch, user) -> None:
    done = batch.status == ImportBatch.Status.DONE
    kind = Kind(batch.kind).label
    counts = {**_empty_result(), **(batch.result or {})}
    if done:
        summary = _("导入%(kind)s %(rows)s 行（新增 %(created)s，更新 %(updated)s，跳过 %(skipped)s）") % {
            "kind": kind,
            "rows": batch.row_count,
            **counts,
        }
    else:
        summary = _("导入%(kind)s失败（%(n)s 处错误），未写入数据") % {"kind": kind, "n": len(batch.errors)}
    audit.record(
        EventKind.IMPORT,
        actor=user,
        obj=batch,
        summary=summary,
        data={
            "kind": batch.kind,
            "file_name": batch.file_name,
            "sha256": batch.sha256,
            "status": batch.status,
            "rows": batch.row_count,
            "created": counts["created"],
            "updated": counts["updated"],
            "skipped": counts["skipped"],
            "errors": len(batch.errors),
        },
        ip=batch.uploaded_from or None,
    )


def error_rows(errors: Iterable[dict]) -> tuple[list[dict], list[dict]]:
    """(file-level errors, cell errors) of a batch, for the page."""
    file_level, cells = [], []
    for e in errors:
        (cells if e.get("row") else file_level).append(e)
    return file_level, cells
