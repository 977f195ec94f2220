"""Import files for the import tests, generated in code (no committed binaries)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

ALLOCATION_HEADER = ["项目编码", "年度", "资金来源", "年初预算数（元）", "调整数（元）", "是否细化到项目"]
EXPENDITURE_HEADER = ["项目编码", "年度", "支付日期", "金额（元）", "资金来源", "凭证号", "摘要"]


def xlsx_bytes(header, rows, title="数据") -> bytes:
    """An .xlsx with `header` in row 1 and `rows` below; a string starting with "=" is a formula."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(header, rows, encoding="utf-8", bom=False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
