"""Official forms: Excel out and in (round trip, per-cell errors, formulas refused), the PDF, a
department's workbook; downloads scoped and audited."""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from perfapp.models import AuditEvent, EventKind, Job
from perfapp.workflow import perform
from targets import documents
from targets.imports import FormRefused, import_form, read_form
from targets.models import Comparator, Indicator, Level1, Target
from targets.review import Opinions, review_by_department, review_by_finance
from tests.conftest import require
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db
URL = "/api/v1/targets/"

INDICATOR_FIELDS = (
    "level1",
    "level2",
    "name",
    "comparator",
    "target_value",
    "qualitative_value",
    "unit",
    "weight",
    "last_year_actual",
    "data_source",
)


def content_of(target):
    target = Target.objects.get(pk=target.pk)
    head = (target.name, target.amount, target.overall_goal, target.period_goal)
    rows = [tuple(getattr(i, f) for f in INDICATOR_FIELDS) for i in target.indicators.order_by("order", "id")]
    return head, rows


def upload(data, name="申报表.xlsx"):
    return SimpleUploadedFile(name, data, content_type=documents.XLSX_CONTENT_TYPE)


def approve(personas, target):
    target = perform(target, "submit", personas.officer_a, seen_version=target.version)
    target = review_by_department(target, personas.dept_d_officer, approved=True, opinions=Opinions())
    return review_by_finance(target, personas.finance_reviewer, grade="优", opinions=Opinions())


@pytest.fixture
def target(personas):
    t = make_target(
        personas,
        amount=Decimal("1234567.89"),
        period_goal="三年内完成全省1500人次教师培训。",
    )
    Indicator.objects.create(
        target=t,
        order=9,
        level1=Level1.OUTCOME,
        level2="可持续影响指标",
        name="培训成果持续应用情况",
        comparator=Comparator.QUALITATIVE,
        qualitative_value="较好",
        data_source="跟踪调查",
    )
    return t


def test_project_form_has_the_official_layout(target):
    ws = load_workbook(io.BytesIO(documents.form_xlsx(target))).active
    assert ws["A1"].value == "项目支出绩效目标申报表"
    assert (ws["A3"].value, ws["B3"].value) == ("项目名称", target.name)
    assert ws["A4"].value == "主管部门及代码" and ws["B4"].value == "吉林省教育厅（D）"
    assert (ws["E4"].value, ws["F4"].value) == ("实施单位", "吉林省实验中学")
    assert ws["A6"].value == "项目资金（万元）" and ws["E6"].value == "年度资金总额"
    assert Decimal(str(ws["G6"].value)) == Decimal("123.456789")
    assert (ws["B9"].value, ws["F9"].value) == ("实施期目标", "年度目标")
    assert [c.value for c in ws[11]] == list(documents.GRID_HEADERS)
    assert [ws.cell(row=12, column=c).value for c in range(1, 6)] == [
        "产出指标",
        "数量指标",
        "培训人次",
        "≥",
        500,
    ]
    # Level-1 cells of the same group are merged, as on the paper form; cells have borders.
    assert "A12:A14" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["C12"].border.left.style == "thin"


def test_export_then_import_gives_the_same_target(personas, target):
    before = content_of(target)
    data = documents.form_xlsx(target)
    other = make_target(personas, indicators=[], name="空白", overall_goal="待填")
    import_form(other, upload(data), personas.officer_a, seen_version=other.version)
    after = content_of(other)
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert AuditEvent.objects.filter(kind=EventKind.IMPORT, object_id=str(other.pk)).exists()


def test_department_form_round_trip(personas):
    dept = Target.objects.create(
        kind=Target.Kind.DEPARTMENT,
        fiscal_year=personas.year,
        year=2026,
        name="教育厅部门整体支出绩效目标",
        unit=personas.dept_d,
        overall_goal="保障全省教育事业运转。",
        amount=Decimal("50000000.00"),
    )
    from tests.targets.helpers import clean_indicators

    for n, row in enumerate(clean_indicators()):
        Indicator.objects.create(target=dept, order=n, **row)
    data = documents.form_xlsx(dept)
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "部门整体支出绩效目标申报表"
    assert ws["B3"].value == "吉林省教育厅"
    before = content_of(dept)
    Indicator.objects.filter(target=dept).delete()
    fields, indicators = read_form(dept, data, "a.xlsx")
    assert fields["amount"] == Decimal("50000000.00") and len(indicators) == 5
    import_form(dept, upload(data), personas.dept_d_officer)
    assert content_of(dept) == before


