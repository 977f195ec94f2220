"""Import of allocations and expenditures through the upload page [issue #2 Import; DESIGN.md §5]."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from budgets import imports
from budgets.models import Allocation, Expenditure, FundSource, ImportBatch
from budgets.tasks import run_import
from perfapp.models import AuditEvent, EventKind
from tests.budgets.files import (
    ALLOCATION_HEADER,
    EXPENDITURE_HEADER,
    csv_bytes,
    upload,
    xlsx_bytes,
)
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST = reverse("budgets:import_list")


@pytest.fixture(autouse=True)
def frozen_time():
    # Payment dates may not lie in the future: keep "today" after the dates used below.
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def projects(personas):
    p = personas
    return {
        "a": ProjectFactory(code="PA-001", unit=p.unit_a, start_year=2026, end_year=2027),
        "a2": ProjectFactory(code="PA-002", unit=p.unit_a),
        "b": ProjectFactory(code="PB-001", unit=p.unit_b),
        "c": ProjectFactory(code="PC-001", unit=p.unit_c),
    }


def post(client, kind, name, data):
    return client.post(LIST, {"kind": kind, "file": upload(name, data)})


def last_batch() -> ImportBatch:
    return ImportBatch.objects.order_by("-id").first()


def errors_of(batch):
    return [(e["row"], e["column"]) for e in batch.errors]


# --- good files ---------------------------------------------------------------------------------


def test_unit_officer_imports_allocations_from_xlsx_and_totals_are_computed(personas, projects, login):
    data = xlsx_bytes(
        ALLOCATION_HEADER,
        [
            ["PA-001", 2026, "本级财政", 1200000, -50000.5, "是"],
            ["PA-001", 2026, "上级转移支付", "300,000.00", None, "否"],
            ["PA-002", "2026", "专项债券", 800000.25, 0, "是"],
        ],
    )
    response = post(login(personas.officer_a), "allocations", "安排.xlsx", data)

    batch = last_batch()
    assert response.status_code == 302
    assert response.url == reverse("budgets:import_detail", args=[batch.pk])
    assert batch.status == ImportBatch.Status.DONE
    assert batch.row_count == 3 and batch.progress == 100 and batch.errors == []
    local = Allocation.objects.get(project=projects["a"], fund_source=FundSource.LOCAL)
    assert local.initial_amount == Decimal("1200000.00")
    assert local.adjustment == Decimal("-50000.50")
    assert local.total_amount == Decimal("1149999.50")
    assert local.detailed is True and local.batch == batch
    assert local.unit_id == personas.unit_a.pk and local.department_id == personas.dept_d.pk
    transfer = Allocation.objects.get(project=projects["a"], fund_source=FundSource.TRANSFER)
    assert transfer.total_amount == Decimal("300000.00") and transfer.detailed is False
    assert sum(a.total_amount for a in Allocation.objects.all()) == Decimal("2249999.75")
    # Model history is kept for bulk-written allocations too.
    assert local.history.count() == 1


def test_allocation_for_an_existing_project_year_and_source_is_updated(personas, projects, login):
    existing = AllocationFactory(project=projects["a"], year=2026, fund_source="local")
    data = xlsx_bytes(ALLOCATION_HEADER, [["PA-001", 2026, "本级财政", 500000, 20000, "否"]])

    post(login(personas.officer_a), "allocations", "update.xlsx", data)

    existing.refresh_from_db()
    assert Allocation.objects.count() == 1
    assert existing.initial_amount == Decimal("500000.00")
    assert existing.total_amount == Decimal("520000.00")
    assert existing.detailed is False
    event = AuditEvent.objects.filter(kind=EventKind.IMPORT).last()
    assert event.data["created"] == 0 and event.data["updated"] == 1


def test_unit_officer_imports_expenditures_from_xlsx_in_every_date_format(personas, projects, login):
    data = xlsx_bytes(
        EXPENDITURE_HEADER,
        [
            ["PA-001", 2026, datetime.date(2026, 3, 15), 85000, "本级财政", "V-001", "首付款"],
            ["PA-001", 2026, "2026/4/1", "12,000.50", "本级财政", "V-002", ""],
            ["PA-002", 2026, "2026年5月20日", 3000, "其他", 100234, "差旅费"],
            ["PA-002", 2026, "2026-06-30", -500, "其他", "V-003", "退回"],
        ],
    )
    post(login(personas.officer_a), "expenditures", "执行.xlsx", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert batch.row_count == 4
    rows = {e.voucher: e for e in Expenditure.objects.all()}
    assert set(rows) == {"V-001", "V-002", "100234", "V-003"}
    assert rows["V-001"].date == datetime.date(2026, 3, 15)
    assert rows["V-002"].date == datetime.date(2026, 4, 1)
    assert rows["100234"].date == datetime.date(2026, 5, 20)
    assert rows["100234"].summary == "差旅费" and rows["100234"].fund_source == FundSource.OTHER
    assert sum(e.amount for e in rows.values()) == Decimal("99500.50")
    assert all(e.department_id == personas.dept_d.pk and e.batch_id == batch.pk for e in rows.values())


def test_every_import_writes_an_audit_event_with_counts(personas, projects, login):
    data = xlsx_bytes(ALLOCATION_HEADER, [["PA-001", 2026, "本级财政", 1000, 0, "是"]])
    post(login(personas.officer_a), "allocations", "a.xlsx", data)
    post(login(personas.officer_a), "allocations", "bad.xlsx", xlsx_bytes(["名称"], [["x"]]))

    done, failed = AuditEvent.objects.filter(kind=EventKind.IMPORT).order_by("id")
    assert done.actor == personas.officer_a
    assert done.data | {"sha256": ""} == {
        "kind": "allocations",
        "file_name": "a.xlsx",
        "sha256": "",
        "status": "done",
        "rows": 1,
        "created": 1,
        "updated": 0,
        "skipped": 0,
        "errors": 0,
    }
    assert failed.data["status"] == "failed" and failed.data["errors"] == 1


def test_department_officer_and_finance_reviewer_import_for_units_they_manage(personas, projects, login):
    data = xlsx_bytes(
        ALLOCATION_HEADER,
        [["PA-001", 2026, "本级财政", 1000, 0, "是"], ["PB-001", 2026, "本级财政", 2000, 0, "是"]],
    )
    post(login(personas.dept_d_officer), "allocations", "d.xlsx", data)
    assert last_batch().status == ImportBatch.Status.DONE

    data = xlsx_bytes(EXPENDITURE_HEADER, [["PB-001", 2026, "2026-03-01", 10, "本级财政", "R-1", ""]])
    post(login(personas.finance_reviewer), "expenditures", "r.xlsx", data)
    assert last_batch().status == ImportBatch.Status.DONE
    assert Expenditure.objects.get().project == projects["b"]


def test_finance_admin_imports_for_the_whole_region_and_another_provinces_admin_cannot(
    personas, projects, login
):
    data = xlsx_bytes(ALLOCATION_HEADER, [["PC-001", 2026, "本级财政", 1000, 0, "是"]])
    post(login(personas.other_finance_admin), "allocations", "ln.xlsx", data)
    assert errors_of(last_batch()) == [(2, "项目编码")]

    post(login(personas.finance_admin), "allocations", "jl.xlsx", data)
    assert last_batch().status == ImportBatch.Status.DONE
    assert Allocation.objects.get().project == projects["c"]


# --- bad rows: nothing written, every error named -----------------------------------------------


def test_bad_rows_write_nothing_and_each_error_names_row_and_column(personas, projects, login):
    ExpenditureFactory(project=projects["a"], voucher="OLD-1")
    data = xlsx_bytes(
        EXPENDITURE_HEADER,
        [
            ["PA-001", 2026, "2026-03-01", 100, "本级财政", "N-1", "正确的行"],
            ["PA-001", 2026, "2026-02-30", 100, "本级财政", "N-2", ""],
            ["PA-001", 2026, "2026-03-01", "12.345", "本级财政", "N-3", ""],
            ["PA-001", 2026, "2026-03-01", 100, "地方财政", "N-4", ""],
            ["PA-001", 2026, "2026-03-01", 100, "本级财政", "N-1", ""],
            ["PA-001", 2026, "2026-03-01", 100, "本级财政", "OLD-1", ""],
            ["PA-001", 2026, "2025-12-31", 100, "本级财政", "N-5", ""],
            ["PA-001", None, "2026-03-01", "abc", "本级财政", "N-6", ""],
        ],
    )
    response = post(login(personas.officer_a), "expenditures", "bad.xlsx", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.FAILED
    assert Expenditure.objects.count() == 1  # only the one made before
    # In reading order: by row, then by column.
    assert errors_of(batch) == [
        (3, "支付日期"),
        (4, "金额（元）"),
        (5, "资金来源"),
        (6, "凭证号"),
        (7, "凭证号"),
        (8, "支付日期"),
        (9, "年度"),
        (9, "金额（元）"),
    ]
    assert all(e["sheet"] == "数据" for e in batch.errors)
    reasons = {(e["row"], e["column"]): e["reason"] for e in batch.errors}
    assert reasons[(4, "金额（元）")] == "金额最多保留两位小数"
    assert reasons[(6, "凭证号")] == "与第 2 行的凭证号重复"
    assert reasons[(7, "凭证号")] == "该项目已导入过此凭证号"
    assert reasons[(9, "年度")] == "不能为空"
    page = login(personas.officer_a).get(response.url)
    assert "金额最多保留两位小数" in page.content.decode()


def test_bad_allocation_rows_leave_existing_allocations_untouched(personas, projects, login):
    existing = AllocationFactory(project=projects["a"], year=2026, fund_source="local")
    data = xlsx_bytes(
        ALLOCATION_HEADER,
        [
            ["PA-001", 2026, "本级财政", 1, 0, "是"],
            ["PA-001", 2029, "上级转移支付", 1, 0, "是"],
            ["PA-002", 2026, "本级财政", 100, -200, "是"],
            ["PA-002", 2026, "本级财政", 100, 0, "也许"],
            ["PA-002", 2026, "一般债券", "99,999,999,999,999.99", 1, "是"],
        ],
    )
    post(login(personas.officer_a), "allocations", "bad.xlsx", data)

    batch = last_batch()
    existing.refresh_from_db()
    assert existing.initial_amount == Decimal("1000000.00")
    assert Allocation.objects.count() == 1
    assert errors_of(batch) == [(3, "年度"), (4, "调整数（元）"), (5, "是否细化到项目"), (6, "调整数（元）")]


def test_wrong_template_is_one_clear_error(personas, projects, login):
    data = xlsx_bytes(["项目编码", "年度", "金额"], [["PA-001", 2026, 100]])
    post(login(personas.officer_a), "allocations", "wrong.xlsx", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.FAILED
    assert len(batch.errors) == 1
    reason = batch.errors[0]["reason"]
    assert "缺少列：资金来源、年初预算数（元）、调整数（元）、是否细化到项目" in reason
    assert "无法识别的列：金额" in reason
    assert Allocation.objects.count() == 0


def test_expenditure_file_uploaded_as_allocations_says_which_template_it_is(personas, projects, login):
    data = xlsx_bytes(EXPENDITURE_HEADER, [["PA-001", 2026, "2026-03-01", 1, "本级财政", "V", ""]])
    post(login(personas.officer_a), "allocations", "x.xlsx", data)

    [error] = last_batch().errors
    assert "文件是“预算执行”的模板" in error["reason"]
    assert Expenditure.objects.count() == 0


def test_a_formula_cell_refuses_the_file_and_names_the_cell(personas, projects, login):
    data = xlsx_bytes(
        ALLOCATION_HEADER,
        [["PA-001", 2026, "本级财政", 1000, 0, "是"], ["PA-002", 2026, "本级财政", "=D2*2", 0, "是"]],
    )
    post(login(personas.officer_a), "allocations", "formula.xlsx", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.errors == [
        {
            "sheet": "数据",
            "row": 3,
            "column": "年初预算数（元）",
            "reason": "单元格 D3 含公式，请将公式转换为数值后重新导入",
        }
    ]
    assert Allocation.objects.count() == 0


# --- CSV encodings and full-width digits ----------------------------------------------------------


def test_gb18030_csv_with_chinese_text_is_imported(personas, projects, login):
    data = csv_bytes(
        EXPENDITURE_HEADER,
        [["PA-001", "2026", "2026年3月15日", "1,000.00", "上级转移支付", "财-001", "购置实验器材（一期）"]],
        encoding="gb18030",
    )
    post(login(personas.officer_a), "expenditures", "执行.csv", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    spent = Expenditure.objects.get()
    assert spent.summary == "购置实验器材（一期）"
    assert spent.voucher == "财-001" and spent.fund_source == FundSource.TRANSFER
    assert spent.amount == Decimal("1000.00")


def test_utf8_csv_with_bom_is_imported(personas, projects, login):
    data = csv_bytes(ALLOCATION_HEADER, [["PA-001", "2026", "本级财政", "2500", "", "是"]], bom=True)
    post(login(personas.officer_a), "allocations", "安排.csv", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert Allocation.objects.get().total_amount == Decimal("2500.00")


def test_csv_errors_name_the_file_as_sheet_and_the_line_as_row(personas, projects, login):
    data = csv_bytes(ALLOCATION_HEADER, [["PA-001", "2026", "本级财政", "2,50", "", "是"]])
    post(login(personas.officer_a), "allocations", "安排.csv", data)

    assert last_batch().errors == [
        {
            "sheet": "安排.csv",
            "row": 2,
            "column": "年初预算数（元）",
            "reason": "金额格式不正确，应为数字，如 1,234,567.89",
        }
    ]


def test_full_width_digits_are_read_as_numbers_and_dates(personas, projects, login):
    data = xlsx_bytes(
        EXPENDITURE_HEADER,
        [["ＰＡ－００１", "２０２６", "２０２６年３月１５日", "１２，３４５．６７", "本级财政", "Ｖ１", ""]],
    )
    post(login(personas.officer_a), "expenditures", "全角.xlsx", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    spent = Expenditure.objects.get()
    assert spent.amount == Decimal("12345.67")
    assert spent.date == datetime.date(2026, 3, 15)
    assert spent.project == projects["a"] and spent.voucher == "V1"


# --- scope ----------------------------------------------------------------------------------------


def test_another_units_row_refuses_the_whole_file(personas, projects, login):
    data = xlsx_bytes(
        ALLOCATION_HEADER,
        [
            ["PA-001", 2026, "本级财政", 1000, 0, "是"],
            ["PC-001", 2026, "本级财政", 1000, 0, "是"],
            ["NO-SUCH", 2026, "本级财政", 1000, 0, "是"],
        ],
    )
    post(login(personas.officer_a), "allocations", "mixed.xlsx", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.FAILED
    assert Allocation.objects.count() == 0
    # The same words whether the project belongs to someone else or does not exist at all.
    assert [(e["row"], e["column"], e["reason"]) for e in batch.errors] == [
        (3, "项目编码", "项目编码不存在或不在您的管理范围内"),
        (4, "项目编码", "项目编码不存在或不在您的管理范围内"),
    ]


def test_other_department_project_refuses_a_department_officers_file(personas, projects, login):
    data = xlsx_bytes(EXPENDITURE_HEADER, [["PC-001", 2026, "2026-03-01", 1, "本级财政", "X", ""]])
    post(login(personas.dept_d_officer), "expenditures", "x.xlsx", data)

    assert errors_of(last_batch()) == [(2, "项目编码")]
    assert Expenditure.objects.count() == 0


# --- the same file twice, size limit, roles -----------------------------------------------------------


def test_the_same_file_twice_is_refused_naming_the_earlier_batch(personas, projects, login):
    data = xlsx_bytes(EXPENDITURE_HEADER, [["PA-001", 2026, "2026-03-01", 100, "本级财政", "V-1", ""]])
    post(login(personas.officer_a), "expenditures", "first.xlsx", data)
    first = last_batch()
    assert first.status == ImportBatch.Status.DONE

    # Another person of the same department uploads the same content under another name.
    post(login(personas.dept_d_officer), "expenditures", "again.xlsx", data)

    second = last_batch()
    assert second.pk != first.pk and second.status == ImportBatch.Status.FAILED
    [error] = second.errors
    assert "2026-11-02 18:00" in error["reason"]
    assert personas.officer_a.display_name in error["reason"]
    assert f"#{first.pk}" in error["reason"]
    assert Expenditure.objects.count() == 1


def test_oversized_file_is_refused_before_it_is_parsed(personas, projects, login, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1000

    def must_not_parse(*args, **kwargs):
        raise AssertionError("an oversized file was parsed")

    monkeypatch.setattr(imports, "open_sheet", must_not_parse)
    monkeypatch.setattr(imports, "load_workbook", must_not_parse)
    data = csv_bytes(ALLOCATION_HEADER, [["PA-001", "2026", "本级财政", "1", "", "是"]] * 100)
    assert len(data) > 1000

    post(login(personas.officer_a), "allocations", "big.csv", data)

    batch = last_batch()
    assert batch.status == ImportBatch.Status.FAILED
    assert "超过上限" in batch.errors[0]["reason"]
    assert batch.sha256 == "" and not batch.file
    assert Allocation.objects.count() == 0


@pytest.mark.parametrize("persona", ["leader", "auditor", "expert", "system_admin", "audit_admin"])
def test_roles_that_do_not_import_get_403(personas, projects, login, persona):
    client = login(getattr(personas, persona))
    data = xlsx_bytes(ALLOCATION_HEADER, [["PA-001", 2026, "本级财政", 1000, 0, "是"]])

    assert post(client, "allocations", "a.xlsx", data).status_code == 403
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("budgets:import_template", args=["allocations"])).status_code == 403
    assert ImportBatch.objects.count() == 0 and Allocation.objects.count() == 0


def test_upload_without_a_file_keeps_the_chosen_kind(personas, login):
    response = login(personas.officer_a).post(LIST, {"kind": "expenditures"})

    assert response.status_code == 400
    assert response.context["form"]["kind"].value() == "expenditures"
    assert ImportBatch.objects.count() == 0


# --- large files through the Celery task ----------------------------------------------------------


def test_large_file_is_imported_by_the_task_and_ends_done_at_100(
    personas, projects, login, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.IMPORT_ASYNC_ROWS = 3
    seen_progress = []
    set_progress = imports._set_progress

    def spy(batch_id, attempt, percent):
        set_progress(batch_id, attempt, percent)
        seen_progress.append(ImportBatch.objects.get(pk=batch_id).progress)

    monkeypatch.setattr(imports, "_set_progress", spy)
    rows = [["PA-001", 2026, "2026-03-01", 10 * n, "本级财政", f"T-{n}", ""] for n in range(1, 8)]
    data = xlsx_bytes(EXPENDITURE_HEADER, rows)
    client = login(personas.officer_a)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client, "expenditures", "large.xlsx", data)
    batch = last_batch()
    # Handed over: the file is kept on the batch and nothing is written yet.
    assert batch.status == ImportBatch.Status.PENDING and batch.file
    assert Expenditure.objects.count() == 0
    poll = client.get(response.url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in poll.content.decode()

    for callback in callbacks:
        callback()

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.progress == 100
    # The polled progress moved forward while the task worked.
    assert len(seen_progress) >= 3 and seen_progress == sorted(seen_progress)
    assert 0 < seen_progress[0] < seen_progress[-1] < 100
    assert batch.row_count == 7
    assert sum(e.amount for e in Expenditure.objects.all()) == Decimal("280.00")
    poll = client.get(response.url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in poll.content.decode() and "导入成功" in poll.content.decode()
    # A second delivery of the same task does nothing.
    assert run_import.delay(batch.pk).get() == "skipped"
    assert Expenditure.objects.count() == 7


def test_large_file_with_bad_rows_fails_in_the_task_with_the_error_list(
    personas, projects, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ASYNC_ROWS = 1
    rows = [
        ["PA-001", 2026, "2026-03-01", 10, "本级财政", "T-1", ""],
        ["PC-001", 2026, "x", 1, "本级财政", "T", ""],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            login(personas.officer_a), "expenditures", "large.csv", csv_bytes(EXPENDITURE_HEADER, rows)
        )

    batch = last_batch()
    assert batch.status == ImportBatch.Status.FAILED and batch.progress == 100
    assert errors_of(batch) == [(3, "项目编码"), (3, "支付日期")]
    page = login(personas.officer_a).get(response.url)
    assert "项目编码不存在或不在您的管理范围内" in page.content.decode()
    assert Expenditure.objects.count() == 0


# --- who sees a batch; the pages -------------------------------------------------------------------


def test_batch_is_seen_by_its_uploader_and_the_regions_finance_admin_only(personas, projects, login):
    data = xlsx_bytes(ALLOCATION_HEADER, [["PA-001", 2026, "本级财政", 1000, 0, "是"]])
    post(login(personas.officer_a), "allocations", "a.xlsx", data)
    url = reverse("budgets:import_detail", args=[last_batch().pk])

    assert login(personas.officer_a).get(url).status_code == 200
    assert login(personas.finance_admin).get(url).status_code == 200
    for other in ("officer_b", "dept_d_officer", "finance_reviewer", "other_finance_admin", "leader"):
        assert login(getattr(personas, other)).get(url).status_code == 404, other


def test_import_list_shows_own_batches_newest_first_and_admin_may_see_the_region(personas, projects, login):
    for n in range(3):
        post(login(personas.officer_a), "allocations", f"a{n}.xlsx", xlsx_bytes(["x"], [[n]]))
    post(login(personas.officer_b), "allocations", "b.xlsx", xlsx_bytes(["y"], [[1]]))

    page = login(personas.officer_a).get(LIST)
    names = [b.file_name for b in page.context["page_obj"]]
    assert names == ["a2.xlsx", "a1.xlsx", "a0.xlsx"]
    region = login(personas.finance_admin).get(LIST, {"scope": "region"})
    assert len(region.context["page_obj"]) == 4
    assert login(personas.officer_b).get(LIST, {"scope": "region"}).context["page_obj"].paginator.count == 1


def test_list_and_detail_pages_run_a_bounded_number_of_queries(
    personas, projects, login, django_assert_max_num_queries
):
    client = login(personas.officer_a)
    for n in range(25):
        post(client, "allocations", f"a{n}.xlsx", xlsx_bytes(["x"], [[n]]))
    batch = last_batch()
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(LIST, {"page": 2}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("budgets:import_detail", args=[batch.pk])).status_code == 200


# --- templates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "header"), [("allocations", ALLOCATION_HEADER), ("expenditures", EXPENDITURE_HEADER)]
)
def test_template_has_chinese_headers_and_an_example_row(personas, login, kind, header):
    response = login(personas.officer_a).get(reverse("budgets:import_template", args=[kind]))

    assert response.status_code == 200
    assert response["Content-Type"] == imports.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == header
    assert rows[1][0] == imports.EXAMPLE_CODE and all(v is not None for v in rows[1][:6])


def test_unknown_template_kind_is_404(personas, login):
    assert login(personas.officer_a).get("/budgets/imports/template/projects.xlsx").status_code == 404


def test_template_filled_in_imports_and_its_example_row_left_in_is_refused(personas, projects, login):
    client = login(personas.officer_a)
    content = client.get(reverse("budgets:import_template", args=["expenditures"])).content
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    ws.append(["PA-001", 2026, datetime.date(2026, 7, 1), 5000, "本级财政", "TPL-1", "用模板填写"])
    out = io.BytesIO()
    wb.save(out)

    post(client, "expenditures", "filled.xlsx", out.getvalue())
    batch = last_batch()
    assert errors_of(batch) == [(2, "项目编码")]
    assert "示例行" in batch.errors[0]["reason"]

    ws.delete_rows(2)
    out = io.BytesIO()
    wb.save(out)
    post(client, "expenditures", "filled2.xlsx", out.getvalue())
    assert last_batch().status == ImportBatch.Status.DONE
    assert Expenditure.objects.get().summary == "用模板填写"
