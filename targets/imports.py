"""Import of a filled-in 绩效目标申报表 (the layout of targets/documents.py) into a target.

All-or-nothing [DESIGN.md §5]: the file is read into plain values, every cell checked (formulas
refused, numbers and choices parsed, then targets.validation on the indicators), and only when there
is not a single error are the target's fields and indicators replaced, in one transaction, with the
version the user saw (stale → refused) and an IMPORT audit event. A bad file gets the list of
errors by sheet, row and column, in Chinese, and changes nothing.
"""

from __future__ import annotations

import io
import logging
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from budgets.imports import MAX_EXPANSION, CellError, normalize, parse_text
from perfapp import audit
from perfapp.models import EventKind
from perfapp.workflow import save_edit
from targets.documents import (
    GRID_FIELDS,
    GRID_HEADERS,
    TEN_THOUSAND,
    comparator_labels,
    layout_of,
    level1_labels,
)
from targets.models import Comparator, Indicator, Target
from targets.validation import indicator_errors

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")
MAX_INDICATORS = 200


class FormRefused(Exception):
    """The file is refused: every problem found, nothing written."""

    def __init__(self, errors: list[CellError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors

    def as_dicts(self) -> list[dict]:
        return [e.as_dict() for e in self.errors]


class _Invalid(ValueError):
    pass


def _open(data: bytes, name: str):
    if PurePath(name or "").suffix.lower() != ".xlsx":
        raise FormRefused([CellError("", None, "", _("请上传 .xlsx 格式的申报表（可先导出本表再填写）。"))])
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FormRefused(
            [
                CellError(
                    "",
                    None,
                    "",
                    _("文件超过 %(mb)s MB，已拒绝。") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
                )
            ]
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise FormRefused([CellError("", None, "", _("文件不是有效的 Excel（.xlsx）文件。"))])
    if expanded > settings.IMPORT_MAX_BYTES * MAX_EXPANSION:
        raise FormRefused([CellError("", None, "", _("文件解压后过大，可能不是正常的 Excel 文件，已拒绝。"))])
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except Exception:
        logger.info("unreadable target form", exc_info=True)
        raise FormRefused(
            [CellError("", None, "", _("无法读取该 Excel 文件：文件已损坏、已加密或含有不安全的内容。"))]
        )


def _number(value, *, what: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Invalid(_("%(w)s应为数字") % {"w": what})
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = normalize(value).replace(",", "").replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _Invalid(_("%(w)s应为数字") % {"w": what})
    if not number.is_finite():
        raise _Invalid(_("%(w)s应为数字") % {"w": what})
    return number


def _money(value) -> Decimal:
    """万元 in the file → 元, exact to the cent."""
    number = _number(value, what=_("金额"))
    if number is None:
        raise _Invalid(_("请填写金额（万元）"))
    if number < 0:
        raise _Invalid(_("金额不能为负数"))
    yuan = number * TEN_THOUSAND
    if yuan.quantize(CENT) != yuan:
        raise _Invalid(_("金额（万元）最多保留六位小数（精确到分）"))
    if yuan >= Decimal(10) ** 14:
        raise _Invalid(_("金额超出范围"))
    return yuan.quantize(CENT)


def read_form(target: Target, data: bytes, name: str) -> tuple[dict, list[dict]]:
    """The target's fields and indicators as found in the file; FormRefused with every error."""
    layout = layout_of(target)
    wb = _open(data, name)
    ws = wb.worksheets[0]
    sheet = ws.title
    errors: list[CellError] = []

    def err(row, column, reason):
        errors.append(CellError(sheet, row, column, str(reason)))

    if normalize(ws["A1"].value or "") != normalize(layout.title):
        raise FormRefused(
            [
                CellError(
                    sheet, 1, "A", _("不是“%(t)s”，请导出本目标的申报表后填写上传。") % {"t": layout.title}
                )
            ]
        )
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                err(cell.row, cell.column_letter, _("不能使用公式，请直接填写数值"))
    for rng, text in layout.labels:
        start = ws[rng.split(":")[0]]
        if normalize(start.value or "") != normalize(text):
            err(start.row, start.column_letter, _("表头应为“%(t)s”，请勿修改表格格式") % {"t": text})

    fields: dict = {}
    for key in layout.editable:
        rng, label = layout.values[key]
        cell = ws[rng.split(":")[0]]
        column = f"{cell.column_letter}（{label}）"
        try:
            if key in ("amount", "fiscal", "other"):
                fields[key] = _money(cell.value)
            elif key == "name":
                fields[key] = parse_text(cell.value or "", 200)
                if not fields[key]:
                    raise _Invalid(_("请填写项目名称"))
            elif key == "overall_goal":
                fields[key] = parse_text(cell.value or "", 5000)
                if not fields[key]:
                    raise _Invalid(_("请填写年度总体目标"))
            else:
                fields[key] = parse_text(cell.value or "", 5000)
        except (_Invalid, ValueError) as exc:
            err(cell.row, column, exc)
    if {"amount", "fiscal", "other"} <= fields.keys() and fields["fiscal"] + fields["other"] != fields[
        "amount"
    ]:
        rng, label = layout.values["amount"]
        cell = ws[rng.split(":")[0]]
        err(cell.row, f"{cell.column_letter}（{label}）", _("年度资金总额应等于财政拨款与其他资金之和"))

    head = layout.grid_row
    for col, text in enumerate(GRID_HEADERS, start=1):
        if normalize(ws.cell(row=head, column=col).value or "") != normalize(text):
            err(head, get_column_letter(col), _("表头应为“%(t)s”，请勿修改表格格式") % {"t": text})

    l1 = {normalize(v): k for k, v in level1_labels().items()}
    comp = {normalize(v): k for k, v in comparator_labels().items()}
    comp.update({">=": Comparator.GTE, "<=": Comparator.LTE, "＝": Comparator.EQ})
    indicators: list[dict] = []
    rows_of: list[int] = []
    last_l1 = last_l2 = ""
    for r in range(head + 1, ws.max_row + 1):
        raw = dict(
            zip(
                GRID_FIELDS,
                (ws.cell(row=r, column=c).value for c in range(1, len(GRID_FIELDS) + 1)),
                strict=True,
            )
        )
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        if len(indicators) >= MAX_INDICATORS:
            err(r, "", _("指标不能超过 %(n)s 个") % {"n": MAX_INDICATORS})
            break
        ind: dict = {}
        before = len(errors)

        def bad(field, reason, r=r):
            col = get_column_letter(GRID_FIELDS.index(field) + 1)
            err(r, f"{col}（{GRID_HEADERS[GRID_FIELDS.index(field)]}）", reason)

        # Merged level-1 / level-2 cells read as empty below their first row: they continue it.
        text1 = normalize(raw["level1"]) if raw["level1"] is not None else last_l1
        if text1 not in l1:
            bad("level1", _("一级指标应为：%(n)s") % {"n": "、".join(l1)})
        else:
            ind["level1"] = l1[text1]
            last_l1 = text1
        ind["level2"] = normalize(raw["level2"]) if raw["level2"] is not None else last_l2
        last_l2 = ind["level2"]
        try:
            ind["name"] = parse_text(raw["name"] or "", 100)
        except ValueError as exc:
            bad("name", exc)
        key = normalize(raw["comparator"] or "")
        if key not in comp:
            bad("comparator", _("指标性质应为：≥、≤、=、定性"))
        else:
            ind["comparator"] = comp[key]
        ind["qualitative_value"], ind["target_value"] = "", None
        if ind.get("comparator") == Comparator.QUALITATIVE:
            ind["qualitative_value"] = normalize(raw["value"] or "")
        else:
            try:
                ind["target_value"] = _number(raw["value"], what=_("指标值"))
            except _Invalid as exc:
                bad("value", exc)
        for f, what in (("weight", _("分值")), ("last_year_actual", _("上年实际值"))):
            try:
                ind[f] = _number(raw[f], what=what)
            except _Invalid as exc:
                bad(f, exc)
        try:
            ind["unit"] = parse_text(raw["unit"] or "", 20)
            ind["data_source"] = parse_text(raw["data_source"] or "", 100)
        except ValueError as exc:
            bad("unit", exc)
        if len(errors) == before:
            indicators.append(ind)
            rows_of.append(r)

    if not errors:
        objs = [SimpleNamespace(**{"weight": None, **i}) for i in indicators]
        field_map = {"qualitative_value": "value", "target_value": "value"}
        for e in indicator_errors(objs, target.fiscal_year.policy):
            if e.indicator_index is None:
                err(None, "", e.message)
            else:
                f = field_map.get(e.field, e.field)
                col = GRID_FIELDS.index(f) + 1 if f in GRID_FIELDS else 1
                err(
                    rows_of[e.indicator_index],
                    f"{get_column_letter(col)}（{GRID_HEADERS[col - 1]}）",
                    e.message,
                )
    if errors:
        raise FormRefused(errors)
    fields.pop("fiscal", None)
    fields.pop("other", None)
    return fields, indicators


def import_form(target: Target, upload, user, *, seen_version=None, request=None) -> Target:
    """Replace `target`'s declared content with the file's. The caller checks that `user` may
    edit the target (targets.api.check_can_edit); FormRefused when anything is wrong."""
    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    fields, indicators = read_form(target, data, getattr(upload, "name", ""))
    with transaction.atomic():
        for key, value in fields.items():
            setattr(target, key, value)
        save_edit(target, seen_version, user, request=request)
        target.indicators.all().delete()
        Indicator.objects.bulk_create(
            [Indicator(target=target, order=n, **item) for n, item in enumerate(indicators)]
        )
        audit.record(
            EventKind.IMPORT,
            user,
            target,
            summary=_("导入绩效目标申报表 %(obj)s（%(n)s 个指标）") % {"obj": target, "n": len(indicators)},
            data={"file": getattr(upload, "name", ""), "indicators": len(indicators)},
            request=request,
        )
    return target
