"""Reading import files and cells, without the database: amounts, dates, encodings, unsafe files."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from budgets import imports
from budgets.imports import CellInvalid, FileRefused, parse_amount, parse_date, parse_year
from tests.budgets.files import ALLOCATION_HEADER, csv_bytes, xlsx_bytes


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1200000, Decimal("1200000.00")),
        (1234.5, Decimal("1234.50")),
        (0.1, Decimal("0.10")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("  -50,000 ", Decimal("-50000.00")),
        ("１２，３４５．６７", Decimal("12345.67")),
        ("－１００", Decimal("-100.00")),
        (Decimal("3.10"), Decimal("3.10")),
    ],
)
def test_amounts_are_read_as_exact_yuan(cell, expected):
    assert parse_amount(cell) == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("12.345", "金额最多保留两位小数"),
        (1.005, "金额最多保留两位小数"),
        ("1,23,456", "金额格式不正确"),
        ("12万", "金额格式不正确"),
        ("¥100", "金额格式不正确"),
        ("1e5", "金额格式不正确"),
        (True, "金额应为数字"),
        (float("nan"), "金额应为数字"),
        ("100000000000000", "金额超出范围"),
    ],
)
def test_amounts_that_are_not_plain_yuan_are_refused(cell, reason):
    with pytest.raises(CellInvalid, match=reason):
        parse_amount(cell)


@pytest.mark.parametrize(
    "cell",
    [
        datetime.datetime(2026, 3, 15),
        datetime.date(2026, 3, 15),
        "2026-03-15",
        "2026-3-15",
        "2026/3/15",
        "2026/03/15 0:00",
        "2026年3月15日",
        "２０２６年３月１５日",
        "２０２６－０３－１５",
    ],
)
def test_dates_in_every_accepted_form(cell):
    assert parse_date(cell) == datetime.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2026.3.15", "日期格式不正确"),
        (46096, "日期格式不正确"),
        ("2026-02-30", "日期不存在"),
        ("3/15/2026", "日期格式不正确"),
    ],
)
def test_other_dates_are_refused(cell, reason):
    with pytest.raises(CellInvalid, match=reason):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "year"), [(2026, 2026), (2026.0, 2026), ("２０２６", 2026), ("2026年", 2026)]
)
def test_years(cell, year):
    assert parse_year(cell) == year


@pytest.mark.parametrize("cell", ["26", "二〇二六", 1999, "2026.5"])
def test_bad_years_are_refused(cell):
    with pytest.raises(CellInvalid):
        parse_year(cell)


def test_csv_encoding_is_detected():
    text = "项目编码,摘要\r\nP1,购置设备\r\n"
    assert imports.decode_csv(text.encode("utf-8")) == text
    assert imports.decode_csv(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert imports.decode_csv(text.encode("gb18030")) == text
    with pytest.raises(FileRefused, match="UTF-16"):
        imports.decode_csv(text.encode("utf-16"))


def test_a_bom_csv_header_matches_the_template():
    sheet = imports.open_sheet(csv_bytes(ALLOCATION_HEADER, [], bom=True), "a.csv")
    header = next(sheet.rows)
    assert imports.match_header("allocations", header, sheet.name) == {
        "code": 0,
        "year": 1,
        "fund_source": 2,
        "initial_amount": 3,
        "adjustment": 4,
        "detailed": 5,
    }


def test_headers_tolerate_half_width_brackets_spaces_and_another_order():
    row = imports.RawRow(
        1, ["调整数(元)", " 项目 编码", "年度", "资金来源", "年初预算数(元)", "是否细化到项目"], {}
    )
    assert imports.match_header("allocations", row, "s")["code"] == 1


@pytest.mark.parametrize("name", ["a.xls", "a.txt", "a"])
def test_only_xlsx_and_csv_are_accepted(name):
    with pytest.raises(FileRefused, match=r"仅支持 \.xlsx 和 \.csv"):
        imports.open_sheet(b"anything", name)


def test_an_xlsx_that_is_not_a_zip_is_refused():
    with pytest.raises(FileRefused, match="不是有效的 Excel"):
        imports.open_sheet(csv_bytes(ALLOCATION_HEADER, []), "a.xlsx")


def _rewrite_sheet(data: bytes, rewrite) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = rewrite(content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


def test_an_xml_entity_bomb_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    data = _rewrite_sheet(
        xlsx_bytes(ALLOCATION_HEADER, [["P", 2026, "本级财政", 1, 0, "是"]]),
        lambda xml: bomb + xml.replace("<v>1</v>", "<v>&lol2;</v>", 1),
    )
    with pytest.raises(FileRefused, match="不安全的内容"):
        list(imports.open_sheet(data, "bomb.xlsx").rows)


def test_an_xlsx_that_expands_enormously_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    data = _rewrite_sheet(
        xlsx_bytes(ALLOCATION_HEADER, []),
        lambda xml: xml.replace("</worksheet>", "<!--" + " " * 200_000 + "--></worksheet>"),
    )
    assert len(data) < 20_000
    with pytest.raises(FileRefused, match="解压后过大"):
        imports.open_sheet(data, "zip.xlsx")


def test_counting_rows_stops_early():
    data = csv_bytes(ALLOCATION_HEADER, [["P", "2026", "本级财政", "1", "", "是"]] * 50)
    assert imports.count_data_rows(data, "a.csv", stop_after=5) == 5
    assert imports.count_data_rows(data, "a.csv", stop_after=100) == 50
