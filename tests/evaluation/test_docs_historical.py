"""Historical import of past 自评表 workbooks (issue 5 "Historical import for bureaus moving off
Excel"): a folder with a good, a bad and a miscalculated workbook — the report lists the bad one with
its reason, imports the other two (each all-or-nothing), and shows where the published totals and
row scores disagree with the chosen scheme. The command and the upload page both work."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgets.models import Project
from evaluation.models import Evaluation, HistoricalImport, ScoringScheme
from evaluation.selfeval_import import import_historical
from perfapp.models import AuditEvent, EventKind, Job
from tests.evaluation.workbooks import Row, build, miscalculated_form, standard_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def scheme(personas):
    """The standard scheme (财预〔2020〕10号 defaults) and a stricter one that floors partial credit."""
    ScoringScheme.objects.create(region=personas.province, name="向下取整", data={"rounding": "down"})
    return ScoringScheme.objects.create(region=personas.province, name="财预〔2020〕10号", data={})


@pytest.fixture
def folder(tmp_path):
    tmp_path = tmp_path / "workbooks"
    tmp_path.mkdir()
    (tmp_path / "01 教师培训项目.xlsx").write_bytes(build(standard_form()))
    (tmp_path / "02 不存在的单位.xlsx").write_bytes(
        build(standard_form(name="某某项目", unit="不存在的单位"))
    )
    (tmp_path / "03 校舍维修项目.xlsx").write_bytes(build(miscalculated_form(), merged=False))
    (tmp_path / "~$01 教师培训项目.xlsx").write_bytes(b"lock file")
    return tmp_path


def files_by_name(record):
    return {f["file"]: f for f in record.report["files"]}


def test_command_imports_good_and_miscalculated_and_lists_the_bad_one(personas, scheme, folder):
    out = io.StringIO()
    call_command(
        "import_self_evaluations", str(folder), "--year", "2026", "--scheme", "财预〔2020〕10号", stdout=out
    )

    record = HistoricalImport.objects.get()
    assert (record.status, record.files_total, record.files_imported, record.files_failed) == (
        "done",
        3,
        2,
        1,
    )
    assert record.region == personas.province and record.year == 2026 and record.scoring_scheme == scheme
    files = files_by_name(record)
    bad = files["02 不存在的单位.xlsx"]
    assert bad["status"] == "failed"
    assert "实施单位“不存在的单位”不是吉林省的预算单位" in bad["reason"]

    good = files["01 教师培训项目.xlsx"]
    assert good["status"] == "imported" and good["project"] == "教师培训项目"
    assert (good["published_total"], good["computed_total"], good["difference"]) == ("98.00", "98.00", "0.00")
    assert good["computed_grade"] == "优" and good["published_grade"] == "优"
    assert all(r["published"] == r["computed"] for r in good["rows"])

    wrong = files["03 校舍维修项目.xlsx"]
    assert wrong["status"] == "imported"
    assert (wrong["published_total"], wrong["computed_total"], wrong["difference"]) == (
        "99.50",
        "98.00",
        "-1.50",
    )
    road = next(r for r in wrong["rows"] if r["name"] == "修缮道路长度")
    assert (road["points"], road["published"], road["computed"], road["difference"]) == (
        "15.00",
        "15.00",
        "13.50",
        "-1.50",
    )
    assert record.report["files_disagreeing"] == 1

    text = out.getvalue()
    assert "未导入 02 不存在的单位.xlsx" in text and "导入 2 个，未导入 1 个" in text


def test_imported_files_become_accepted_targetless_self_evaluations_with_published_scores(
    personas, scheme, folder
):
    call_command(
        "import_self_evaluations",
        str(folder),
        "--year",
        "2026",
        "--scheme",
        "财预〔2020〕10号",
        stdout=io.StringIO(),
    )

    evaluations = Evaluation.objects.filter(kind=Evaluation.Kind.SELF).order_by("name")
    assert [e.name for e in evaluations] == ["教师培训项目", "校舍维修项目"]
    wrong = evaluations.get(name="校舍维修项目")
    assert wrong.target is None and wrong.status == Evaluation.Status.ACCEPTED
    assert (wrong.unit, wrong.department, wrong.region) == (
        personas.unit_a,
        personas.dept_d,
        personas.province,
    )
    assert (wrong.annual_budget, wrong.spent, wrong.execution_rate) == (
        Decimal("1000000.00"),
        Decimal("950000.00"),
        Decimal("95.00"),
    )
    assert (wrong.execution_score, wrong.total_score, wrong.grade_label) == (
        Decimal("9.50"),
        Decimal("98.00"),
        "优",
    )
    road = wrong.rows.get(name="修缮道路长度")
    assert (road.points, road.score, road.published_score) == (
        Decimal("15.00"),
        Decimal("13.50"),
        Decimal("15.00"),
    )
    assert road.formula and road.rule
    quality = wrong.rows.get(name="教学能力提升")
    assert (quality.comparator, quality.band, quality.score) == ("qualitative", "achieved", Decimal("30.00"))
    # The projects were created in the region's library, under the unit of the form.
    project = Project.objects.get(name="校舍维修项目")
    assert (
        wrong.project == project and project.unit == personas.unit_a and project.region == personas.province
    )
    assert Project.objects.filter(name="某某项目").count() == 0
    # Bad files change nothing: no evaluation or project of the refused file.
    assert not Evaluation.objects.filter(name="某某项目").exists()


def test_report_is_written_as_csv_and_json(personas, scheme, folder):
    call_command(
        "import_self_evaluations",
        str(folder),
        "--year",
        "2026",
        "--scheme",
        "财预〔2020〕10号",
        stdout=io.StringIO(),
    )
    record = HistoricalImport.objects.get()

    document = json.loads(record.report_json.read().decode())
    assert document["files_imported"] == 2 and document["scheme"] == "财预〔2020〕10号"
    lines = list(csv.DictReader(io.StringIO(record.report_csv.open("rb").read().decode("utf-8-sig"))))
    total = next(x for x in lines if x["文件"] == "03 校舍维修项目.xlsx" and x["指标"] == "总分")
    assert (total["原表得分"], total["系统计算得分"], total["差异"], total["系统计算等级"]) == (
        "99.50",
        "98.00",
        "-1.50",
        "优",
    )
    road = next(x for x in lines if x["文件"] == "03 校舍维修项目.xlsx" and x["指标"] == "修缮道路长度")
    assert (road["原表得分"], road["系统计算得分"]) == ("15.00", "13.50")
    bad = next(x for x in lines if x["文件"] == "02 不存在的单位.xlsx")
    assert bad["导入结果"] == "未导入" and "不存在的单位" in bad["原因"]
    assert AuditEvent.objects.filter(kind=EventKind.IMPORT, object_id=str(record.pk)).exists()


def test_the_chosen_scheme_decides_the_computed_scores(personas, scheme, folder):
    call_command(
        "import_self_evaluations", str(folder), "--year", "2026", "--scheme", "向下取整", stdout=io.StringIO()
    )
    good = files_by_name(HistoricalImport.objects.get())["01 教师培训项目.xlsx"]
    # 15 × 180 / 200 = 13.5 → 13 and 10 × 95% = 9.5 → 9 under "down": 97 instead of the published 98.
    assert (good["computed_total"], good["difference"]) == ("97.00", "-1.00")


def test_importing_the_same_folder_again_refuses_each_existing_self_evaluation(personas, scheme, folder):
    args = ("import_self_evaluations", str(folder), "--year", "2026", "--scheme", "财预〔2020〕10号")
    call_command(*args, stdout=io.StringIO())
    call_command(*args, stdout=io.StringIO())
    second = HistoricalImport.objects.order_by("-pk").first()
    assert second.files_imported == 0 and second.files_failed == 3
    assert "已存在" in files_by_name(second)["01 教师培训项目.xlsx"]["reason"]
    assert Evaluation.objects.filter(kind=Evaluation.Kind.SELF).count() == 2
    assert Project.objects.filter(name="教师培训项目").count() == 1


def test_existing_project_of_the_unit_is_used_not_duplicated(personas, scheme, folder):
    from tests.factories import ProjectFactory

    existing = ProjectFactory(unit=personas.unit_a, name="教师培训项目")
    call_command(
        "import_self_evaluations",
        str(folder),
        "--year",
        "2026",
        "--scheme",
        "财预〔2020〕10号",
        stdout=io.StringIO(),
    )
    good = files_by_name(HistoricalImport.objects.get())["01 教师培训项目.xlsx"]
    assert good["project_code"] == existing.code and good["project_created"] is False
    assert Evaluation.objects.get(name="教师培训项目").project == existing


def test_a_department_that_is_not_the_units_refuses_the_file(personas, scheme, tmp_path):
    (tmp_path / "a.xlsx").write_bytes(build(standard_form(department="吉林省卫生健康委员会")))
    record = import_historical(
        [("a.xlsx", (tmp_path / "a.xlsx").read_bytes())], fiscal_year=personas.year, scoring_scheme=scheme
    )
    assert "不属于主管部门“吉林省卫生健康委员会”" in record.report["files"][0]["reason"]


def test_qualitative_row_without_band_or_published_score_refuses_the_file(personas, scheme):
    form = standard_form()
    form.rows[3] = Row(
        "效益指标", "社会效益指标", "教学能力提升", "定性", "明显提升", "", 30, "有所提升", None
    )
    record = import_historical([("q.xlsx", build(form))], fiscal_year=personas.year, scoring_scheme=scheme)
    reason = record.report["files"][0]["reason"]
    assert "无法确定评价档次" in reason and "达成、部分达成、未达成" in reason


def test_qualitative_band_follows_the_published_score_when_the_text_names_none(personas, scheme):
    form = standard_form()
    form.rows[3] = Row("效益指标", "社会效益指标", "教学能力提升", "定性", "明显提升", "", 30, "有所提升", 21)
    record = import_historical([("q.xlsx", build(form))], fiscal_year=personas.year, scoring_scheme=scheme)
    report = record.report["files"][0]
    assert report["status"] == "imported", report["reason"]
    row = Evaluation.objects.get().rows.get(name="教学能力提升")
    # 21 of 30 = 70 % lies in 部分达成 (80–60 %): the band and the share the bureau gave.
    assert (row.band, row.achievement, row.score) == ("partial", Decimal("0.7000"), Decimal("21.00"))


def test_non_xlsx_spreadsheets_are_listed_with_the_reason(personas, scheme, folder):
    (folder / "04 旧格式.xls").write_bytes(b"old")
    (folder / "readme.txt").write_text("说明")
    call_command(
        "import_self_evaluations",
        str(folder),
        "--year",
        "2026",
        "--scheme",
        "财预〔2020〕10号",
        stdout=io.StringIO(),
    )
    files = files_by_name(HistoricalImport.objects.get())
    assert "另存为 .xlsx" in files["04 旧格式.xls"]["reason"]
    assert "readme.txt" not in files


def test_command_refuses_a_year_without_fiscal_year_and_an_unknown_scheme(personas, scheme, folder):
    with pytest.raises(CommandError, match="没有 2019 年度"):
        call_command("import_self_evaluations", str(folder), "--year", "2019", "--scheme", "财预〔2020〕10号")
    with pytest.raises(CommandError, match="没有名为“不存在”的评分规则"):
        call_command("import_self_evaluations", str(folder), "--year", "2026", "--scheme", "不存在")
    with pytest.raises(CommandError, match="行政区划 999999"):
        call_command(
            "import_self_evaluations", str(folder), "--year", "2026", "--scheme", "x", "--region", "999999"
        )


# --- the upload page ------------------------------------------------------------------------------


def zip_of(folder) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return out.getvalue()


def test_finance_admin_uploads_a_zip_and_sees_the_report(
    personas, scheme, folder, login, django_capture_on_commit_callbacks
):
    client = login(personas.finance_admin)
    url = reverse("evaluation:historical_import_list")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("2026自评表.zip", zip_of(folder), content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"fiscal_year": personas.year.pk, "scoring_scheme": scheme.pk, "file": upload}
        )
    record = HistoricalImport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "evaluation:historical_import_detail", args=[record.pk]
    )

    # The job ran (in process in tests) with its progress, and left the report's CSV as its result.
    job = Job.objects.get(pk=record.report["job"])
    assert (job.status, job.progress, job.result["historical_import"]) == ("done", 100, record.pk)
    assert (record.status, record.files_imported, record.files_failed) == ("done", 2, 1)

    html = client.get(response.url).content.decode()
    assert "不存在的单位" in html and "校舍维修项目" in html and "99.50" in html and "98.00" in html
    csv_response = client.get(reverse("evaluation:historical_import_report", args=[record.pk, "csv"]))
    assert csv_response.status_code == 200 and "校舍维修项目" in b"".join(
        csv_response.streaming_content
    ).decode("utf-8-sig")


def test_upload_keeps_the_form_and_says_what_is_wrong(personas, scheme, login):
    client = login(personas.finance_admin)
    upload = SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")
    response = client.post(
        reverse("evaluation:historical_import_list"),
        {"fiscal_year": personas.year.pk, "scoring_scheme": scheme.pk, "file": upload},
    )
    assert response.status_code == 400
    assert "请上传 .zip 压缩包或 .xlsx 文件。" in response.content.decode()
    assert not HistoricalImport.objects.exists()


def test_only_region_roles_see_historical_imports_and_only_finance_admin_starts_one(
    personas, scheme, folder, login
):
    record = import_historical(
        [("a.xlsx", build(standard_form()))], fiscal_year=personas.year, scoring_scheme=scheme
    )
    detail = reverse("evaluation:historical_import_detail", args=[record.pk])
    assert login(personas.auditor).get(detail).status_code == 200
    assert login(personas.auditor).post(reverse("evaluation:historical_import_list"), {}).status_code == 403
    assert login(personas.officer_a).get(detail).status_code == 403
    assert login(personas.other_finance_admin).get(detail).status_code == 404


def test_api_starts_an_import_and_reads_its_report(
    personas, scheme, folder, api, django_capture_on_commit_callbacks
):
    client = api(personas.finance_admin)
    upload = SimpleUploadedFile("2026.zip", zip_of(folder), content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/evaluation/historical-imports/",
            {"fiscal_year": personas.year.pk, "scoring_scheme": scheme.pk, "file": upload},
            format="multipart",
        )
    assert response.status_code == 202, response.content
    data = client.get(f"/api/v1/evaluation/historical-imports/{response.data['id']}/").json()
    assert (data["files_imported"], data["files_failed"], data["status"]) == (2, 1, "done")
    assert (
        api(personas.other_finance_admin)
        .get(f"/api/v1/evaluation/historical-imports/{response.data['id']}/")
        .status_code
        == 404
    )
    assert api(personas.officer_a).get("/api/v1/evaluation/historical-imports/").status_code == 403
    refused = api(personas.auditor).post("/api/v1/evaluation/historical-imports/", {}, format="multipart")
    assert refused.status_code == 403


def test_a_broken_zip_fails_the_import_with_the_reason(
    personas, scheme, login, django_capture_on_commit_callbacks
):
    client = login(personas.finance_admin)
    upload = SimpleUploadedFile("坏.zip", b"not a zip", content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:historical_import_list"),
            {"fiscal_year": personas.year.pk, "scoring_scheme": scheme.pk, "file": upload},
        )
    record = HistoricalImport.objects.get()
    assert record.status == HistoricalImport.Status.FAILED
    html = client.get(response.url).content.decode()
    assert "导入失败" in html and "不是有效的 zip 压缩包" in html


def test_the_page_polls_the_progress_while_the_import_runs(personas, scheme, login):
    from evaluation.views_docs import start_historical_import

    upload = SimpleUploadedFile("a.xlsx", build(standard_form()))
    record = start_historical_import(
        personas.finance_admin, {"fiscal_year": personas.year, "scoring_scheme": scheme, "file": upload}
    )
    # Not committed in this test transaction: the job is still pending.
    html = (
        login(personas.finance_admin)
        .get(reverse("evaluation:historical_import_status", args=[record.pk]))
        .content.decode()
    )
    assert 'hx-trigger="every 1s"' in html and "正在导入" in html
    assert Job.objects.get(pk=record.report["job"]).status == "pending"
