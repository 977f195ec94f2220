"""Documents: one helper renders a template to PDF, one writes Excel (DESIGN.md §4 Documents).

PDF: WeasyPrint with the Noto CJK fonts; every layout extends `templates/pdf/base.html`, which puts
the document title in the page header and "第 X 页 / 共 Y 页" in the footer.
Excel: openpyxl in write_only mode, so a large export keeps memory flat; every cell goes through
safe_cell() so a value cannot run as a formula when the file is opened (CSV/formula injection).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"

#: A text cell starting with one of these is read by Excel/WPS as a formula [OWASP CSV injection].
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def sha256_of(data: bytes | IO[bytes]) -> str:
    """Hex SHA-256 of bytes or of a binary file (read in chunks from its current position)."""
    digest = hashlib.sha256()
    if isinstance(data, bytes | bytearray | memoryview):
        digest.update(data)
    else:
        for chunk in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# PDF


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_counter_content() -> str:
    """The CSS `content` value of the footer, e.g. "第 " counter(page) " 页 / 共 " counter(pages) " 页".

    Built from one translatable message so the English catalogue can say "Page 1 of 3".
    """
    message = _("第 {page} 页 / 共 {pages} 页")
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", message):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def render_html(template_name: str, context: dict | None = None) -> str:
    context = dict(context or {})
    context.setdefault("page_counter_content", page_counter_content())
    context.setdefault("site_title", settings.SITE_TITLE)
    context.setdefault("generated_at", timezone.localtime())
    return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """Render `template_name` (extending pdf/base.html) to PDF bytes.

    The header shows `context["title"]`; the footer shows the page number and page count.
    Static files (images, stylesheets) are read from the project's static directory.
    """
    from weasyprint import HTML

    html = render_html(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


# ---------------------------------------------------------------------------------------------
# Excel


def safe_cell(value: Any) -> Any:
    """A value ready for an Excel cell: text that would start a formula is prefixed with a quote.

    Numbers, dates and None pass through; lazy translations become text; an aware datetime becomes
    local time without zone (Excel has no time zones); a list becomes "a、b".
    """
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        value = "、".join(str(v) for v in value)
    # Lazy translations (Promise) and other objects become their text.
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


@dataclass
class Sheet:
    """One worksheet: a title, a header row and any iterable of rows (a generator is fine)."""

    title: str
    headers: Sequence[Any] = ()
    rows: Iterable[Sequence[Any]] = ()
    #: Column widths in characters, by position; missing ones keep Excel's default.
    widths: Sequence[float] = field(default_factory=tuple)


def _as_sheet(sheet) -> Sheet:
    if isinstance(sheet, Sheet):
        return sheet
    return Sheet(*sheet)


def write_xlsx(stream_or_path, sheets: Iterable[Sheet | tuple]) -> int:
    """Write `sheets` to a path or binary stream as .xlsx (openpyxl write_only). Returns the rows written.

    Rows are consumed one at a time, so a queryset's .iterator() keeps memory flat however large.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    written = 0
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F4")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for raw in sheets:
        sheet = _as_sheet(raw)
        ws = workbook.create_sheet(title=_sheet_title(sheet.title))
        for index, width in enumerate(sheet.widths, start=1):
            if width:
                ws.column_dimensions[get_column_letter(index)].width = width
        if sheet.headers:
            ws.freeze_panes = "A2"
            header_cells = []
            for header in sheet.headers:
                cell = WriteOnlyCell(ws, value=safe_cell(header))
                cell.font, cell.fill, cell.alignment = bold, fill, center
                header_cells.append(cell)
            ws.append(header_cells)
        for row in sheet.rows:
            ws.append([safe_cell(v) for v in row])
            written += 1
    if not workbook.worksheets:
        workbook.create_sheet(title="Sheet1")
    workbook.save(stream_or_path)
    return written


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in sheet names and more than 31 characters.
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", str(title)).strip("'") or "Sheet1"
    return cleaned[:31]


def xlsx_response(filename: str, sheets: Iterable[Sheet | tuple]) -> FileResponse:
    """Stream a large export: rows go to a temporary file on disk, then the file goes out in chunks.

    Memory stays flat for any number of rows. `filename` may be Chinese (RFC 6266 encoding).
    """
    spool = tempfile.TemporaryFile()
    write_xlsx(spool, sheets)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