def _edited(target, edit):
    wb = load_workbook(io.BytesIO(documents.form_xlsx(target)))
    edit(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_bad_file_gets_per_cell_errors_and_changes_nothing(personas, target):
    before = content_of(target)

    def spoil(ws):
        ws["G6"] = "很多"
        ws["E12"] = "五百"
        ws["D13"] = "大于"
        ws["F14"] = None

    with pytest.raises(FormRefused) as refused:
        import_form(target, upload(_edited(target, spoil)), personas.officer_a, seen_version=target.version)
    errors = {(e.row, e.column.split("（")[0]): e.reason for e in refused.value.errors}
    assert errors[(6, "G")] == "金额应为数字"
    assert errors[(12, "E")] == "指标值应为数字"
    assert errors[(13, "D")].startswith("指标性质应为")
    assert content_of(target) == before


def test_validation_errors_point_at_the_indicator_row(personas, target):
    def spoil(ws):
        ws["F14"] = None  # 人均培训成本 without a unit

    with pytest.raises(FormRefused) as refused:
        read_form(target, _edited(target, spoil), "a.xlsx")
    assert [(e.row, e.reason) for e in refused.value.errors] == [(14, "定量指标须填写计量单位。")]


def test_formulas_are_refused(personas, target):
    def spoil(ws):
        ws["E12"] = "=100*5"

    with pytest.raises(FormRefused) as refused:
        read_form(target, _edited(target, spoil), "a.xlsx")
    assert any(e.row == 12 and "公式" in e.reason for e in refused.value.errors)


def test_another_form_or_file_type_is_refused(personas, target):
    with pytest.raises(FormRefused) as refused:
        read_form(target, b"not a zip", "a.xlsx")
    assert "不是有效的 Excel" in refused.value.errors[0].reason
    with pytest.raises(FormRefused):
        read_form(target, documents.form_xlsx(target), "a.csv")

    def retitle(ws):
        ws["A1"] = "别的表"

    with pytest.raises(FormRefused) as refused:
        read_form(target, _edited(target, retitle), "a.xlsx")
    assert "项目支出绩效目标申报表" in refused.value.errors[0].reason


def test_oversized_file_is_refused(personas, target, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(FormRefused) as refused:
        read_form(target, documents.form_xlsx(target), "a.xlsx")
    assert "文件超过" in refused.value.errors[0].reason


def test_import_through_the_api(personas, api, target):
    data = _edited(target, lambda ws: ws.__setitem__("F10", "导入的年度目标"))
    client = api(personas.officer_a)
    r = client.post(
        f"{URL}{target.pk}/form.xlsx/", {"file": upload(data), "version": target.version}, format="multipart"
    )
    assert r.status_code == 200, r.content
    assert r.json()["overall_goal"] == "导入的年度目标"
    bad = _edited(target, lambda ws: ws.__setitem__("E12", "=1+1"))
    r = client.post(f"{URL}{target.pk}/form.xlsx/", {"file": upload(bad)}, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 12
    # Others may not import into the unit's target.
    r = api(personas.dept_d_officer).post(
        f"{URL}{target.pk}/form.xlsx/", {"file": upload(data)}, format="multipart"
    )
    assert r.status_code == 403


def test_import_into_an_approved_target_is_refused(personas, api, target):
    target = approve(personas, target)
    data = documents.form_xlsx(target)
    r = api(personas.officer_a).post(
        f"{URL}{target.pk}/form.xlsx/", {"file": upload(data)}, format="multipart"
    )
    assert r.status_code == 400


def test_downloads_are_scoped_and_audited(personas, api, login, target):
    r = api(personas.finance_reviewer).get(f"{URL}{target.pk}/form.xlsx/")
    assert r.status_code == 200 and r["Content-Type"] == documents.XLSX_CONTENT_TYPE
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, object_id=str(target.pk)).count() == 1
    assert api(personas.officer_c).get(f"{URL}{target.pk}/form.xlsx/").status_code == 404
    assert api(personas.system_admin).get(f"{URL}{target.pk}/form.xlsx/").status_code == 403
    page = login(personas.officer_a).get(f"/targets/documents/{target.pk}/form.xlsx")
    assert page.status_code == 200
    assert login(personas.officer_b).get(f"/targets/documents/{target.pk}/form.xlsx").status_code == 404


def _pdf_text(pdf: bytes) -> str:
    require(shutil.which("pdftotext") is not None, "需要 poppler-utils (pdftotext)")
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_pdf_shows_the_unit_year_form_and_page_numbers(personas, api, target):
    target = approve(personas, target)
    r = api(personas.officer_a).get(f"{URL}{target.pk}/form.pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = _pdf_text(r.content)
    assert "吉林省实验中学 · 2026年度 · 项目支出绩效目标申报表" in text
    assert "吉林省实验中学 · 2026年度" in text.splitlines()[0]
    compact = "".join(text.split())
    for words in (
        "项目名称",
        "吉林省教育厅（D）",
        "123.456789",
        "培训人次",
        "人均培训成本",
        "第1页/共1页",
        "较好",
    ):
        assert words in compact


def test_department_workbook_has_one_sheet_per_approved_target(personas, api):
    approved = [approve(personas, make_target(personas, name=f"目标{n}")) for n in range(2)]
    make_target(personas, name="草稿")
    r = api(personas.dept_d_officer).get(
        f"{URL}department-workbook/", {"department": personas.dept_d.pk, "year": 2026}
    )
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert sorted(wb.sheetnames) == sorted(t.name for t in approved)
    assert (
        api(personas.dept_e_officer)
        .get(f"{URL}department-workbook/", {"department": personas.dept_d.pk, "year": 2026})
        .status_code
        == 404
    )


def test_large_department_workbook_is_a_job(personas, api, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(documents, "DEPARTMENT_SYNC_LIMIT", 1)
    for n in range(2):
        approve(personas, make_target(personas, name=f"目标{n}"))
    with django_capture_on_commit_callbacks(execute=True):
        r = api(personas.finance_reviewer).get(
            f"{URL}department-workbook/", {"department": personas.dept_d.pk, "year": 2026}
        )
    assert r.status_code == 202
    job = Job.objects.get(pk=r.json()["job"])
    assert job.status == Job.Status.DONE
    wb = load_workbook(job.result_file.open("rb"))
    assert len(wb.sheetnames) == 2
