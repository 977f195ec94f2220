"""PDF and Excel helpers: CJK text survives into the PDF, formulas never run from an export."""

import datetime
import hashlib
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from perfapp.documents import Sheet, render_pdf, safe_cell, sha256_of, write_xlsx, xlsx_response

ROWS = [("义务教育薄弱环节改善与能力提升", Decimal("1250.50")), ("基本公共卫生服务", Decimal("88.00"))]


def pdf_text(pdf: bytes) -> str:
    require_pdftotext()
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def require_pdftotext():
    from tests.conftest import require

    require(shutil.which("pdftotext") is not None, "需要 poppler-utils 中的 pdftotext")


def test_a_rendered_pdf_contains_the_chinese_text_so_cjk_fonts_work():
    pdf = render_pdf(
        "perfapp/pdf/demo.html", {"title": "项目支出绩效自评表", "intro": "吉林省财政厅", "rows": ROWS}
    )

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "项目支出绩效自评表" in text
    assert "义务教育薄弱环节改善与能力提升" in text
    assert "吉林省财政厅" in text


def test_every_page_has_the_title_in_its_header_and_page_x_of_y_in_its_footer():
    rows = [(f"项目{i}", i) for i in range(120)]
    pdf = render_pdf("perfapp/pdf/demo.html", {"title": "绩效评价报告", "rows": rows})

    pages = pdf_text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        compact = page.replace(" ", "")
        assert f"第{number}页/共{total}页" in compact
        assert "绩效评价报告" in page
        # The table header repeats on every page.
        assert "项目名称" in page


def test_a_formula_in_an_xlsx_cell_is_neutralised():
    stream = io.BytesIO()
    write_xlsx(stream, [Sheet("导出", ["名称", "备注"], [["=1+1", "+86 431"], ["@SUM(A1)", "-2+3"]])])

    ws = load_workbook(io.BytesIO(stream.getvalue())).active
    assert [c.value for c in ws[2]] == ["'=1+1", "'+86 431"]
    assert [c.value for c in ws[3]] == ["'@SUM(A1)", "'-2+3"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_safe_cell_keeps_numbers_dates_and_plain_text():
    aware = timezone.make_aware(datetime.datetime(2026, 3, 1, 8, 30), datetime.UTC)
    assert safe_cell(-5) == -5
    assert safe_cell(Decimal("-1.50")) == Decimal("-1.50")
    assert safe_cell(None) is None
    assert safe_cell("预算执行率") == "预算执行率"
    assert safe_cell(["本级财政", "专项债券"]) == "本级财政、专项债券"
    # Excel has no time zones: aware datetimes become Asia/Shanghai wall time.
    assert safe_cell(aware) == datetime.datetime(2026, 3, 1, 16, 30)
    assert safe_cell('=HYPERLINK("http://x")').startswith("'=")


def test_write_xlsx_streams_a_generator_into_several_sheets(tmp_path):
    path = tmp_path / "out.xlsx"
    written = write_xlsx(
        path,
        [
            Sheet("预算安排", ["项目", "金额"], ((f"项目{i}", i) for i in range(3000))),
            ("支出", ["凭证号"], [["V1"]]),
        ],
    )
    assert written == 3001
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["预算安排", "支出"]
    rows = list(wb["预算安排"].iter_rows(values_only=True))
    assert rows[0] == ("项目", "金额") and rows[-1] == ("项目2999", 2999) and len(rows) == 3001


def test_xlsx_response_is_an_attachment_with_a_chinese_file_name():
    response = xlsx_response("项目库.xlsx", [Sheet("项目库", ["名称"], [["=cmd"]])])
    body = b"".join(response.streaming_content)
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''%E9%A1%B9" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(body)).active["A2"].value == "'=cmd"


@pytest.mark.parametrize("data", [b"", "预算".encode()])
def test_sha256_of_bytes_and_of_a_file_agree(data):
    assert sha256_of(data) == hashlib.sha256(data).hexdigest() == sha256_of(io.BytesIO(data))
