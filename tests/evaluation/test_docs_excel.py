"""The 项目支出绩效自评表 in Excel, out and in (issue 5): the official layout; a round trip (export,
fill the actuals, import, scores recomputed); the layouts other bureaus publish (merged cells, extra
columns, no 总分 row, "≥266米", full-width digits, 元 headers) import alike; a bad file gets the
per-cell errors and changes nothing; formulas are refused; another unit's upload is a 404."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import Evaluation
from evaluation.selfeval_documents import XLSX_CONTENT_TYPE, form_xlsx, self_evaluation_for
from evaluation.selfeval_import import WorkbookRefused, import_into, read_workbook
from perfapp.models import AuditEvent, EventKind
from tests.evaluation.workbooks import Row, build, fill_and_score, make_self_evaluation, standard_form

pytestmark = pytest.mark.django_db

EXPECTED = {
    # name: (actual_value, actual_text, score)
    "培训人次": (Decimal("500"), "", Decimal("20.00")),
    "培训合格率": (Decimal("96"), "", Decimal("15.00")),
    "修缮道路长度": (Decimal("180"), "", Decimal("13.50")),
    "教学能力提升": (None, "达成", Decimal("30.00")),
    "参训教师满意度": (Decimal("92"), "", Decimal("10.00")),
}


@pytest.fixture
def evaluation(personas):
    return make_self_evaluation(personas)


def state_of(evaluation):
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    rows = [
        (r.name, r.actual_value, r.actual_text, r.deviation_reason, r.band, r.score)
        for r in evaluation.rows.order_by("order", "id")
    ]
    return evaluation.version, evaluation.goal_actual, evaluation.total_score, rows


def assert_standard_import(evaluation):
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    for row in evaluation.rows.all():
        value, text, score = EXPECTED[row.name]
        assert (row.actual_value, row.actual_text, row.score) == (value, text, score), row.name
    assert evaluation.rows.get(name="修缮道路长度").deviation_reason == "雨季延误"
    assert evaluation.rows.get(name="教学能力提升").band == "achieved"
    assert evaluation.goal_actual == "完成培训 500 人次"
    assert (evaluation.total_score, evaluation.grade_label) == (Decimal("98.00"), "优")


def upload(data, name="自评表.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def cell_of(ws, text):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(text)


# --- Excel out ------------------------------------------------------------------------------------


def test_export_is_the_official_form_with_money_in_wan_yuan(personas, evaluation):
    fill_and_score(evaluation)
    ws = load_workbook(io.BytesIO(form_xlsx(self_evaluation_for(personas.officer_a, evaluation.pk)))).active
    assert ws["A1"].value == "项目支出绩效自评表" and ws["A2"].value == "（2026年度）"
    assert (ws["A3"].value, ws["B3"].value) == ("项目名称", "教师培训项目")
    assert (ws["B4"].value, ws["F4"].value) == ("吉林省教育厅", "吉林省实验中学")
    assert ws["A5"].value == "项目资金（万元）"
    assert [ws.cell(row=5, column=c).value for c in range(4, 10)] == [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    # 1,000,000 元 = 100 万元; 950,000 元 spent = 95 万元; 执行率 95 % worth 9.5 of 10.
    assert [ws.cell(row=6, column=c).value for c in range(4, 10)] == [100, 100, 95, 10, 0.95, 9.5]
    assert ws["H6"].number_format == "0.00%"
    assert (ws["B7"].value, ws["F7"].value, ws["F8"].value) == (
        "预期目标",
        "实际完成情况",
        "完成培训 500 人次",
    )
    assert [c.value for c in ws[9]] == [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    assert [c.value for c in ws[12]][1:] == [
        None,
        "时效指标",
        "修缮道路长度",
        "≥200米",
        180,
        15,
        13.5,
        "雨季延误",
    ]
    assert [c.value for c in ws[13]][3:6] == ["教学能力提升", "明显提升", "达成"]
    # Level-1 cells merged over their rows, as on the paper form.
    assert "B10:B12" in {str(r) for r in ws.merged_cells.ranges}
    total = cell_of(ws, "总分")
    assert [ws.cell(row=total.row, column=c).value for c in (7, 8)] == [100, 98]
    grade = cell_of(ws, "评价等级")
    assert ws.cell(row=grade.row, column=7).value == "优"


def test_export_neutralises_text_that_would_run_as_a_formula(personas, evaluation):
    row = evaluation.rows.get(name="培训人次")
    row.deviation_reason = '=HYPERLINK("http://x")'
    row.save()
    ws = load_workbook(io.BytesIO(form_xlsx(self_evaluation_for(personas.officer_a, evaluation.pk)))).active
    assert ws["I10"].value.startswith("'=")


def test_download_is_scoped_and_audited(personas, evaluation, login, api):
    url = reverse("evaluation:self_form_download", args=[evaluation.pk, "xlsx"])
    response = login(personas.officer_a).get(url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, object_id=str(evaluation.pk)).exists()
    for other in (personas.officer_b, personas.officer_c, personas.dept_e_officer):
        assert login(other).get(url).status_code == 404
    assert login(personas.security_admin).get(url).status_code == 403
    api_url = f"/api/v1/evaluation/self-forms/{evaluation.pk}/form.xlsx/"
    assert api(personas.auditor).get(api_url).status_code == 200
    assert api(personas.officer_b).get(api_url).status_code == 404


# --- Excel in -------------------------------------------------------------------------------------


def test_round_trip_export_fill_import_recomputes_the_score(personas, evaluation, login):
    client = login(personas.officer_a)
    exported = client.get(reverse("evaluation:self_form_download", args=[evaluation.pk, "xlsx"])).content
    wb = load_workbook(io.BytesIO(exported))
    ws = wb.active
    actual_col = cell_of(ws, "实际完成值").column
    reason_col = cell_of(ws, "偏差原因分析及改进措施").column
    for name, (value, text, _score) in EXPECTED.items():
        row = cell_of(ws, name).row
        ws.cell(row=row, column=actual_col, value=text or float(value))
    ws.cell(row=cell_of(ws, "修缮道路长度").row, column=reason_col, value="雨季延误")
    goal = cell_of(ws, "实际完成情况")
    ws.cell(row=goal.row + 1, column=goal.column, value="完成培训 500 人次")
    out = io.BytesIO()
    wb.save(out)

    page = reverse("evaluation:self_import", args=[evaluation.pk])
    assert client.get(page).status_code == 200
    response = client.post(page, {"file": upload(out.getvalue()), "version": evaluation.version})
    assert response.status_code == 302
    assert_standard_import(evaluation)
    assert AuditEvent.objects.filter(kind=EventKind.IMPORT, object_id=str(evaluation.pk)).exists()

    # Export again: the file carries what was imported and the computed scores.
    again = load_workbook(
        io.BytesIO(client.get(reverse("evaluation:self_form_download", args=[evaluation.pk, "xlsx"])).content)
    ).active
    road = cell_of(again, "修缮道路长度").row
    assert again.cell(row=road, column=actual_col).value == 180
    assert again.cell(row=road, column=actual_col + 2).value == 13.5
    assert again.cell(row=cell_of(again, "总分").row, column=8).value == 98


VARIANTS = {
    "merged cells": {},
    "no merged cells": {"merged": False},
    "extra columns 指标性质 度量单位 权重": {"extra_columns": True},
    "no 总分 row": {"total_row": False, "grade_row": False},
    "actual with comparator and unit": {"actual_with_unit": True},
    "full-width digits": {"fullwidth": True},
    "money in 元": {"money_in_yuan": True},
    "blank rows above the title": {"leading_blank_rows": 2, "sheet_title": "Sheet1"},
}


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_layout_variants_import(personas, evaluation, variant):
    import_into(evaluation, build(standard_form(), **variant), "自评表.xlsx", personas.officer_a)
    assert_standard_import(evaluation)


def test_reader_finds_blocks_by_their_labels_in_every_variant():
    for variant in VARIANTS.values():
        form = read_workbook(build(standard_form(), **variant), "a.xlsx")
        assert (form.name, form.department, form.unit) == ("教师培训项目", "吉林省教育厅", "吉林省实验中学")
        assert (form.annual_budget, form.spent) == (Decimal("1000000.00"), Decimal("950000.00"))
        road = next(r for r in form.rows if r.name == "修缮道路长度")
        assert (road.comparator, road.target_value, road.unit, road.weight, road.actual.number) == (
            "gte",
            Decimal("200"),
            "米",
            Decimal("15"),
            Decimal("180"),
        )
        assert form.published_total == (Decimal("98") if variant.get("total_row", True) else None)


def test_bad_file_gets_per_cell_errors_and_changes_nothing(personas, evaluation):
    fill_and_score(evaluation)
    before = state_of(evaluation)
    form = standard_form()
    form.rows[0].actual = "很多"
    form.rows[2].actual = "180公里"
    form.rows.append(Row("产出指标", "数量指标", "新增的指标", "≥", 1, "个", 0, 1, 0))
    with pytest.raises(WorkbookRefused) as refused:
        import_into(evaluation, build(form, actual_with_unit=False), "自评表.xlsx", personas.officer_a)
    errors = {(e["sheet"], e["cell"]): e["reason"] for e in refused.value.as_dicts()}
    assert errors[("自评表", "F10")].startswith("实际完成值应为数字")
    assert "单位“公里”与指标的计量单位“米”不一致" in errors[("自评表", "F12")]
    assert "本自评没有名为“新增的指标”的指标" in errors[("自评表", "D15")]
    assert state_of(evaluation) == before


def test_formula_is_refused(personas, evaluation):
    before = state_of(evaluation)
    with pytest.raises(WorkbookRefused) as refused:
        import_into(evaluation, build(standard_form(), formula_cell="F10"), "自评表.xlsx", personas.officer_a)
    assert refused.value.as_dicts() == [
        {"sheet": "自评表", "cell": "F10", "row": 10, "reason": "不能使用公式，请直接填写数值"}
    ]
    assert state_of(evaluation) == before


def test_another_projects_form_is_refused(personas, evaluation):
    with pytest.raises(WorkbookRefused) as refused:
        import_into(evaluation, build(standard_form(name="别的项目")), "自评表.xlsx", personas.officer_a)
    assert "项目名称“别的项目”与本自评“教师培训项目”不一致" in refused.value.errors[0].reason


def test_a_file_that_is_not_a_self_evaluation_form_is_refused(personas, evaluation):
    with pytest.raises(WorkbookRefused, match="未找到自评表"):
        import_into(evaluation, _plain_workbook(), "a.xlsx", personas.officer_a)
    with pytest.raises(WorkbookRefused, match=r"\.xlsx"):
        import_into(evaluation, b"a,b", "a.csv", personas.officer_a)


def _plain_workbook() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "预算安排"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_page_shows_the_errors_and_keeps_the_evaluation(personas, evaluation, login):
    before = state_of(evaluation)
    form = standard_form()
    form.rows[0].actual = "很多"
    response = login(personas.officer_a).post(
        reverse("evaluation:self_import", args=[evaluation.pk]), {"file": upload(build(form))}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "自评表未导入" in html and "F10" in html and "实际完成值应为数字" in html
    assert state_of(evaluation) == before


def test_another_units_upload_is_404_and_others_may_not_import(personas, evaluation, login, api):
    data = build(standard_form())
    page = reverse("evaluation:self_import", args=[evaluation.pk])
    api_url = f"/api/v1/evaluation/self-forms/{evaluation.pk}/form.xlsx/"
    assert login(personas.officer_b).post(page, {"file": upload(data)}).status_code == 404
    assert login(personas.officer_c).get(page).status_code == 404
    assert (
        api(personas.officer_b).post(api_url, {"file": upload(data)}, format="multipart").status_code == 404
    )
    # The department sees it but does not fill it in; the auditor only reads.
    assert login(personas.dept_d_officer).post(page, {"file": upload(data)}).status_code == 403
    assert (
        api(personas.dept_d_officer).post(api_url, {"file": upload(data)}, format="multipart").status_code
        == 403
    )
    assert api(personas.auditor).post(api_url, {"file": upload(data)}, format="multipart").status_code == 403
    assert Evaluation.objects.get(pk=evaluation.pk).version == evaluation.version


def test_a_submitted_self_evaluation_is_not_imported_into(personas, login):
    evaluation = make_self_evaluation(personas, status=Evaluation.Status.SUBMITTED)
    page = reverse("evaluation:self_import", args=[evaluation.pk])
    html = login(personas.officer_a).get(page).content.decode()
    assert "绩效自评处于“待部门初审”状态，不能修改。" in html
    assert login(personas.officer_a).post(page, {"file": upload(build(standard_form()))}).status_code == 403


def test_stale_version_is_refused(personas, evaluation, login):
    Evaluation.objects.filter(pk=evaluation.pk).update(version=evaluation.version + 1)
    response = login(personas.officer_a).post(
        reverse("evaluation:self_import", args=[evaluation.pk]),
        {"file": upload(build(standard_form())), "version": evaluation.version},
    )
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).total_score is None


def test_api_import_returns_the_recomputed_score(personas, evaluation, api):
    response = api(personas.officer_a).post(
        f"/api/v1/evaluation/self-forms/{evaluation.pk}/form.xlsx/",
        {"file": upload(build(standard_form(), extra_columns=True)), "version": evaluation.version},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert (response.data["total_score"], response.data["grade_label"]) == ("98.00", "优")
    bad = standard_form()
    bad.rows[0].actual = "很多"
    response = api(personas.officer_a).post(
        f"/api/v1/evaluation/self-forms/{evaluation.pk}/form.xlsx/",
        {"file": upload(build(bad))},
        format="multipart",
    )
    assert response.status_code == 400 and response.data["code"] == "invalid_file"
    assert response.data["errors"][0]["cell"] == "F10"


def test_department_overall_self_evaluation_prints_its_own_title_and_reads_back(personas, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(is_department_overall=True)
    evaluation = self_evaluation_for(personas.dept_d_officer, evaluation.pk)
    data = form_xlsx(evaluation)
    ws = load_workbook(io.BytesIO(data)).active
    assert (ws["A1"].value, ws["A3"].value) == ("部门整体支出绩效自评表", "部门（单位）名称")
    assert read_workbook(data, "a.xlsx").name == "教师培训项目"


def test_a_partly_filled_form_imports_and_says_why_there_is_no_score_yet(personas, evaluation, api):
    form = standard_form()
    form.rows[3].actual = "有所提升"  # not a band: the unit still has to choose 达成 / 部分达成 / 未达成
    response = api(personas.officer_a).post(
        f"/api/v1/evaluation/self-forms/{evaluation.pk}/form.xlsx/",
        {"file": upload(build(form))},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.data["total_score"] is None
    assert "教学能力提升" in response.data["score_problem"]
    row = Evaluation.objects.get(pk=evaluation.pk).rows.get(name="教学能力提升")
    assert (row.actual_text, row.band) == ("有所提升", "")


@pytest.mark.parametrize(
    ("printed", "comparator", "number", "unit"),
    [
        ("≥266米", "gte", Decimal("266"), "米"),
        ("≥２６６米", "gte", Decimal("266"), "米"),
        ("９５．５％", None, Decimal("95.5"), "%"),
        ("＞＝95%", "gte", Decimal("95"), "%"),
        ("不低于90%", "gte", Decimal("90"), "%"),
        ("95%以上", "gte", Decimal("95"), "%"),
        ("≤3天", "lte", Decimal("3"), "天"),
        ("3天以内", "lte", Decimal("3"), "天"),
        ("=100%", "eq", Decimal("100"), "%"),
        ("1,234.5万人次", None, Decimal("1234.5"), "万人次"),
        ("2026年12月底前", None, None, ""),
        ("明显提升", None, None, ""),
    ],
)
def test_printed_values_read_with_comparator_number_and_unit(printed, comparator, number, unit):
    from evaluation.selfeval_import import parse_measure

    measure = parse_measure(printed)
    assert (measure.comparator, measure.number, measure.unit) == (comparator, number, unit)
    if number is None:
        assert measure.text == printed


def test_a_percent_formatted_number_reads_as_percent_points():
    from evaluation.selfeval_import import parse_measure

    measure = parse_measure(0.955, "0.00%")
    assert (measure.number, measure.unit) == (Decimal("95.5"), "%")
